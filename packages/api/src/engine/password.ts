import { randomInt } from 'node:crypto';
import { Algorithm, hash, verify } from '@node-rs/argon2';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '@xiaoyuan/domain';
import { dictionary } from '@zxcvbn-ts/language-common';

// argon2id with the library's defaults (19 MiB, 2 passes), as OWASP recommends.
export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: Algorithm.Argon2id });
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verifying against this hash when the email is unknown keeps the answer time the same.
let dummyHash: Promise<string> | null = null;
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('not-a-real-password-xiaoyuan');
  await verifyPassword(await dummyHash, password);
}

/** Why a password may not be set; the keys are messages of `i18n.ts`. */
export type PasswordProblem =
  'PASSWORD_TOO_SHORT' | 'PASSWORD_TOO_LONG' | 'PASSWORD_BLANK' | 'PASSWORD_COMMON' | 'PASSWORD_IS_EMAIL';

// The ~49,000 most common passwords of leaked lists, as zxcvbn-ts ships them (lower-case).
let commonPasswords: Set<string> | null = null;
function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary['passwords-common'] as string[]);
  return commonPasswords.has(password.trim().toLowerCase());
}

/**
 * The password policy, wherever a password is set (a new user, a changed password, a new
 * district's admin): at least PASSWORD_MIN_LENGTH characters, not only whitespace, not a common
 * password, not the email or its local part. Null when the password may be used.
 */
export function passwordProblem(password: string, email: string | null): PasswordProblem | null {
  if (password.trim() === '') return 'PASSWORD_BLANK';
  if (password.length < PASSWORD_MIN_LENGTH) return 'PASSWORD_TOO_SHORT';
  if (password.length > PASSWORD_MAX_LENGTH) return 'PASSWORD_TOO_LONG';
  if (isCommonPassword(password)) return 'PASSWORD_COMMON';
  if (email) {
    const candidate = password.trim().toLowerCase();
    const address = email.trim().toLowerCase();
    if (candidate === address || candidate === address.split('@')[0]) return 'PASSWORD_IS_EMAIL';
  }
  return null;
}

// No 0/O, 1/l/I: a one-time password is read off a screen and typed by hand.
const ONE_TIME_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A one-time password an admin hands over (shown once): 3 groups of 4, about 59 bits. */
export function oneTimePassword(): string {
  const groups: string[] = [];
  for (let group = 0; group < 3; group++) {
    let text = '';
    for (let index = 0; index < 4; index++) text += ONE_TIME_ALPHABET[randomInt(ONE_TIME_ALPHABET.length)];
    groups.push(text);
  }
  return groups.join('-');
}
