import { describe, expect, it } from 'vitest';
import { formatCny, formatMoney, formatShare, parseMoneyInput } from './money';

describe('formatMoney', () => {
  it('shows two decimals and groups thousands without going through a float', () => {
    expect(formatMoney('3000.00')).toBe('3,000.00');
    expect(formatMoney('3000')).toBe('3,000.00');
    expect(formatMoney('12.5')).toBe('12.50');
    expect(formatMoney('1234567890123456.78')).toBe('1,234,567,890,123,456.78');
    expect(formatMoney('0.10')).toBe('0.10');
    expect(formatMoney('007.00')).toBe('7.00');
  });

  it('keeps the sign of negative amounts and drops it for zero', () => {
    expect(formatMoney('-1500.5')).toBe('-1,500.50');
    expect(formatMoney('-0.00')).toBe('0.00');
  });

  it('shows a dash for nothing and leaves unexpected text alone', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(undefined)).toBe('—');
    expect(formatMoney('abc')).toBe('abc');
    expect(formatMoney('1.005')).toBe('1.005');
    expect(formatMoney('1.500')).toBe('1.50');
  });

  it('adds the yuan sign before the minus-less digits', () => {
    expect(formatCny('3000')).toBe('¥3,000.00');
    expect(formatCny('-20')).toBe('-¥20.00');
    expect(formatCny(null)).toBe('—');
  });
});

describe('parseMoneyInput', () => {
  it('accepts positive amounts with up to two decimals and normalizes them', () => {
    expect(parseMoneyInput('12.5')).toEqual({ ok: true, value: '12.50' });
    expect(parseMoneyInput('3000')).toEqual({ ok: true, value: '3000.00' });
    expect(parseMoneyInput(' 1,234.56 ')).toEqual({ ok: true, value: '1234.56' });
    expect(parseMoneyInput('0.01')).toEqual({ ok: true, value: '0.01' });
    expect(parseMoneyInput('00100.1')).toEqual({ ok: true, value: '100.10' });
    expect(parseMoneyInput(8)).toEqual({ ok: true, value: '8.00' });
  });

  it('refuses a third decimal', () => {
    expect(parseMoneyInput('1.005')).toEqual({ ok: false, problem: 'decimals' });
    expect(parseMoneyInput('1.000')).toEqual({ ok: false, problem: 'decimals' });
  });

  it('refuses zero, negatives and text', () => {
    expect(parseMoneyInput('0')).toEqual({ ok: false, problem: 'positive' });
    expect(parseMoneyInput('0.00')).toEqual({ ok: false, problem: 'positive' });
    expect(parseMoneyInput('-5')).toEqual({ ok: false, problem: 'format' });
    expect(parseMoneyInput('12a')).toEqual({ ok: false, problem: 'format' });
    expect(parseMoneyInput('1e3')).toEqual({ ok: false, problem: 'format' });
    expect(parseMoneyInput('.5')).toEqual({ ok: false, problem: 'format' });
    expect(parseMoneyInput('')).toEqual({ ok: false, problem: 'required' });
    expect(parseMoneyInput(null)).toEqual({ ok: false, problem: 'required' });
  });
});

describe('formatShare', () => {
  it('shows a percentage with one decimal', () => {
    expect(formatShare(0.4)).toBe('40.0%');
    expect(formatShare(0.12345)).toBe('12.3%');
    expect(formatShare(null)).toBe('—');
  });
});
