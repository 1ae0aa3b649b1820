import { badCharacter, withoutBadCharacters } from './text-hygiene';

describe('text hygiene', () => {
  it('finds NUL, control characters and lone surrogates, and allows tab, line ends and pairs', () => {
    expect(badCharacter('a\u0000b')).toBe('NUL');
    expect(badCharacter('a\u0007b')).toBe('CONTROL_CHARACTER');
    expect(badCharacter('\u007f')).toBe('CONTROL_CHARACTER');
    expect(badCharacter('x\uD800')).toBe('LONE_SURROGATE');
    expect(badCharacter('\uDC00x')).toBe('LONE_SURROGATE');
    expect(badCharacter('第一行\r\n\t第二行 😀 小院')).toBeNull();
    expect(withoutBadCharacters('a\u0000b\uD800c\u001b😀')).toBe('abc😀');
  });
});
