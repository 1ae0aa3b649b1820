import { fromGlobalId } from '@xiaoyuan/schema';
import { CREATE_COURTYARD, REGISTER_HOUSEHOLDS } from './helpers/documents';
import { createDistrictFixture, type DistrictFixture } from './helpers/fixtures';
import { expectNoNode } from './helpers/expectations';
import { startTestApp, type TestApp } from './helpers/test-app';

// Proposals and votes (议题、表决, DOMAIN.md §5): the voting rules worked by hand, one vote per
// household also under concurrency, the voting window, publication within 24 hours.

const RESULT = `passed votesFor votesAgainst votesAbstain participationByCount participationByArea approvalByCount approvalByArea`;
const PROPOSAL = `id title description tier rule status votingOpen votingOpenedAt votingClosesAt closedAt publishedAt publishedWithin24h result { ${RESULT} } tally { ${RESULT} }`;
const CREATE = `mutation CreateProposal($input: CreateProposalInput!) { createProposal(input: $input) { proposal { ${PROPOSAL} } userErrors { field message code } } }`;
const OPEN = `mutation OpenVoting($input: OpenVotingInput!) { openVoting(input: $input) { proposal { ${PROPOSAL} } userErrors { field message code } } }`;
const CAST = `mutation CastVote($input: CastVoteInput!) { castVote(input: $input) { vote { id choice channel assistedBy castAt household { code } } userErrors { field message code } } }`;
const CLOSE = `mutation CloseVoting($input: CloseVotingInput!) { closeVoting(input: $input) { proposal { ${PROPOSAL} } userErrors { field message code } } }`;
const PUBLISH = `mutation PublishDecision($input: PublishDecisionInput!) { publishDecision(input: $input) { proposal { ${PROPOSAL} } userErrors { field message code } } }`;
const NODE = `query($id: ID!) { node(id: $id) { id __typename ... on Proposal { title status } ... on Vote { choice household { code } } } }`;
const PROPOSAL_VOTES = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on Proposal { id votes(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id choice channel assistedBy household { code } } } } } } }`;
const COURTYARD_PROPOSALS = `query($id: ID!, $status: ProposalStatus, $first: Int, $after: String) { node(id: $id) { ... on Courtyard { proposals(status: $status, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { id title status } } } } } }`;

type UserErrorList = { field: string[] | null; message: string; code: string }[];
type Payload = { proposal?: Record<string, any> | null; vote?: Record<string, any> | null; userErrors: UserErrorList };

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const inAnHour = () => new Date(Date.now() + 3600_000).toISOString();

describe('proposals and votes', () => {
  let t: TestApp;
  let a: DistrictFixture;
  let b: DistrictFixture;
  /** voting courtyards of A: V1 (4 households of 50, 50, 50, 150 m²), V2 (4 × 100 m²), V3 (census 6; 4 registered of 100, 100, 99.99, 100.01 m²) */
  const v: string[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    a = await createDistrictFixture(t.client, 'ppa');
    b = await createDistrictFixture(t.client, 'ppb');
    const courtyards: [string, number, [string, number][]][] = [
      [
        'V1',
        4,
        [
          ['a1', 50],
          ['a2', 50],
          ['a3', 50],
          ['a4', 150],
        ],
      ],
      [
        'V2',
        4,
        [
          ['b1', 100],
          ['b2', 100],
          ['b3', 100],
          ['b4', 100],
        ],
      ],
      [
        'V3',
        6,
        [
          ['c1', 100],
          ['c2', 100],
          ['c3', 99.99],
          ['c4', 100.01],
        ],
      ],
    ];
    for (const [name, householdCount, households] of courtyards) {
      const created = await t.client.request(
        CREATE_COURTYARD,
        {
          input: {
            communityId: a.communities[1],
            name,
            code: `ppa-${name}`,
            type: 'COMMERCIAL_HOUSING',
            householdCount,
          },
        },
        { token: a.tokens.admin },
      );
      const id = created.data!.createCourtyard.courtyard.id;
      const registered = await t.client.request(
        REGISTER_HOUSEHOLDS,
        { input: { courtyardId: id, households: households.map(([code, areaSqm]) => ({ code, areaSqm })) } },
        { token: a.tokens.admin },
      );
      expect(registered.data!.registerHouseholds.userErrors).toEqual([]);
      v.push(id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  const call = async (
    query: string,
    key: string,
    input: Record<string, unknown>,
    token = a.tokens.admin,
    language?: string,
  ): Promise<Payload> => {
    const result = await t.client.request(query, { input }, { token, language });
    expect({ key, errors: result.errors }).toEqual({ key, errors: undefined });
    return result.data![key] as Payload;
  };
  const codes = (payload: Payload) => payload.userErrors.map((error) => error.code);
  const create = async (courtyardId: string, rule: string, title = `议题 ${rule}`, token = a.tokens.admin) => {
    const payload = await call(
      CREATE,
      'createProposal',
      { courtyardId, title, tier: rule === 'SIMPLE_MAJORITY' ? 'MINOR' : 'MAJOR', rule },
      token,
    );
    expect(payload.userErrors).toEqual([]);
    return payload.proposal!;
  };
  const open = async (proposalId: string, closesAt = inAnHour()) => {
    const payload = await call(OPEN, 'openVoting', { proposalId, closesAt });
    expect(payload.userErrors).toEqual([]);
    return payload.proposal!;
  };
  const vote = (
    proposalId: string,
    householdCode: string,
    choice: string,
    extra: Record<string, unknown> = {},
    token = a.tokens.admin,
  ) => call(CAST, 'castVote', { proposalId, householdCode, choice, channel: 'ONLINE', ...extra }, token);
  const close = async (proposalId: string) => {
    const payload = await call(CLOSE, 'closeVoting', { proposalId });
    expect(payload.userErrors).toEqual([]);
    return payload.proposal!;
  };
  /** A proposal put to the vote, the votes cast, voting closed: its result. */
  const decide = async (courtyardId: string, rule: string, votes: [string, string][]) => {
    const proposal = await create(courtyardId, rule);
    await open(proposal.id);
    for (const [household, choice] of votes) expect(codes(await vote(proposal.id, household, choice))).toEqual([]);
    const closed = await close(proposal.id);
    expect(closed.status).toBe('CLOSED');
    return closed.result;
  };

  /** A closed vote's result: votes FOR, AGAINST, ABSTAIN; participation and approval by count and by area. */
  const decided = (figures: { passed: boolean; votes: number[]; participation: unknown[]; approval: unknown[] }) => ({
    passed: figures.passed,
    votesFor: figures.votes[0],
    votesAgainst: figures.votes[1],
    votesAbstain: figures.votes[2],
    participationByCount: figures.participation[0],
    participationByArea: figures.participation[1],
    approvalByCount: figures.approval[0],
    approvalByArea: figures.approval[1],
  });

  describe('the voting rules, worked by hand', () => {
    // V1: 4 households, 50 + 50 + 50 + 150 = 300 m²; a1, a2, a3 FOR and a4 AGAINST:
    // by count 3 of 4 FOR (0.75), by area 150 of 300 m² FOR (0.5); everyone took part.
    const v1Votes: [string, string][] = [
      ['a1', 'FOR'],
      ['a2', 'FOR'],
      ['a3', 'FOR'],
      ['a4', 'AGAINST'],
    ];

    it('SIMPLE_MAJORITY: FOR > half of the votes cast (3 > 4/2): passed', async () => {
      expect(await decide(v[0], 'SIMPLE_MAJORITY', v1Votes)).toEqual(
        decided({ passed: true, votes: [3, 1, 0], participation: [1, 1], approval: [0.75, 0.5] }),
      );
      // a tie is not a majority: c1 FOR, c2 AGAINST → 1 > 2/2 is false
      expect(
        await decide(v[2], 'SIMPLE_MAJORITY', [
          ['c1', 'FOR'],
          ['c2', 'AGAINST'],
        ]),
      ).toMatchObject({ passed: false, approvalByCount: 0.5 });
    });

    it('CIVIL_CODE_ORDINARY: the same votes pass by headcount (0.75 > 1/2) but fail by area (0.5 is not > 1/2)', async () => {
      expect(await decide(v[0], 'CIVIL_CODE_ORDINARY', v1Votes)).toEqual(
        decided({ passed: false, votes: [3, 1, 0], participation: [1, 1], approval: [0.75, 0.5] }),
      );
      // the mirror: a1 and a4 FOR (200 of 300 m²), a2 AGAINST, a3 ABSTAIN (abstentions are cast):
      // by area 2/3 > 1/2, by count 2 of 4 is not > 1/2 → fails
      expect(
        await decide(v[0], 'CIVIL_CODE_ORDINARY', [
          ['a1', 'FOR'],
          ['a4', 'FOR'],
          ['a2', 'AGAINST'],
          ['a3', 'ABSTAIN'],
        ]),
      ).toEqual(
        decided({ passed: false, votes: [2, 1, 1], participation: [1, 1], approval: [0.5, expect.closeTo(2 / 3, 12)] }),
      );
      // participation: a1 and a4 alone hold 200 of 300 m² (2/3, enough) but are 2 of 4 households
      // (1/2 < 2/3) → fails although everyone who voted was FOR
      expect(
        await decide(v[0], 'CIVIL_CODE_ORDINARY', [
          ['a1', 'FOR'],
          ['a4', 'FOR'],
        ]),
      ).toEqual(
        decided({ passed: false, votes: [2, 0, 0], participation: [0.5, expect.closeTo(2 / 3, 12)], approval: [1, 1] }),
      );
      // V3's census is 6 households: c1, c2, c3 are 3 of 6 (1/2 < 2/3), although 299.99 of 400 m² → fails
      expect(
        await decide(v[2], 'CIVIL_CODE_ORDINARY', [
          ['c1', 'FOR'],
          ['c2', 'FOR'],
          ['c3', 'FOR'],
        ]),
      ).toMatchObject({
        passed: false,
        participationByCount: 0.5,
        participationByArea: expect.closeTo(299.99 / 400, 12),
      });
    });

    it('CIVIL_CODE_SPECIAL: passes at exactly 3/4 by count and by area, fails just below', async () => {
      // V2: b1, b2, b3 FOR (300 of 400 m²), b4 AGAINST: 3/4 and 3/4 → passed
      expect(
        await decide(v[1], 'CIVIL_CODE_SPECIAL', [
          ['b1', 'FOR'],
          ['b2', 'FOR'],
          ['b3', 'FOR'],
          ['b4', 'AGAINST'],
        ]),
      ).toEqual(decided({ passed: true, votes: [3, 1, 0], participation: [1, 1], approval: [0.75, 0.75] }));
      // an abstention is a vote cast: 2 FOR of 4 → fails
      expect(
        await decide(v[1], 'CIVIL_CODE_SPECIAL', [
          ['b1', 'FOR'],
          ['b2', 'FOR'],
          ['b3', 'ABSTAIN'],
          ['b4', 'AGAINST'],
        ]),
      ).toMatchObject({
        passed: false,
        votesAbstain: 1,
        approvalByCount: 0.5,
      });
      // V3 (census 6): 4 voters are exactly 2/3 of the households and all 400 m².
      // c1, c2, c3 FOR: 3/4 by count, but 299.99 of 400 m² = 0.749975 < 3/4 → fails
      expect(
        await decide(v[2], 'CIVIL_CODE_SPECIAL', [
          ['c1', 'FOR'],
          ['c2', 'FOR'],
          ['c3', 'FOR'],
          ['c4', 'AGAINST'],
        ]),
      ).toEqual(
        decided({
          passed: false,
          votes: [3, 1, 0],
          participation: [expect.closeTo(4 / 6, 12), 1],
          approval: [0.75, expect.closeTo(0.749975, 12)],
        }),
      );
      // c1, c2, c4 FOR: 300.01 of 400 m² = 0.750025 ≥ 3/4 and 3/4 by count; participation exactly 2/3 → passed
      expect(
        await decide(v[2], 'CIVIL_CODE_SPECIAL', [
          ['c1', 'FOR'],
          ['c2', 'FOR'],
          ['c4', 'FOR'],
          ['c3', 'AGAINST'],
        ]),
      ).toMatchObject({
        passed: true,
        participationByCount: expect.closeTo(2 / 3, 12),
        approvalByArea: expect.closeTo(0.750025, 12),
      });
      // the stored outcome, from the database
      const stored = await t.sql<{ rule: string; passed: boolean }>(
        `select rule, passed from proposals where rule = 'CIVIL_CODE_SPECIAL' order by created_at`,
      );
      expect(stored.map((row) => row.passed)).toEqual([true, false, false, true]);
    });
  });

  describe('the lifecycle', () => {
    it('DRAFT → VOTING → CLOSED → published, with a provisional tally while voting', async () => {
      const proposal = await create(v[1], 'SIMPLE_MAJORITY', '  更换单元门禁  ');
      expect(proposal).toMatchObject({
        title: '更换单元门禁',
        status: 'DRAFT',
        votingOpen: false,
        votingClosesAt: null,
        result: null,
        tally: null,
        publishedWithin24h: null,
      });
      // not yet open: no votes, no closing, no publishing
      expect(codes(await vote(proposal.id, 'b1', 'FOR'))).toEqual(['VOTING_CLOSED']);
      expect(codes(await call(CLOSE, 'closeVoting', { proposalId: proposal.id }))).toEqual(['INVALID']);
      expect(codes(await call(PUBLISH, 'publishDecision', { proposalId: proposal.id }))).toEqual(['INVALID']);
      // closesAt must lie ahead
      const past = await call(OPEN, 'openVoting', {
        proposalId: proposal.id,
        closesAt: new Date(Date.now() - 1000).toISOString(),
      });
      expect(past.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['input', 'closesAt']]]);
      const closesAt = inAnHour();
      const opened = await open(proposal.id, closesAt);
      expect(opened).toMatchObject({ status: 'VOTING', votingOpen: true, votingClosesAt: closesAt, result: null });
      expect(codes(await call(OPEN, 'openVoting', { proposalId: proposal.id, closesAt }))).toEqual(['INVALID']);

      expect(codes(await vote(proposal.id, 'b1', 'FOR'))).toEqual([]);
      expect(codes(await vote(proposal.id, 'b2', 'AGAINST', { channel: 'OFFLINE' }))).toEqual([]);
      const assisted = await vote(proposal.id, 'b3', 'FOR', { channel: 'ASSISTED', assistedBy: ' 王助老员 ' });
      expect(assisted.vote).toMatchObject({
        choice: 'FOR',
        channel: 'ASSISTED',
        assistedBy: '王助老员',
        household: { code: 'b3' },
      });
      const during = (
        await t.client.request(
          NODE.replace('title status', `title status tally { ${RESULT} } result { passed }`),
          { id: proposal.id },
          { token: a.tokens.viewer },
        )
      ).data!.node;
      // provisional: 2 FOR of 3 cast > 1/2; participation 3 of 4
      expect(during).toMatchObject({
        status: 'VOTING',
        result: null,
        tally: { passed: true, votesFor: 2, votesAgainst: 1, participationByCount: 0.75 },
      });

      const closed = await close(proposal.id);
      expect(closed).toMatchObject({
        status: 'CLOSED',
        votingOpen: false,
        publishedAt: null,
        publishedWithin24h: null,
      });
      expect(closed.result).toEqual(closed.tally);
      expect(closed.result).toMatchObject({ passed: true, votesFor: 2, votesAgainst: 1, votesAbstain: 0 });
      expect(Date.parse(closed.closedAt)).toBeLessThanOrEqual(Date.now());
      expect(codes(await vote(proposal.id, 'b4', 'FOR'))).toEqual(['VOTING_CLOSED']);
      expect(codes(await call(CLOSE, 'closeVoting', { proposalId: proposal.id }))).toEqual(['INVALID']);

      const published = await call(PUBLISH, 'publishDecision', { proposalId: proposal.id });
      expect(published.userErrors).toEqual([]);
      expect(published.proposal).toMatchObject({ status: 'CLOSED', publishedWithin24h: true });
      expect(codes(await call(PUBLISH, 'publishDecision', { proposalId: proposal.id }))).toEqual(['INVALID']);

      // the votes, in the order cast, in pages
      const page1 = (await t.client.request(PROPOSAL_VOTES, { id: proposal.id, first: 2 }, { token: a.tokens.admin }))
        .data!.node.votes;
      expect(page1.totalCount).toBe(3);
      expect(page1.edges.map((edge: any) => [edge.node.household.code, edge.node.choice, edge.node.channel])).toEqual([
        ['b1', 'FOR', 'ONLINE'],
        ['b2', 'AGAINST', 'OFFLINE'],
      ]);
      const page2 = (
        await t.client.request(
          PROPOSAL_VOTES,
          { id: proposal.id, first: 2, after: page1.pageInfo.endCursor },
          { token: a.tokens.admin },
        )
      ).data!.node.votes;
      expect(page2.edges.map((edge: any) => edge.node.assistedBy)).toEqual(['王助老员']);
      expect(page2.pageInfo.hasNextPage).toBe(false);
    });

    it('publication more than 24 hours after closing is tracked as late', async () => {
      const proposal = await create(v[1], 'SIMPLE_MAJORITY', '晚公示');
      await open(proposal.id);
      await vote(proposal.id, 'b1', 'FOR');
      await close(proposal.id);
      // voting closed 25 hours ago and nothing was published: late already
      await t.sql(`update proposals set closed_at = now() - interval '25 hours' where id = $1`, [
        fromGlobalId(proposal.id)!.id,
      ]);
      const late = (
        await t.client.request(
          NODE.replace('title status', 'title status publishedWithin24h'),
          { id: proposal.id },
          { token: a.tokens.admin },
        )
      ).data!.node;
      expect(late.publishedWithin24h).toBe(false);
      const published = await call(PUBLISH, 'publishDecision', { proposalId: proposal.id });
      expect(published.proposal).toMatchObject({ publishedWithin24h: false });
      expect(published.proposal!.publishedAt).not.toBeNull();
    });

    it('after closesAt no vote is taken (VOTING_CLOSED) and closeVoting then records the result as of closesAt', async () => {
      const proposal = await create(v[0], 'SIMPLE_MAJORITY', '短时表决');
      const closesAt = new Date(Date.now() + 1500).toISOString();
      await open(proposal.id, closesAt);
      expect(codes(await vote(proposal.id, 'a1', 'FOR'))).toEqual([]);
      await sleep(1600);
      const late = await vote(proposal.id, 'a2', 'FOR');
      expect(late.userErrors.map((e) => [e.code, e.field, e.message])).toEqual([
        ['VOTING_CLOSED', ['input', 'proposalId'], '该议题当前不在表决期内，不能投票'],
      ]);
      const node = (
        await t.client.request(
          NODE.replace('title status', 'title status votingOpen'),
          { id: proposal.id },
          { token: a.tokens.admin },
        )
      ).data!.node;
      expect(node).toMatchObject({ status: 'VOTING', votingOpen: false });
      const closed = await close(proposal.id);
      // voting ended at closesAt, not when the result was recorded
      expect(closed).toMatchObject({
        status: 'CLOSED',
        closedAt: closesAt,
        result: { passed: true, votesFor: 1, participationByCount: 0.25 },
      });
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int n from votes where proposal_id = $1`, [
        fromGlobalId(proposal.id)!.id,
      ]);
      expect(n).toBe(1);
    });
  });

  describe('votes', () => {
    it('validation: unknown household, ASSISTED needs its helper and only ASSISTED names one, one vote per household; in zh-CN and en', async () => {
      const proposal = await create(v[0], 'SIMPLE_MAJORITY', '校验');
      await open(proposal.id);
      const before = Number((await t.sql<{ n: number }>(`select count(*)::int n from votes`))[0].n);
      // b1 is a household of V2, not of this proposal's courtyard V1
      const unknown = await vote(proposal.id, 'b1', 'FOR');
      expect(unknown.userErrors.map((e) => [e.code, e.field, e.message])).toEqual([
        ['UNKNOWN_HOUSEHOLD', ['input', 'householdCode'], '本小院没有户编码为“b1”的住户'],
      ]);
      const noHelper = await vote(proposal.id, 'a1', 'FOR', { channel: 'ASSISTED' }, a.tokens.admin);
      expect(noHelper.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['input', 'assistedBy']]]);
      const blankHelper = await vote(proposal.id, 'a1', 'FOR', { channel: 'ASSISTED', assistedBy: '  ' });
      expect(blankHelper.userErrors.map((e) => [e.code, e.field])).toEqual([['INVALID', ['input', 'assistedBy']]]);
      const helperOnline = await call(
        CAST,
        'castVote',
        { proposalId: proposal.id, householdCode: 'a1', choice: 'FOR', channel: 'ONLINE', assistedBy: '王' },
        a.tokens.admin,
        'en',
      );
      expect(helperOnline.userErrors.map((e) => [e.code, e.field, e.message])).toEqual([
        ['INVALID', ['input', 'assistedBy'], 'Only an ASSISTED vote names a digital helper: leave assistedBy out'],
      ]);
      const both = await call(
        CAST,
        'castVote',
        { proposalId: proposal.id, householdCode: 'zz', choice: 'FOR', channel: 'ASSISTED' },
        a.tokens.admin,
        'en',
      );
      expect(both.userErrors.map((e) => e.message)).toEqual([
        'The courtyard has no household with the code "zz"',
        'An ASSISTED vote needs the name of the digital helper (assistedBy)',
      ]);
      expect(Number((await t.sql<{ n: number }>(`select count(*)::int n from votes`))[0].n)).toBe(before);

      expect(codes(await vote(proposal.id, 'a1', 'FOR'))).toEqual([]);
      const again = await call(
        CAST,
        'castVote',
        { proposalId: proposal.id, householdCode: 'a1', choice: 'AGAINST', channel: 'OFFLINE' },
        a.tokens.admin,
        'en',
      );
      expect(again.userErrors.map((e) => [e.code, e.field, e.message])).toEqual([
        ['ALREADY_VOTED', ['input', 'householdCode'], 'The household "a1" has voted on this proposal already'],
      ]);
      const againZh = await vote(proposal.id, 'a1', 'AGAINST');
      expect(againZh.userErrors.map((e) => e.message)).toEqual(['住户“a1”已对本议题投过票']);
      const [row] = await t.sql<{ choice: string }>(`select choice from votes where proposal_id = $1`, [
        fromGlobalId(proposal.id)!.id,
      ]);
      expect(row.choice).toBe('FOR');
    });

    it('20 concurrent votes of one household: exactly one stored, 19 ALREADY_VOTED userErrors, no errors', async () => {
      const proposal = await create(v[0], 'SIMPLE_MAJORITY', '并发投票');
      await open(proposal.id);
      const choices = ['FOR', 'AGAINST', 'ABSTAIN'];
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.client.request(
            CAST,
            { input: { proposalId: proposal.id, householdCode: 'a2', choice: choices[i % 3], channel: 'ONLINE' } },
            { token: a.tokens.admin },
          ),
        ),
      );
      expect(results.map((result) => result.errors)).toEqual(results.map(() => undefined));
      const payloads = results.map((result) => result.data!.castVote as Payload);
      const stored = payloads.filter((payload) => payload.userErrors.length === 0);
      expect(stored).toHaveLength(1);
      expect(payloads.filter((payload) => payload.userErrors.length > 0).map(codes)).toEqual(
        Array(19).fill(['ALREADY_VOTED']),
      );
      const rows = await t.sql<{ id: string; choice: string }>(`select id, choice from votes where proposal_id = $1`, [
        fromGlobalId(proposal.id)!.id,
      ]);
      expect(rows).toHaveLength(1);
      expect(rows[0].choice).toBe(stored[0].vote!.choice);
      expect(fromGlobalId(stored[0].vote!.id)!.id).toBe(rows[0].id);
      const closed = await close(proposal.id);
      expect(closed.result.votesFor + closed.result.votesAgainst + closed.result.votesAbstain).toBe(1);
    });
  });

  describe('roles, scopes and districts', () => {
    beforeAll(async () => {
      // households for A's fixture courtyards 2 and 3 (courtyard 1 has 1-101 and 1-102)
      for (const index of [1, 2]) {
        const result = await t.client.request(
          REGISTER_HOUSEHOLDS,
          { input: { courtyardId: a.courtyards[index], households: [{ code: 'h1', areaSqm: 60 }] } },
          { token: a.tokens.admin },
        );
        expect(result.data!.registerHouseholds.userErrors).toEqual([]);
      }
    });

    it('scoped roles manage proposals and record votes in their subtree only; VIEWER neither', async () => {
      const committee = a.tokens.courtyardCommittee;
      expect(
        codes(
          await call(
            CREATE,
            'createProposal',
            { courtyardId: a.courtyards[1], title: 'x', tier: 'MINOR', rule: 'SIMPLE_MAJORITY' },
            committee,
          ),
        ),
      ).toEqual(['FORBIDDEN']);
      expect(
        codes(
          await call(
            CREATE,
            'createProposal',
            { courtyardId: a.courtyards[0], title: 'x', tier: 'MINOR', rule: 'SIMPLE_MAJORITY' },
            a.tokens.viewer,
          ),
        ),
      ).toEqual(['FORBIDDEN']);
      const own = await create(a.courtyards[0], 'SIMPLE_MAJORITY', '院委会议题', committee);
      const other = await create(a.courtyards[1], 'SIMPLE_MAJORITY', '社区议题', a.tokens.communityWorker);
      const far = await create(a.courtyards[2], 'SIMPLE_MAJORITY', '街道议题', a.tokens.streetOfficer);
      expect(
        codes(
          await call(
            CREATE,
            'createProposal',
            { courtyardId: a.courtyards[3], title: 'x', tier: 'MINOR', rule: 'SIMPLE_MAJORITY' },
            a.tokens.streetOfficer,
          ),
        ),
      ).toEqual(['FORBIDDEN']);

      const closesAt = inAnHour();
      expect(codes(await call(OPEN, 'openVoting', { proposalId: own.id, closesAt }, committee))).toEqual([]);
      expect(codes(await call(OPEN, 'openVoting', { proposalId: other.id, closesAt }, committee))).toEqual([
        'FORBIDDEN',
      ]);
      expect(codes(await call(OPEN, 'openVoting', { proposalId: other.id, closesAt }, a.tokens.viewer))).toEqual([
        'FORBIDDEN',
      ]);
      expect(
        codes(await call(OPEN, 'openVoting', { proposalId: other.id, closesAt }, a.tokens.communityWorker)),
      ).toEqual([]);
      expect(codes(await call(OPEN, 'openVoting', { proposalId: far.id, closesAt }, a.tokens.communityWorker))).toEqual(
        ['FORBIDDEN'],
      );
      expect(codes(await call(OPEN, 'openVoting', { proposalId: far.id, closesAt }, a.tokens.admin))).toEqual([]);

      expect(codes(await vote(own.id, '1-101', 'FOR', {}, committee))).toEqual([]);
      expect(codes(await vote(other.id, 'h1', 'FOR', {}, committee))).toEqual(['FORBIDDEN']);
      expect(codes(await vote(other.id, 'h1', 'FOR', {}, a.tokens.viewer))).toEqual(['FORBIDDEN']);
      expect(codes(await vote(other.id, 'h1', 'FOR', {}, a.tokens.communityWorker))).toEqual([]);
      expect(codes(await vote(far.id, 'h1', 'FOR', {}, a.tokens.communityWorker))).toEqual(['FORBIDDEN']);

      for (const [mutation, key] of [
        [CLOSE, 'closeVoting'],
        [PUBLISH, 'publishDecision'],
      ] as const) {
        expect(codes(await call(mutation, key, { proposalId: other.id }, committee))).toEqual(['FORBIDDEN']);
        expect(codes(await call(mutation, key, { proposalId: own.id }, a.tokens.viewer))).toEqual(['FORBIDDEN']);
        expect(codes(await call(mutation, key, { proposalId: own.id }, committee))).toEqual([]);
      }

      // reads: the committee sees its courtyard's proposals only; VIEWER all
      expect((await t.client.request(NODE, { id: other.id }, { token: committee })).data!.node).toBeNull();
      expect((await t.client.request(NODE, { id: own.id }, { token: committee })).data!.node).toMatchObject({
        __typename: 'Proposal',
        status: 'CLOSED',
      });
      expect((await t.client.request(NODE, { id: other.id }, { token: a.tokens.viewer })).data!.node).toMatchObject({
        __typename: 'Proposal',
      });
      const list = (await t.client.request(COURTYARD_PROPOSALS, { id: a.courtyards[0] }, { token: committee })).data!
        .node.proposals;
      expect(list.edges.map((edge: any) => edge.node.id)).toEqual([own.id]);
    });

    it('Courtyard.proposals lists newest first, by status, in pages', async () => {
      const list = async (variables: Record<string, unknown>) =>
        (await t.client.request(COURTYARD_PROPOSALS, { id: v[1], ...variables }, { token: a.tokens.admin })).data!.node
          .proposals;
      const all = await list({ first: 100 });
      const [{ n }] = await t.sql<{ n: number }>(`select count(*)::int n from proposals where courtyard_id = $1`, [
        fromGlobalId(v[1])!.id,
      ]);
      expect(all.totalCount).toBe(n);
      expect(all.edges[0].node.title).toBe('晚公示'); // the newest of V2
      const closed = await list({ status: 'CLOSED', first: 100 });
      expect(closed.edges.every((edge: any) => edge.node.status === 'CLOSED')).toBe(true);
      expect((await list({ status: 'DRAFT' })).totalCount).toBe(0);
      const first = await list({ first: 2 });
      const rest = await list({ first: 100, after: first.pageInfo.endCursor });
      expect([...first.edges, ...rest.edges].map((edge: any) => edge.node.id)).toEqual(
        all.edges.map((edge: any) => edge.node.id),
      );
    });

    it("district A's users with district B's ids: NOT_FOUND, nothing of B returned or changed", async () => {
      // B: a proposal in voting with one vote
      await t.client.request(
        REGISTER_HOUSEHOLDS,
        { input: { courtyardId: b.courtyards[1], households: [{ code: 'x1', areaSqm: 70 }] } },
        { token: b.tokens.admin },
      );
      const bProposal = (
        await call(
          CREATE,
          'createProposal',
          { courtyardId: b.courtyards[1], title: 'B 的议题', tier: 'MINOR', rule: 'SIMPLE_MAJORITY' },
          b.tokens.admin,
        )
      ).proposal!;
      const bDraft = (
        await call(
          CREATE,
          'createProposal',
          { courtyardId: b.courtyards[1], title: 'B 的草稿', tier: 'MINOR', rule: 'SIMPLE_MAJORITY' },
          b.tokens.admin,
        )
      ).proposal!;
      expect(
        codes(await call(OPEN, 'openVoting', { proposalId: bProposal.id, closesAt: inAnHour() }, b.tokens.admin)),
      ).toEqual([]);
      const bVote = (
        await call(
          CAST,
          'castVote',
          { proposalId: bProposal.id, householdCode: 'x1', choice: 'FOR', channel: 'ONLINE' },
          b.tokens.admin,
        )
      ).vote!;
      const tenant = fromGlobalId(b.id)!.id;
      const bRows = async () => ({
        proposals: await t.sql(`select * from proposals where tenant_id = $1 order by id`, [tenant]),
        votes: await t.sql(`select * from votes where tenant_id = $1 order by id`, [tenant]),
      });
      const before = await bRows();
      const bIds = [bProposal.id, bDraft.id, bVote.id, ...b.courtyards, 'B 的', 'ppb'];
      const leaks = (value: unknown) => bIds.filter((id) => JSON.stringify(value).includes(id));

      for (const role of ['admin', 'streetOfficer', 'communityWorker', 'courtyardCommittee', 'viewer'] as const) {
        const token = a.tokens[role];
        const attempts: [string, string, Record<string, unknown>][] = [
          [
            CREATE,
            'createProposal',
            { courtyardId: b.courtyards[1], title: 'hostile', tier: 'MINOR', rule: 'SIMPLE_MAJORITY' },
          ],
          [OPEN, 'openVoting', { proposalId: bDraft.id, closesAt: inAnHour() }],
          [CAST, 'castVote', { proposalId: bProposal.id, householdCode: 'x1', choice: 'AGAINST', channel: 'ONLINE' }],
          [CLOSE, 'closeVoting', { proposalId: bProposal.id }],
          [PUBLISH, 'publishDecision', { proposalId: bProposal.id }],
        ];
        for (const [query, key, input] of attempts) {
          const payload = await call(query, key, input, token);
          expect({ role, key, codes: codes(payload) }).toEqual({ role, key, codes: ['NOT_FOUND'] });
          expect(leaks(payload)).toEqual([]);
        }
        for (const id of [bProposal.id, bVote.id]) {
          await expectNoNode(t.client, NODE, { id, role, token });
        }
        const proposals = await t.client.request(COURTYARD_PROPOSALS, { id: b.courtyards[1] }, { token });
        expect({ role, node: proposals.data!.node }).toEqual({ role, node: null });
      }
      expect(await bRows()).toEqual(before);
      // A's own lists show nothing of B
      const aList = await t.client.request(
        COURTYARD_PROPOSALS,
        { id: a.courtyards[1], first: 100 },
        { token: a.tokens.admin },
      );
      expect(leaks(aList.data)).toEqual([]);
    });

    it('every proposal and vote mutation leaves an audit row', async () => {
      const rows = await t.sql<{ operation: string; target_type: string | null; ok: boolean; codes: string[] | null }>(
        `select operation, target_type, (detail->>'ok')::boolean ok, array(select jsonb_array_elements_text(detail->'userErrors')) codes
         from audit_log where operation in ('createProposal', 'openVoting', 'castVote', 'closeVoting', 'publishDecision')`,
      );
      for (const operation of ['createProposal', 'openVoting', 'castVote', 'closeVoting', 'publishDecision']) {
        const mine = rows.filter((row) => row.operation === operation);
        expect({
          operation,
          ok: mine.some((row) => row.ok),
          refused: mine.some((row) => !row.ok && row.codes!.length > 0),
        }).toEqual({ operation, ok: true, refused: true });
      }
      expect(rows.some((row) => row.operation === 'castVote' && row.ok && row.target_type === 'Vote')).toBe(true);
      expect(
        rows.filter((row) => row.operation === 'castVote' && row.codes?.includes('ALREADY_VOTED')).length,
      ).toBeGreaterThanOrEqual(19);
      // one successful castVote audit row per stored vote
      const [{ votes }] = await t.sql<{ votes: number }>(`select count(*)::int votes from votes`);
      expect(rows.filter((row) => row.operation === 'castVote' && row.ok)).toHaveLength(votes);
    });
  });
});
