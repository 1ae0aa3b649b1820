import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for personal data at rest (households' contact name and phone).
 * Stored form: base64 of iv (12 bytes) | auth tag (16 bytes) | ciphertext.
 */
export class PersonalDataCipher {
  private readonly key: Buffer;

  constructor(base64Key: string) {
    const key = Buffer.from(base64Key, 'base64');
    if (key.length !== 32) {
      throw new Error(`DATA_ENCRYPTION_KEY must be 32 bytes encoded in base64 (got ${key.length} bytes)`);
    }
    this.key = key;
  }

  encrypt(plain: string | null | undefined): string | null {
    if (plain == null || plain === '') return null;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64');
  }

  /** A whole file (an upload waiting for its import): magic | iv (12 bytes) | auth tag (16 bytes) | ciphertext. */
  encryptFile(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([FILE_MAGIC, iv, cipher.getAuthTag(), data]);
  }

  /** The file `encryptFile` wrote; throws when it was not written with this key or was altered. */
  decryptFile(stored: Buffer): Buffer {
    if (!isEncryptedFile(stored)) throw new Error('not an encrypted file');
    const raw = stored.subarray(FILE_MAGIC.length);
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }

  decrypt(stored: string | null | undefined): string | null {
    if (stored == null) return null;
    const raw = Buffer.from(stored, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
  }
}

/** What begins an encrypted file (`encryptFile`): no CSV or XLSX file begins with a NUL byte. */
const FILE_MAGIC = Buffer.from('\u0000XYENC1\u0000', 'latin1');

/** Whether `content` was written by `encryptFile` (an upload stored before files were encrypted was not). */
export function isEncryptedFile(content: Buffer): boolean {
  return content.length >= FILE_MAGIC.length && content.subarray(0, FILE_MAGIC.length).equals(FILE_MAGIC);
}

/** 张三 → 张*, 欧阳娜娜 → 欧***; keeps the family-name character only. */
export function maskName(name: string | null): string | null {
  if (!name) return name;
  const chars = [...name];
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** 13812345678 → 138****5678; shorter numbers keep their last two digits. */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return phone;
  if (phone.length >= 11) return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
  return '*'.repeat(Math.max(1, phone.length - 2)) + phone.slice(-2);
}
