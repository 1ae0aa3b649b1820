import { ImportKind } from '@xiaoyuan/schema';
import { code, phone, positiveDecimal, text } from './field-rules';
import { flagRows, type ImportKindDefinition, STAGING_TABLE as S } from './import-kind';

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
    await flagRows(
      em,
      report,
      `select line, courtyard_code as value from ${S} where courtyard_code is not null and courtyard_id is null`,
      'courtyard_code',
      'NOT_FOUND',
      'NOT_FOUND',
    );
    await flagRows(
      em,
      report,
      `select line, code as value, first_line from (
         select line, code, min(line) over w as first_line, row_number() over (w order by line) as n
         from ${S} where courtyard_code is not null and code is not null
         window w as (partition by courtyard_code, code)) x
       where n > 1`,
      'code',
      'DUPLICATE',
      'DUPLICATE_IN_FILE',
      (row) => ({ value: String(row.value), firstRow: Number(row.first_line) }),
    );
    await flagRows(
      em,
      report,
      `select s.line, s.code as value from ${S} s join households h on h.courtyard_id = s.courtyard_id and h.code = s.code`,
      'code',
      'DUPLICATE',
      'ALREADY_EXISTS',
    );
  },

  async store(em, tenantId) {
    const rows = await em.execute<{ n: string }[]>(
      `with stored as (
         insert into households (tenant_id, courtyard_id, code, area_sqm, contact_name_enc, contact_phone_enc)
         select ?, courtyard_id, code, area_sqm, contact_name_enc, contact_phone_enc from ${S} order by line
         returning 1)
       select count(*) as n from stored`,
      [tenantId],
    );
    return Number(rows[0].n);
  },
};
