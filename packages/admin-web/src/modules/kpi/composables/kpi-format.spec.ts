import { describe, expect, it } from 'vitest';
import {
  changeDirection,
  changeIsGood,
  formatKpiChange,
  formatKpiValue,
  inputToTarget,
  STATUS_COLORS,
  statusColor,
  targetProblem,
  targetToInput,
} from './kpi-format';

describe('formatKpiValue', () => {
  it('shows fractions as percentages, scores as numbers, days and hours with their unit', () => {
    expect(formatKpiValue('PARTICIPATION_RATE', 0.4234)).toBe('42.3%');
    expect(formatKpiValue('COMMITTEE_FORMATION_RATE', 1)).toBe('100%');
    expect(formatKpiValue('SELF_FUNDING_RATE', 0)).toBe('0%');
    expect(formatKpiValue('SATISFACTION_SCORE', 81.25)).toBe('81.3');
    expect(formatKpiValue('DISPUTE_RESOLUTION_DAYS', 3.5, 'zh-CN')).toBe('3.5 天');
    expect(formatKpiValue('DISPUTE_RESOLUTION_DAYS', 12, 'en')).toBe('12 d');
    expect(formatKpiValue('SERVICE_RESPONSE_HOURS', 7.96, 'zh-CN')).toBe('8 小时');
    expect(formatKpiValue('SERVICE_RESPONSE_HOURS', 48, 'en')).toBe('48 h');
  });

  it('shows a dash without a value', () => {
    expect(formatKpiValue('PARTICIPATION_RATE', null)).toBe('—');
    expect(formatKpiValue('SATISFACTION_SCORE', undefined)).toBe('—');
    expect(formatKpiValue('SATISFACTION_SCORE', Number.NaN)).toBe('—');
  });
});

describe('changes against the previous period', () => {
  it('gives fractions in percentage points and the rest in their unit, with a sign', () => {
    expect(formatKpiChange('PARTICIPATION_RATE', 0.032, 'zh-CN')).toBe('+3.2 个百分点');
    expect(formatKpiChange('PARTICIPATION_RATE', -0.05, 'en')).toBe('−5 pp');
    expect(formatKpiChange('SATISFACTION_SCORE', 2.5)).toBe('+2.5');
    expect(formatKpiChange('DISPUTE_RESOLUTION_DAYS', -4, 'en')).toBe('−4 d');
    expect(formatKpiChange('PARTICIPATION_RATE', 0.00001, 'en')).toBe('±0 pp');
    expect(formatKpiChange('PARTICIPATION_RATE', null)).toBe('—');
  });

  it('knows which way is better: up for rates and scores, down for days and hours', () => {
    expect(changeDirection('PARTICIPATION_RATE', 0.1)).toBe('up');
    expect(changeDirection('PARTICIPATION_RATE', 0.0001)).toBe('flat');
    expect(changeDirection('PARTICIPATION_RATE', null)).toBeNull();
    expect(changeIsGood('PARTICIPATION_RATE', 0.1)).toBe(true);
    expect(changeIsGood('PARTICIPATION_RATE', -0.1)).toBe(false);
    expect(changeIsGood('DISPUTE_RESOLUTION_DAYS', -2)).toBe(true);
    expect(changeIsGood('SERVICE_RESPONSE_HOURS', 3)).toBe(false);
    expect(changeIsGood('SATISFACTION_SCORE', 0)).toBeNull();
  });
});

describe('status colours', () => {
  it('uses the dashboard colours, grey without data', () => {
    expect(STATUS_COLORS).toEqual({ GREEN: '#67c23a', YELLOW: '#e6a23c', RED: '#f56c6c', NO_DATA: '#c0c4cc' });
    expect(statusColor('RED')).toBe('#f56c6c');
    expect(statusColor(null)).toBe('#c0c4cc');
  });
});

describe('targets', () => {
  it('takes fractions 0–1, scores 0–100, days and hours above 0', () => {
    expect(targetProblem('PARTICIPATION_RATE', 0.3)).toBeNull();
    expect(targetProblem('PARTICIPATION_RATE', 0)).toBeNull();
    expect(targetProblem('PARTICIPATION_RATE', 1)).toBeNull();
    expect(targetProblem('PARTICIPATION_RATE', 1.2)).toBe('fraction');
    expect(targetProblem('PARTICIPATION_RATE', -0.1)).toBe('fraction');
    expect(targetProblem('SATISFACTION_SCORE', 100)).toBeNull();
    expect(targetProblem('SATISFACTION_SCORE', 101)).toBe('score');
    expect(targetProblem('DISPUTE_RESOLUTION_DAYS', 10)).toBeNull();
    expect(targetProblem('DISPUTE_RESOLUTION_DAYS', 0)).toBe('positive');
    expect(targetProblem('SERVICE_RESPONSE_HOURS', -1)).toBe('positive');
    expect(targetProblem('SERVICE_RESPONSE_HOURS', 20_000)).toBe('positive');
    expect(targetProblem('SERVICE_RESPONSE_HOURS', null)).toBe('required');
    expect(targetProblem('SERVICE_RESPONSE_HOURS', '')).toBe('required');
    expect(targetProblem('SERVICE_RESPONSE_HOURS', 'abc')).toBe('number');
  });

  it('edits fractions as percentages and converts them back exactly', () => {
    expect(targetToInput('PARTICIPATION_RATE', 0.3)).toBe(30);
    expect(targetToInput('INSTITUTION_COMPLETENESS', 0.95)).toBe(95);
    expect(inputToTarget('PARTICIPATION_RATE', 35)).toBe(0.35);
    expect(inputToTarget('PARTICIPATION_RATE', 33.33)).toBe(0.3333);
    expect(targetToInput('SATISFACTION_SCORE', 80)).toBe(80);
    expect(inputToTarget('DISPUTE_RESOLUTION_DAYS', 12)).toBe(12);
  });
});
