import { fromGlobalId, localDate } from '@xiaoyuan/schema';
import { createDistrictFixture, platformToken, type DistrictFixture } from './helpers/fixtures';
import { startTestApp, type TestApp } from './helpers/test-app';

// Governance of a courtyard (DOMAIN.md §4) through the API: committee elections with the "1+3+N"
// staffing and institutions, entered within the writer's subtree; demonstration courtyards,
// designated by the district admin. Fixture: street 1 holds community 1 (courtyards 1 and 2) and
// community 2 (courtyard 3); street 2 holds community 3 (courtyard 4). The community worker works
// in community 1, the courtyard committee in courtyard 1, the street officer in street 1.

const ELECT = `mutation RecordCommitteeElection($input: RecordCommitteeElectionInput!) {
  recordCommitteeElection(input: $input) {
    courtyard { id committeeElectedOn committeeElections { electedOn memberCount socialWorkerCount committeeMemberCount volunteerCount hasSupervisoryBoard hasPartyGroup recordedAt } }
    userErrors { field message code }
  }
}`;
const ADOPT = `mutation AdoptInstitution($input: AdoptInstitutionInput!) {
  adoptInstitution(input: $input) { courtyard { id institutions { kind adoptedOn } institutionsComplete } userErrors { field message code } }
}`;
const DESIGNATE = `mutation DesignateDemonstration($input: DesignateDemonstrationInput!) {
  designateDemonstration(input: $input) { courtyard { id demonstrationSince } userErrors { field message code } }
}`;
const COURTYARDS = `{ courtyards(first: 100) { edges { node { id code committeeElectedOn demonstrationSince institutionsComplete institutions { kind } committeeElections { electedOn } } } } }`;
const KINDS = ['RESPONSIBILITY_LIST', 'CONVENTION', 'DELIBERATION_RULES', 'FINANCIAL_RULES', 'SUPERVISORY_BOARD'];

describe('courtyard governance', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  let tomorrow: string;

  const errorsOf = (payload: { userErrors: { code: string; field: string[] | null }[] }) =>
    payload.userErrors.map((error) => [error.code, error.field]);
  const rows = async (district: DistrictFixture) =>
    (
      await t.sql<{ elections: number; institutions: number; designations: number }>(
        `select (select count(*) from committee_elections where tenant_id = d.id)::int as elections,
                (select count(*) from institutions where tenant_id = d.id)::int as institutions,
                (select count(*) from demonstration_designations where tenant_id = d.id)::int as designations
           from districts d where d.code = $1`,
        [district.code],
      )
    )[0];

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'gva');
    b = await createDistrictFixture(t.client, 'gvb');
    const today = localDate('Asia/Shanghai');
    tomorrow = new Date(Date.parse(`${today}T00:00:00Z`) + 24 * 3600 * 1000).toISOString().slice(0, 10);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('records committee elections within the writer’s subtree; the latest is committeeElectedOn', async () => {
    const worker = await t.client.request(
      ELECT,
      { input: { courtyardId: a.courtyards[0], electedOn: '2025-03-01', memberCount: 7 } },
      { token: a.tokens.communityWorker },
    );
    expect(worker.data!.recordCommitteeElection.userErrors).toEqual([]);
    expect(worker.data!.recordCommitteeElection.courtyard).toMatchObject({
      id: a.courtyards[0],
      committeeElectedOn: '2025-03-01',
    });

    // the committee records its own re-election with the "1+3+N" staffing
    const reElection = {
      electedOn: '2026-03-01',
      memberCount: 9,
      socialWorkerCount: 1,
      committeeMemberCount: 3,
      volunteerCount: 5,
      hasSupervisoryBoard: true,
      hasPartyGroup: true,
    };
    const committee = await t.client.request(
      ELECT,
      { input: { courtyardId: a.courtyards[0], ...reElection } },
      { token: a.tokens.courtyardCommittee },
    );
    const courtyard = committee.data!.recordCommitteeElection.courtyard;
    expect(committee.data!.recordCommitteeElection.userErrors).toEqual([]);
    expect(courtyard.committeeElectedOn).toBe('2026-03-01');
    expect(
      courtyard.committeeElections.map(({ recordedAt: _recordedAt, ...election }: Record<string, unknown>) => election),
    ).toEqual([
      reElection,
      {
        electedOn: '2025-03-01',
        memberCount: 7,
        socialWorkerCount: null,
        committeeMemberCount: null,
        volunteerCount: null,
        hasSupervisoryBoard: false,
        hasPartyGroup: false,
      },
    ]);
    // an earlier election recorded later does not replace the latest
    const older = await t.client.request(
      ELECT,
      { input: { courtyardId: a.courtyards[0], electedOn: '2024-03-01' } },
      { token: a.tokens.admin },
    );
    expect(older.data!.recordCommitteeElection.courtyard.committeeElectedOn).toBe('2026-03-01');
    const officer = await t.client.request(
      ELECT,
      { input: { courtyardId: a.courtyards[2], electedOn: '2025-05-01' } },
      { token: a.tokens.streetOfficer },
    );
    expect(officer.data!.recordCommitteeElection.userErrors).toEqual([]);
    expect(await rows(a)).toMatchObject({ elections: 4 });
  });

  it('refuses elections outside the scope, for the viewer, and with bad values, storing nothing', async () => {
    const before = await rows(a);
    const attempts: [keyof DistrictFixture['tokens'], Record<string, unknown>, [string, string[]][]][] = [
      [
        'communityWorker',
        { courtyardId: a.courtyards[2], electedOn: '2025-03-01' },
        [['FORBIDDEN', ['input', 'courtyardId']]],
      ],
      [
        'courtyardCommittee',
        { courtyardId: a.courtyards[1], electedOn: '2025-03-01' },
        [['FORBIDDEN', ['input', 'courtyardId']]],
      ],
      [
        'streetOfficer',
        { courtyardId: a.courtyards[3], electedOn: '2025-03-01' },
        [['FORBIDDEN', ['input', 'courtyardId']]],
      ],
      ['viewer', { courtyardId: a.courtyards[0], electedOn: '2025-03-02' }, [['FORBIDDEN', ['input', 'courtyardId']]]],
      ['admin', { courtyardId: a.courtyards[1], electedOn: tomorrow }, [['INVALID', ['input', 'electedOn']]]],
      ['admin', { courtyardId: a.courtyards[0], electedOn: '2025-03-01' }, [['DUPLICATE', ['input', 'electedOn']]]],
      [
        'admin',
        { courtyardId: a.courtyards[1], electedOn: '2025-03-01', memberCount: -1, volunteerCount: 100_001 },
        [
          ['INVALID', ['input', 'memberCount']],
          ['INVALID', ['input', 'volunteerCount']],
        ],
      ],
      ['admin', { courtyardId: a.households[0], electedOn: '2025-03-01' }, [['NOT_FOUND', ['input', 'courtyardId']]]],
    ];
    for (const [role, input, expected] of attempts) {
      const result = await t.client.request(ELECT, { input }, { token: a.tokens[role] });
      expect({ role, input, errors: errorsOf(result.data!.recordCommitteeElection) }).toEqual({
        role,
        input,
        errors: expected,
      });
      expect(result.data!.recordCommitteeElection.courtyard).toBeNull();
    }
    const malformed = await t.client.request(
      ELECT,
      { input: { courtyardId: a.courtyards[1], electedOn: '2025-13-01' } },
      { token: a.tokens.admin },
    );
    expect(malformed.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const platform = await t.client.request(
      ELECT,
      { input: { courtyardId: a.courtyards[1], electedOn: '2025-03-01' } },
      { token: await platformToken(t.client) },
    );
    expect(platform.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await rows(a)).toEqual(before);
  });

  it('adopts each institution once; all five make the courtyard complete', async () => {
    for (const [index, kind] of KINDS.entries()) {
      const result = await t.client.request(
        ADOPT,
        { input: { courtyardId: a.courtyards[1], kind, adoptedOn: `2025-0${index + 1}-15` } },
        { token: a.tokens.communityWorker },
      );
      expect(result.data!.adoptInstitution.userErrors).toEqual([]);
      expect(result.data!.adoptInstitution.courtyard.institutionsComplete).toBe(index === KINDS.length - 1);
    }
    const again = await t.client.request(
      ADOPT,
      { input: { courtyardId: a.courtyards[1], kind: 'CONVENTION', adoptedOn: '2025-09-01' } },
      { token: a.tokens.admin, language: 'en' },
    );
    expect(errorsOf(again.data!.adoptInstitution)).toEqual([['DUPLICATE', ['input', 'kind']]]);
    expect(again.data!.adoptInstitution.userErrors[0].message).toBe(
      'This institution was adopted already, on 2025-02-15',
    );
    const one = await t.client.request(
      ADOPT,
      { input: { courtyardId: a.courtyards[0], kind: 'CONVENTION', adoptedOn: '2025-04-01' } },
      { token: a.tokens.courtyardCommittee },
    );
    expect(one.data!.adoptInstitution.courtyard).toEqual({
      id: a.courtyards[0],
      institutions: [{ kind: 'CONVENTION', adoptedOn: '2025-04-01' }],
      institutionsComplete: false,
    });

    const before = await rows(a);
    for (const [role, input, expected] of [
      [
        'courtyardCommittee',
        { courtyardId: a.courtyards[1], kind: 'CONVENTION', adoptedOn: '2025-04-01' },
        [['FORBIDDEN', ['input', 'courtyardId']]],
      ],
      [
        'viewer',
        { courtyardId: a.courtyards[0], kind: 'FINANCIAL_RULES', adoptedOn: '2025-04-01' },
        [['FORBIDDEN', ['input', 'courtyardId']]],
      ],
      [
        'admin',
        { courtyardId: a.courtyards[0], kind: 'FINANCIAL_RULES', adoptedOn: tomorrow },
        [['INVALID', ['input', 'adoptedOn']]],
      ],
    ] as const) {
      const result = await t.client.request(ADOPT, { input }, { token: a.tokens[role] });
      expect({ role, errors: errorsOf(result.data!.adoptInstitution) }).toEqual({ role, errors: expected });
    }
    expect(await rows(a)).toEqual(before);
  });

  it('lets the district admin alone designate a demonstration courtyard, once', async () => {
    for (const role of ['streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
      const result = await t.client.request(
        DESIGNATE,
        { input: { courtyardId: a.courtyards[0], since: '2025-05-01' } },
        { token: a.tokens[role] },
      );
      expect({ role, errors: errorsOf(result.data!.designateDemonstration) }).toEqual({
        role,
        errors: [['FORBIDDEN', ['input']]],
      });
    }
    const future = await t.client.request(
      DESIGNATE,
      { input: { courtyardId: a.courtyards[0], since: tomorrow } },
      { token: a.tokens.admin },
    );
    expect(errorsOf(future.data!.designateDemonstration)).toEqual([['INVALID', ['input', 'since']]]);
    const designated = await t.client.request(
      DESIGNATE,
      { input: { courtyardId: a.courtyards[0], since: '2025-05-01' } },
      { token: a.tokens.admin },
    );
    expect(designated.data!.designateDemonstration).toEqual({
      courtyard: { id: a.courtyards[0], demonstrationSince: '2025-05-01' },
      userErrors: [],
    });
    const again = await t.client.request(
      DESIGNATE,
      { input: { courtyardId: a.courtyards[0], since: '2025-06-01' } },
      { token: a.tokens.admin },
    );
    expect(errorsOf(again.data!.designateDemonstration)).toEqual([['DUPLICATE', ['input', 'courtyardId']]]);
    expect(await rows(a)).toMatchObject({ designations: 1 });
  });

  it('shows the governance facts of every courtyard in a list', async () => {
    const result = await t.client.request(COURTYARDS, {}, { token: a.tokens.viewer });
    expect(result.errors).toBeUndefined();
    const byCode = Object.fromEntries(
      result.data!.courtyards.edges.map((edge: { node: { code: string } }) => [edge.node.code, edge.node]),
    );
    expect(byCode['gva-Y1']).toMatchObject({
      committeeElectedOn: '2026-03-01',
      demonstrationSince: '2025-05-01',
      institutionsComplete: false,
    });
    expect(byCode['gva-Y1'].committeeElections.map((e: { electedOn: string }) => e.electedOn)).toEqual([
      '2026-03-01',
      '2025-03-01',
      '2024-03-01',
    ]);
    expect(byCode['gva-Y2']).toMatchObject({
      committeeElectedOn: null,
      demonstrationSince: null,
      institutionsComplete: true,
      committeeElections: [],
    });
    expect(byCode['gva-Y2'].institutions.map((i: { kind: string }) => i.kind).sort()).toEqual([...KINDS].sort());
    expect(byCode['gva-Y3']).toMatchObject({ committeeElectedOn: '2025-05-01', institutionsComplete: false });
  });

  it('audits every governance mutation with the courtyard and the outcome', async () => {
    const audit = await t.sql<{
      operation: string;
      target_type: string;
      target_id: string;
      ok: string;
      codes: string | null;
    }>(
      `select l.operation, l.target_type, l.target_id::text, l.detail->>'ok' as ok, l.detail->>'userErrors' as codes
         from audit_log l join districts d on d.id = l.tenant_id
        where d.code = 'gva' and l.operation in ('recordCommitteeElection', 'adoptInstitution', 'designateDemonstration') order by l.at, l.id`,
    );
    const firstCourtyard = fromGlobalId(a.courtyards[0])!.id;
    expect(audit[0]).toEqual({
      operation: 'recordCommitteeElection',
      target_type: 'Courtyard',
      target_id: firstCourtyard,
      ok: 'true',
      codes: null,
    });
    const outcomes = (operation: string) =>
      audit.filter((row) => row.operation === operation).map((row) => (row.ok === 'true' ? 'ok' : row.codes));
    expect(outcomes('recordCommitteeElection')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      '["FORBIDDEN"]',
      '["FORBIDDEN"]',
      '["FORBIDDEN"]',
      '["FORBIDDEN"]',
      '["INVALID"]',
      '["DUPLICATE"]',
      '["INVALID", "INVALID"]',
      '["NOT_FOUND"]',
    ]);
    expect(outcomes('adoptInstitution')).toEqual([
      'ok',
      'ok',
      'ok',
      'ok',
      'ok',
      '["DUPLICATE"]',
      'ok',
      '["FORBIDDEN"]',
      '["FORBIDDEN"]',
      '["INVALID"]',
    ]);
    expect(outcomes('designateDemonstration')).toEqual([
      '["FORBIDDEN"]',
      '["FORBIDDEN"]',
      '["FORBIDDEN"]',
      '["FORBIDDEN"]',
      '["INVALID"]',
      'ok',
      '["DUPLICATE"]',
    ]);
  });
  it("keeps districts apart: A's users with B's courtyards get NOT_FOUND or FORBIDDEN, and nothing of B changes", async () => {
    await t.client.request(
      ELECT,
      { input: { courtyardId: b.courtyards[0], electedOn: '2025-03-01' } },
      { token: b.tokens.admin },
    );
    const before = await rows(b);
    const bIds = [...b.courtyards, b.id];
    const leaks = (value: unknown) => bIds.filter((id) => JSON.stringify(value).includes(id));
    for (const role of ['admin', 'streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
      for (const courtyardId of b.courtyards) {
        for (const [query, input, key] of [
          [ELECT, { courtyardId, electedOn: '2025-04-01' }, 'recordCommitteeElection'],
          [ADOPT, { courtyardId, kind: 'CONVENTION', adoptedOn: '2025-04-01' }, 'adoptInstitution'],
          [DESIGNATE, { courtyardId, since: '2025-04-01' }, 'designateDemonstration'],
        ] as const) {
          const result = await t.client.request(query, { input }, { token: a.tokens[role] });
          expect(result.errors).toBeUndefined();
          const payload = result.data![key];
          const expected =
            key === 'designateDemonstration' && role !== 'admin'
              ? [['FORBIDDEN', ['input']]]
              : [['NOT_FOUND', ['input', 'courtyardId']]];
          expect({ role, key, errors: errorsOf(payload) }).toEqual({ role, key, errors: expected });
          expect(leaks(payload)).toEqual([]);
        }
      }
    }
    expect(await rows(b)).toEqual(before);
    const [latest] = await t.sql<{ elected_on: string }>(
      `select to_char(max(elected_on), 'YYYY-MM-DD') as elected_on from committee_elections e join districts d on d.id = e.tenant_id where d.code = 'gvb'`,
    );
    expect(latest.elected_on).toBe('2025-03-01');
  });
});
