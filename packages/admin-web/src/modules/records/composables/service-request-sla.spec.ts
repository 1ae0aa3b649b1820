import { describe, expect, it } from 'vitest';
import { responseHours, slaStatus } from './service-request-sla';

const createdAt = '2026-11-02T01:00:00.000Z';

describe('service request SLA', () => {
  it('is met by a first response within 8 hours, breached after', () => {
    expect(slaStatus({ createdAt, firstResponseAt: '2026-11-02T09:00:00.000Z' })).toBe('MET');
    expect(slaStatus({ createdAt, firstResponseAt: '2026-11-02T09:00:01.000Z' })).toBe('BREACHED');
    expect(responseHours({ createdAt, firstResponseAt: '2026-11-02T03:30:00.000Z' })).toBe(2.5);
    expect(responseHours({ createdAt, firstResponseAt: null })).toBeNull();
  });

  it("follows the server's slaMet when given", () => {
    expect(slaStatus({ createdAt, firstResponseAt: null, slaMet: false }, new Date(createdAt))).toBe('OVERDUE');
    expect(slaStatus({ createdAt, firstResponseAt: '2026-11-02T20:00:00.000Z', slaMet: false })).toBe('BREACHED');
    expect(slaStatus({ createdAt, firstResponseAt: null, slaMet: null }, new Date('2026-11-03T00:00:00.000Z'))).toBe(
      'WAITING',
    );
    expect(slaStatus({ createdAt, firstResponseAt: '2026-11-02T02:00:00.000Z', slaMet: true })).toBe('MET');
  });

  it('is waiting without an answer for 8 hours, overdue after', () => {
    expect(slaStatus({ createdAt, firstResponseAt: null }, new Date('2026-11-02T08:59:00.000Z'))).toBe('WAITING');
    expect(slaStatus({ createdAt, firstResponseAt: null }, new Date('2026-11-02T09:01:00.000Z'))).toBe('OVERDUE');
  });
});
