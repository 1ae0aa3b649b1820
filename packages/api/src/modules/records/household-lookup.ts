import type { EntityManager } from '@mikro-orm/postgresql';
import { textArray } from '@xiaoyuan/schema';
import { UserErrorCode, type UserErrors } from '../../engine/errors';
import type { Field } from './courtyard-access';

const MAX_CODE_LENGTH = 32;

/**
 * Resolves household codes of one courtyard in one query: code → household id, for the codes
 * that exist.
 */
export async function householdIdsByCode(
  em: EntityManager,
  courtyardId: string,
  codes: readonly string[],
): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await em.execute<{ id: string; code: string }[]>(
    `select id, code from households where courtyard_id = ?::uuid and code = any(?::text[])`,
    [courtyardId, textArray([...new Set(codes)])],
  );
  return new Map(rows.map((row) => [row.code, row.id]));
}

/**
 * The household codes of a record's lines (attendance, survey responses), resolved in one query;
 * each line is then checked in the caller's loop (`check`), so that every bad line is reported in
 * line order, not only the first.
 */
export class HouseholdCodes {
  private readonly seen = new Set<string>();

  private constructor(
    /** each line's code, trimmed */
    readonly codes: string[],
    private readonly known: Map<string, string>,
  ) {}

  static async load(em: EntityManager, courtyardId: string, codes: readonly string[]): Promise<HouseholdCodes> {
    const trimmed = codes.map((code) => code.trim());
    const wellFormed = trimmed.filter((code) => code.length >= 1 && code.length <= MAX_CODE_LENGTH);
    return new HouseholdCodes(trimmed, await householdIdsByCode(em, courtyardId, wellFormed));
  }

  /** The ids of the households found. */
  householdIds(): string[] {
    return [...this.known.values()];
  }

  /**
   * Checks line `index`: a code of 1–32 characters (INVALID), named once in the record
   * (DUPLICATE), of a household of the courtyard (UNKNOWN_HOUSEHOLD). The household's id, or null
   * after an error.
   */
  check(errors: UserErrors, index: number, field: Field): string | null {
    const code = this.codes[index];
    const repeated = this.seen.has(code);
    this.seen.add(code);
    if (code.length < 1 || code.length > MAX_CODE_LENGTH)
      errors.add(UserErrorCode.INVALID, field, 'INVALID_HOUSEHOLD_CODE');
    else if (repeated) errors.add(UserErrorCode.DUPLICATE, field, 'DUPLICATE_CODE_IN_INPUT', code);
    else if (!this.known.has(code)) errors.add(UserErrorCode.UNKNOWN_HOUSEHOLD, field, 'UNKNOWN_HOUSEHOLD', code);
    else return this.known.get(code)!;
    return null;
  }
}
