import { describe, expect, it } from 'vitest';
import { en } from './en';
import { zhCN } from './zh-CN';

function leafKeys(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    value !== null && typeof value === 'object' ? leafKeys(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

function valueAt(messages: object, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], messages);
}

describe('locales', () => {
  const zhKeys = leafKeys(zhCN).sort();
  const enKeys = leafKeys(en).sort();

  it('has every zh-CN key in en and every en key in zh-CN', () => {
    expect(enKeys.filter((key) => !zhKeys.includes(key))).toEqual([]);
    expect(zhKeys.filter((key) => !enKeys.includes(key))).toEqual([]);
  });

  it('has no empty message', () => {
    for (const key of zhKeys) {
      expect(String(valueAt(zhCN, key)).trim(), `zh-CN ${key}`).not.toBe('');
      expect(String(valueAt(en, key)).trim(), `en ${key}`).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of zhKeys) {
      expect(placeholders(String(valueAt(en, key))), key).toEqual(placeholders(String(valueAt(zhCN, key))));
    }
  });

  it('keeps vue-i18n syntax characters out of plain text', () => {
    for (const key of zhKeys) {
      for (const message of [valueAt(zhCN, key), valueAt(en, key)]) {
        expect(String(message).replace(/\{\w+\}/g, ''), key).not.toMatch(/[{}@$|]/);
      }
    }
  });
});
