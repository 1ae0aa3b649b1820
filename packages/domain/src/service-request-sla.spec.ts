import { isSelfGovernedChannel, SELF_GOVERNANCE_CHANNELS } from './dispute-channels';
import { ResolutionChannel } from './enums';
import { serviceRequestResponseHours, serviceRequestSlaDueAt, serviceRequestSlaMet } from './service-request-sla';

const createdAt = new Date('2026-11-02T01:00:00.000Z');

describe('the service-request SLA', () => {
  it('is due 8 hours after the request', () => {
    expect(serviceRequestSlaDueAt(createdAt).toISOString()).toBe('2026-11-02T09:00:00.000Z');
    expect(serviceRequestResponseHours(createdAt, new Date('2026-11-02T03:30:00.000Z'))).toBe(2.5);
    expect(serviceRequestResponseHours(createdAt, null)).toBeNull();
  });

  it('is met by a first response within 8 hours, missed after or without one once they have passed', () => {
    expect(serviceRequestSlaMet(createdAt, new Date('2026-11-02T09:00:00.000Z'))).toBe(true);
    expect(serviceRequestSlaMet(createdAt, new Date('2026-11-02T09:00:01.000Z'))).toBe(false);
    expect(serviceRequestSlaMet(createdAt, null, new Date('2026-11-02T08:59:00.000Z'))).toBeNull();
    expect(serviceRequestSlaMet(createdAt, null, new Date('2026-11-02T09:01:00.000Z'))).toBe(false);
  });
});

describe('self-governance channels', () => {
  it('count the committee, the residents assembly and mediation', () => {
    expect(SELF_GOVERNANCE_CHANNELS).toEqual(['COMMITTEE', 'RESIDENTS_ASSEMBLY', 'MEDIATION']);
    expect(isSelfGovernedChannel(ResolutionChannel.MEDIATION)).toBe(true);
    expect(isSelfGovernedChannel('ESCALATED')).toBe(false);
    expect(isSelfGovernedChannel('LITIGATION')).toBe(false);
  });
});
