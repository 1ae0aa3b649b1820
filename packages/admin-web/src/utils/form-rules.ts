import { CODE_PATTERN, EMAIL_PATTERN, isFutureDate } from '@xiaoyuan/domain';
import type { FormItemRule } from 'element-plus';
import { i18n } from '@/i18n/i18n';
import { parseMoneyInput } from './money';

// Messages are looked up when a rule runs, so they follow a language switch.
const t = (key: string, values?: Record<string, unknown>) => i18n.global.t(key, values ?? {});

function isBlank(value: unknown): boolean {
  return (
    value === undefined ||
    value === null ||
    (typeof value === 'string' && value.trim() === '') ||
    (Array.isArray(value) && value.length === 0)
  );
}

/** A value to fill or choose; for a list (checkboxes, a multiple select) at least one entry. */
export function requiredRule(labelKey: string, kind: 'input' | 'select' = 'input'): FormItemRule {
  return {
    trigger: kind === 'select' ? 'change' : 'blur',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) {
        const message = kind === 'select' ? 'validation.requiredSelect' : 'validation.required';
        callback(new Error(t(message, { field: t(labelKey) })));
      } else callback();
    },
  };
}

export function codeRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (!isBlank(value) && !CODE_PATTERN.test(String(value))) callback(new Error(t('validation.codePattern')));
      else callback();
    },
  };
}

export function nonNegativeIntegerRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) return callback();
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isInteger(number) || number < 0) callback(new Error(t('validation.nonNegativeInteger')));
      else callback();
    },
  };
}

export function nonNegativeNumberRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) return callback();
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number) || number < 0) callback(new Error(t('validation.nonNegativeNumber')));
      else callback();
    },
  };
}

export function emailRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (!isBlank(value) && !EMAIL_PATTERN.test(String(value).trim())) callback(new Error(t('validation.email')));
      else callback();
    },
  };
}

export function minLengthRule(length: number, messageKey: string): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (!isBlank(value) && String(value).length < length) callback(new Error(t(messageKey, { length })));
      else callback();
    },
  };
}

/** A positive amount of money with at most two decimals (`parseMoneyInput`). */
export function moneyRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) return callback();
      const parsed = parseMoneyInput(value as string);
      if (parsed.ok) callback();
      else callback(new Error(t(`validation.money.${parsed.problem}`)));
    },
  };
}

export function positiveNumberRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) return callback();
      const number = typeof value === 'number' ? value : Number(value);
      if (!Number.isFinite(number) || number <= 0) callback(new Error(t('validation.positiveNumber')));
      else callback();
    },
  };
}

export function integerRangeRule(min: number, max?: number): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) return callback();
      const number = typeof value === 'number' ? value : Number(value);
      const ok = Number.isInteger(number) && number >= min && (max === undefined || number <= max);
      if (ok) return callback();
      if (max === undefined) callback(new Error(t('validation.integerAtLeast', { min })));
      else callback(new Error(t('validation.integerBetween', { min, max })));
    },
  };
}

/** A local date `YYYY-MM-DD` not after `today()` (the district's today). */
export function notFutureDateRule(today: () => string): FormItemRule {
  return {
    trigger: 'change',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) return callback();
      if (isFutureDate(String(value), today())) callback(new Error(t('validation.futureDate')));
      else callback();
    },
  };
}

export function urlRule(): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (isBlank(value)) return callback();
      try {
        const url = new URL(String(value).trim());
        if (url.protocol === 'http:' || url.protocol === 'https:') return callback();
      } catch {
        // Falls through to the error.
      }
      callback(new Error(t('validation.url')));
    },
  };
}

/** `requiredRule` that applies only while `condition()` holds (e.g. the source of an income). */
export function requiredWhenRule(
  condition: () => boolean,
  labelKey: string,
  kind: 'input' | 'select' = 'input',
): FormItemRule {
  const required = requiredRule(labelKey, kind);
  return {
    trigger: required.trigger,
    validator: (rule, value, callback, source, options) =>
      condition() ? required.validator!(rule, value, callback, source, options) : callback(),
  };
}

/** The same text as another field (a new password typed twice). */
export function sameAsRule(other: () => string, messageKey: string): FormItemRule {
  return {
    trigger: 'blur',
    validator: (_rule, value, callback) => {
      if (!isBlank(value) && value !== other()) callback(new Error(t(messageKey)));
      else callback();
    },
  };
}
