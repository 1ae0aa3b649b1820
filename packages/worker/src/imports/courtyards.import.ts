import { COURTYARD_TYPE_VALUES, ImportKind } from '@xiaoyuan/schema';
import { INT4_MAX, choice, code, integer, text } from './field-rules';
import { flagRows, type ImportKindDefinition, STAGING_TABLE as S } from './import-kind';
import { flagDuplicatesInFile, flagStoredCodes, flagUnknownCodes, storeRows } from './staging-queries';

/**
 * Courtyards: `street_code`, `community_code` (a community of that street), `code` (unique in the
 * district), `name`, `type` (the enum or its Chinese label), `household_count`, optional `address`.
 */
export const courtyardsImport: ImportKindDefinition = {
  kind: ImportKind.COURTYARDS,
  staged: [
    { name: 'street_code', type: 'text' },
    { name: 'community_code', type: 'text' },
    { name: 'code', type: 'text' },
    { name: 'name', type: 'text' },
    { name: 'type', type: 'text' },
    { name: 'household_count', type: 'integer' },
    { name: 'address', type: 'text' },
  ],
  resolved: [
    { name: 'street_id', type: 'uuid' },
    { name: 'community_id', type: 'uuid' },
    { name: 'community_street_id', type: 'uuid' },
  ],

  stage(field, flag) {
    return [
      code(field('street_code'), 'street_code', flag),
      code(field('community_code'), 'community_code', flag),
      code(field('code'), 'code', flag),
      text(field('name'), 'name', flag, { required: true, max: 100 }),
      choice(field('type'), 'type', flag, COURTYARD_TYPE_VALUES),
      integer(field('household_count'), 'household_count', flag, { required: true, min: 0, max: INT4_MAX }),
      text(field('address'), 'address', flag, { max: 200 }),
    ];
  },

  async validate(em, report) {
    await em.execute(`update ${S} s set street_id = x.id from streets x where x.code = s.street_code`);
    await em.execute(
      `update ${S} s set community_id = x.id, community_street_id = x.street_id from communities x where x.code = s.community_code`,
    );
    await flagUnknownCodes(em, report, 'street');
    await flagUnknownCodes(em, report, 'community');
    await flagRows(
      em,
      report,
      `select line, community_code as value, street_code from ${S} where street_id is not null and community_street_id <> street_id`,
      'community_code',
      'INVALID',
      'COMMUNITY_NOT_IN_STREET',
      (row) => ({ value: String(row.value), street: String(row.street_code) }),
    );
    await flagDuplicatesInFile(em, report, 'code', ['code']);
    await flagStoredCodes(em, report, 'courtyards c on c.code = s.code');
  },

  store(em, tenantId) {
    return storeRows(
      em,
      `insert into courtyards (tenant_id, street_id, community_id, code, name, type, address, household_count)
       select ?, street_id, community_id, code, name, type, address, household_count from ${S} order by line`,
      [tenantId],
    );
  },
};
