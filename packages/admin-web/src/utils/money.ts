// Money travels as the API's `Money` scalar: an exact decimal string in CNY ("3000.00"). It is
// never turned into a float here; formatting and parsing work on the digits.

const MONEY_INPUT = /^\d+(\.\d+)?$/;

export type MoneyInputProblem = 'required' | 'format' | 'decimals' | 'positive';

export type MoneyInputResult = { ok: true; value: string } | { ok: false; problem: MoneyInputProblem };

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `"3000"` → `"3,000.00"`, `"-12.5"` → `"-12.50"`; anything that is not a decimal is shown as is. */
export function formatMoney(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = String(value).trim();
  const match = /^([+-]?)(\d+)(?:\.(\d*))?$/.exec(text);
  if (!match) return text;
  const [, sign, whole, fraction = ''] = match;
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) return text;
  const cents = (fraction + '00').slice(0, 2);
  const wholeDigits = whole!.replace(/^0+(?=\d)/, '');
  const isZero = /^0+$/.test(wholeDigits) && cents === '00';
  return `${sign === '-' && !isZero ? '-' : ''}${groupThousands(wholeDigits)}.${cents}`;
}

/** `formatMoney` with the currency sign: `"¥3,000.00"`. */
export function formatCny(value: string | null | undefined): string {
  const formatted = formatMoney(value);
  if (formatted === '—') return formatted;
  return formatted.startsWith('-') ? `-¥${formatted.slice(1)}` : `¥${formatted}`;
}

/**
 * What a user typed into an amount field: a positive amount with at most two decimals, returned
 * as the API's Money string (`"12.5"` → `"12.50"`). Thousands separators and spaces are allowed.
 */
export function parseMoneyInput(input: string | number | null | undefined): MoneyInputResult {
  const text = input === null || input === undefined ? '' : String(input).replace(/[\s,，]/g, '');
  if (text === '') return { ok: false, problem: 'required' };
  if (!MONEY_INPUT.test(text)) return { ok: false, problem: 'format' };
  const [whole, fraction = ''] = text.split('.');
  if (fraction.length > 2) return { ok: false, problem: 'decimals' };
  const normalizedWhole = whole!.replace(/^0+(?=\d)/, '');
  const cents = (fraction + '00').slice(0, 2);
  if (/^0+$/.test(normalizedWhole) && cents === '00') return { ok: false, problem: 'positive' };
  return { ok: true, value: `${normalizedWhole}.${cents}` };
}

/** A share in [0, 1] as a percentage with one decimal: `0.4` → `"40.0%"`. */
export function formatShare(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(1)}%`;
}
