import { ImportKind } from '@xiaoyuan/schema';
import { code, phone, positiveDecimal, text } from './field-rules';
import { type ImportKindDefinition, STAGING_TABLE as S } from './import-kind';
import { flagDuplicatesInFile, flagStoredCodes, flagUnknownCodes, storeRows } from './staging-queries';

/**
 * Households: `courtyard_code`, `code` (unique within the courtyard), optional `area_sqm`,
 * `contact_name`, `contact_phone`. Contacts are encrypted while the rows are staged, so the
 * plain personal data never reaches the database, not even its temp table.
 */
export const householdsImport: ImportKindDefinition = {
  kind: ImportKind.HOUSEHOLDS,
  staged: [
    { name: 'courtyard_code', type: 'text' },
    { name: 'code', type: 'text' },
    { name: 'area_sqm', type: 'numeric' },
    { name: 'contact_name_enc', type: 'text' },
    { name: 'contact_phone_enc', type: 'text' },
  ],
  resolved: [{ name: 'courtyard_id', type: 'uuid' }],

  stage(field, flag, { cipher }) {
    const contactName = text(field('contact_name'), 'contact_name', flag, { max: 50 });
    const contactPhone = phone(field('contact_phone'), 'contact_phone', flag);
    return [
      code(field('courtyard_code'), 'courtyard_code', flag),
      text(field('code'), 'code', flag, { required: true, max: 32 }),
      positiveDecimal(field('area_sqm'), 'area_sqm', flag, { decimals: 2, below: 1e8 }),
      cipher.encrypt(contactName),
      cipher.encrypt(contactPhone),
    ];
  },

  async validate(em, report) {
    await em.execute(`update ${S} s set courtyard_id = c.id from courtyards c where c.code = s.courtyard_code`);
    await flagUnknownCodes(em, report, 'courtyard');
    await flagDuplicatesInFile(em, report, 'code', ['courtyard_code', 'code']);
    await flagStoredCodes(em, report, 'households h on h.courtyard_id = s.courtyard_id and h.code = s.code');
  },

  store(em, tenantId) {
    return storeRows(
      em,
      `insert into households (tenant_id, courtyard_id, code, area_sqm, contact_name_enc, contact_phone_enc)
       select ?, courtyard_id, code, area_sqm, contact_name_enc, contact_phone_enc from ${S} order by line`,
      [tenantId],
    );
  },
};
