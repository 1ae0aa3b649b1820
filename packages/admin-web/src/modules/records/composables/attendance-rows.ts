import { CODE_PATTERN } from '@xiaoyuan/domain';
import type { AttendanceInput } from '@/graphql/generated/graphql';

/** One attendance row of the activity form: a household by code, how many came, how many young. */
export interface AttendanceRow {
  key: number;
  householdCode: string;
  participants: number | null;
  youthParticipants: number | null;
}

export type AttendanceProblem =
  'required' | 'codePattern' | 'duplicate' | 'participants' | 'youthParticipants' | 'youthAboveParticipants';

/** `attendance.<index>.<field>` → the problem, for `el-form-item` errors on the row. */
export type AttendanceRowErrors = Record<string, AttendanceProblem>;

/**
 * Checks the rows before they are sent: every code given and well-formed, no household twice,
 * participants a whole number ≥ 1 (default 1), youth a whole number from 0 to participants.
 * Rows left completely empty are ignored (see `toAttendanceInput`).
 */
export function validateAttendanceRows(rows: readonly AttendanceRow[]): AttendanceRowErrors {
  const errors: AttendanceRowErrors = {};
  const firstIndexOfCode = new Map<string, number>();
  rows.forEach((row, index) => {
    if (isEmptyRow(row)) return;
    const prefix = `attendance.${index}`;
    const code = row.householdCode.trim();
    if (code === '') errors[`${prefix}.householdCode`] = 'required';
    else if (!CODE_PATTERN.test(code)) errors[`${prefix}.householdCode`] = 'codePattern';
    else if (firstIndexOfCode.has(code)) errors[`${prefix}.householdCode`] = 'duplicate';
    else firstIndexOfCode.set(code, index);

    const participants = row.participants ?? 1;
    if (!Number.isInteger(participants) || participants < 1) errors[`${prefix}.participants`] = 'participants';
    const youth = row.youthParticipants ?? 0;
    if (!Number.isInteger(youth) || youth < 0) errors[`${prefix}.youthParticipants`] = 'youthParticipants';
    else if (Number.isInteger(participants) && participants >= 1 && youth > participants) {
      errors[`${prefix}.youthParticipants`] = 'youthAboveParticipants';
    }
  });
  return errors;
}

export function isEmptyRow(row: AttendanceRow): boolean {
  return row.householdCode.trim() === '' && row.participants === null && row.youthParticipants === null;
}

/**
 * The API's attendance from the rows, keeping each row's position so that a server error on
 * `attendance.<n>` still points at the row the user sees: empty rows must be removed first
 * (`compactAttendanceRows`).
 */
export function toAttendanceInput(rows: readonly AttendanceRow[]): AttendanceInput[] {
  return rows.map((row) => ({
    householdCode: row.householdCode.trim(),
    participants: row.participants ?? 1,
    youthParticipants: row.youthParticipants ?? 0,
  }));
}

/** The rows without the completely empty ones (so that indices sent match indices shown). */
export function compactAttendanceRows<Row extends AttendanceRow>(rows: readonly Row[]): Row[] {
  return rows.filter((row) => !isEmptyRow(row));
}

/** Several codes pasted at once ("3-201, 3-202\n3-203") as rows. */
export function splitHouseholdCodes(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,，;；、]+/)
        .map((code) => code.trim())
        .filter(Boolean),
    ),
  ];
}
