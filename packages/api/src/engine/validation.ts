import {
  CODE_PATTERN,
  EMAIL_MAX_LENGTH,
  EMAIL_PATTERN,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
} from '@xiaoyuan/domain';
import { parsePeriod, type DistrictClock, type Period } from '@xiaoyuan/schema';
import { badUserInput, UserErrorCode, type UserErrors } from './errors';
import { passwordProblem } from './password';

// Input checks shared by modules, run before anything is written: the database's own checks are
// the last line, not the way to report a bad value.

export function checkName(errors: UserErrors, field: (string | number)[], value: string): string {
  const name = value.trim();
  if (name.length < 1 || name.length > NAME_MAX_LENGTH) errors.add(UserErrorCode.INVALID, field, 'INVALID_NAME');
  return name;
}

export function checkCode(errors: UserErrors, field: (string | number)[], value: string): string {
  const code = value.trim();
  if (!CODE_PATTERN.test(code)) errors.add(UserErrorCode.INVALID, field, 'INVALID_CODE');
  return code;
}

export function checkEmail(errors: UserErrors, field: (string | number)[], value: string): string {
  const email = value.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(email) || email.length > EMAIL_MAX_LENGTH)
    errors.add(UserErrorCode.INVALID, field, 'INVALID_EMAIL');
  return email;
}

/** The password policy (`passwordProblem`): an INVALID userError naming the rule broken. */
export function checkPassword(
  errors: UserErrors,
  field: (string | number)[],
  value: string,
  email: string | null,
): string {
  const problem = passwordProblem(value, email);
  if (problem === 'PASSWORD_TOO_SHORT') errors.add(UserErrorCode.INVALID, field, problem, PASSWORD_MIN_LENGTH);
  else if (problem === 'PASSWORD_TOO_LONG') errors.add(UserErrorCode.INVALID, field, problem, PASSWORD_MAX_LENGTH);
  else if (problem) errors.add(UserErrorCode.INVALID, field, problem);
  return value;
}

export function checkOptionalText(
  errors: UserErrors,
  field: (string | number)[],
  value: string | null | undefined,
  maxLength: number,
): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (text.length > maxLength) errors.add(UserErrorCode.INVALID, field, 'TEXT_TOO_LONG', maxLength);
  return text || null;
}

export function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.length > 0;
  } catch {
    return false;
  }
}

/** `%`, `_` and `\` match themselves in an ILIKE pattern. */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Adds an INVALID "in the future" error when a local date lies after today in the district. */
export function checkNotFuture(
  errors: UserErrors,
  field: (string | number)[],
  date: string,
  clock: DistrictClock,
): void {
  const today = clock.today();
  if (date > today) errors.add(UserErrorCode.INVALID, field, 'FUTURE_DATE', today);
}

/** A period argument (the scalar checked its form; this checks its year). */
export function periodArgument(text: string): Period {
  const period = parsePeriod(text);
  if (!period) throw badUserInput(`"${text}" is not a reporting period`);
  return period;
}
