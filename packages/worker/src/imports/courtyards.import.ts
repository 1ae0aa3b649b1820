import { COURTYARD_TYPE_VALUES, ImportKind } from '@xiaoyuan/schema';
import { choice, code, integer, text } from './field-rules';
import { flagRows, type ImportKindDefinition, STAGING_TABLE as S } from './import-kind';

const INT4_MAX = 2_147_483_647;

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
    await flagRows(
      em,
      report,
      `select line, street_code as value from ${S} where street_code is not null and street_id is null`,
      'street_code',
      'NOT_FOUND',
      'NOT_FOUND',
    );
    await flagRows(
      em,
      report,
      `select line, community_code as value from ${S} where community_code is not null and community_id is null`,
      'community_code',
      'NOT_FOUND',
      'NOT_FOUND',
    );
    await flagRows(
      em,
      report,
      `select line, community_code as value, street_code from ${S} where street_id is not null and community_street_id <> street_id`,
      'community_code',
      'INVALID',
      'COMMUNITY_NOT_IN_STREET',
      (row) => ({ value: String(row.value), street: String(row.street_code) }),
    );
    await flagRows(
      em,
      report,
      `select line, code as value, first_line from (
         select line, code, min(line) over w as first_line, row_number() over (w order by line) as n
         from ${S} where code is not null window w as (partition by code)) x
       where n > 1`,
      'code',
      'DUPLICATE',
      'DUPLICATE_IN_FILE',
      (row) => ({ value: String(row.value), firstRow: Number(row.first_line) }),
    );
    await flagRows(
      em,
      report,
      `select s.line, s.code as value from ${S} s join courtyards c on c.code = s.code`,
      'code',
      'DUPLICATE',
      'ALREADY_EXISTS',
    );
  },

  async store(em, tenantId) {
    const rows = await em.execute<{ n: string }[]>(
      `with stored as (
         insert into courtyards (tenant_id, street_id, community_id, code, name, type, address, household_count)
         select ?, street_id, community_id, code, name, type, address, household_count from ${S} order by line
         returning 1)
       select count(*) as n from stored`,
      [tenantId],
    );
    return Number(rows[0].n);
  },
};
