import type { EntityManager } from '@mikro-orm/postgresql';
import { type ImportFormat, type ImportKind, type PersonalDataCipher, csvField } from '@xiaoyuan/schema';

/** A district's hierarchy for imports: `streets` streets, each with communities and courtyards. */
export async function seedHierarchy(
  em: EntityManager,
  tenantId: string,
  shape: { streets: number; communitiesPerStreet: number; courtyardsPerCommunity: number },
): Promise<{ courtyardCodes: string[] }> {
  await em.execute(
    `insert into streets (tenant_id, code, name) select ?, 'JD' || lpad(s::text, 2, '0'), '第' || s || '街道' from generate_series(1, ?) s`,
    [tenantId, shape.streets],
  );
  await em.execute(
    `insert into communities (tenant_id, street_id, code, name)
     select ?, st.id, 'SQ' || substr(st.code, 3) || lpad(c::text, 2, '0'), st.name || c || '社区'
     from streets st cross join generate_series(1, ?) c`,
    [tenantId, shape.communitiesPerStreet],
  );
  const rows = await em.execute<{ code: string }[]>(
    `insert into courtyards (tenant_id, street_id, community_id, code, name, type, household_count)
     select ?, co.street_id, co.id, 'XY' || lpad((row_number() over (order by co.code, y))::text, 4, '0'), co.name || y || '号院', 'OLD_COMPOUND', 100
     from communities co cross join generate_series(1, ?) y
     returning code`,
    [tenantId, shape.courtyardsPerCommunity],
  );
  return { courtyardCodes: rows.map((row) => row.code).sort() };
}

/** Inserts an uploaded file the way the API does (encrypted); returns the import id. */
export async function insertImport(
  em: EntityManager,
  tenantId: string,
  file: { kind: ImportKind; format: ImportFormat; filename: string; content: Buffer },
  cipher: PersonalDataCipher,
): Promise<string> {
  const [row] = await em.execute<{ id: string }[]>(
    `insert into imports (tenant_id, kind, format, filename, content) values (?, ?, ?, ?, ?) returning id`,
    [tenantId, file.kind, file.format, file.filename, cipher.encryptFile(file.content)],
  );
  return row.id;
}

/** A CSV file (UTF-8 with BOM, CRLF) from rows of fields. */
export function csv(rows: readonly (readonly (string | number | null)[])[]): Buffer {
  return Buffer.from(
    '\uFEFF' +
      rows.map((row) => row.map((value) => csvField(value === null ? '' : String(value))).join(',')).join('\r\n') +
      '\r\n',
    'utf8',
  );
}

/**
 * `count` household rows spread over the courtyards: code `<building>-<room>` unique per
 * courtyard, an area, and a contact on every other row.
 */
export function householdRows(count: number, courtyardCodes: readonly string[]): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [];
  for (let i = 0; i < count; i++) {
    const courtyard = courtyardCodes[i % courtyardCodes.length];
    const n = Math.floor(i / courtyardCodes.length);
    const code = `${1 + Math.floor(n / 60)}-${100 * (1 + Math.floor((n % 60) / 4)) + 1 + (n % 4)}`;
    const area = (45 + ((i * 7) % 9500) / 100).toFixed(2);
    const contact =
      i % 2 === 0 ? ['王' + '一二三四五六七八九十'[i % 10], `139${String(10_000_000 + i).slice(-8)}`] : [null, null];
    rows.push([courtyard, code, area, ...contact]);
  }
  return rows;
}
