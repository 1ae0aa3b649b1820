// Text that no field means to hold, refused by the API before any resolver runs and flagged in an
// import's cells: a NUL (PostgreSQL's text cannot store it), a lone surrogate (not Unicode text:
// it has no UTF-8 form), and the other control characters. Tab, line feed and carriage return are
// allowed (a description may have several lines; a name's are trimmed or refused by its rule).
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const BAD_CHARACTERS = new RegExp(`${CONTROL_CHARACTER.source}|${LONE_SURROGATE.source}`, 'g');

export type BadCharacter = 'NUL' | 'CONTROL_CHARACTER' | 'LONE_SURROGATE';

/** What is wrong with a text, or null when it is clean. */
export function badCharacter(text: string): BadCharacter | null {
  const control = CONTROL_CHARACTER.exec(text);
  if (control) return control[0] === '\u0000' ? 'NUL' : 'CONTROL_CHARACTER';
  return LONE_SURROGATE.test(text) ? 'LONE_SURROGATE' : null;
}

/** The text without its bad characters. */
export function withoutBadCharacters(text: string): string {
  return text.replace(BAD_CHARACTERS, '');
}
