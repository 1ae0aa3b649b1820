import { randomUUID } from 'node:crypto';
import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createScratchDatabase, type ScratchDatabase } from '../db/scratch-database';
import { ENTITIES, ormConfig } from '../db/orm-config';
import { TENANT_TABLES } from '../db/tenant-tables';
import { withTenant } from '../db/tenant-transaction';
import {
  ActivityKind,
  AlertAction,
  AlertLevel,
  AlertStatus,
  ApiScope,
  CourtyardType,
  DeliveryStatus,
  DisputeCategory,
  ExpenseCategory,
  IdleSpaceStatus,
  IncomeSource,
  InstitutionKind,
  KpiKey,
  KpiStatus,
  LedgerDirection,
  MilestoneKey,
  PhaseKey,
  ProposalStatus,
  ProposalTier,
  ResolutionChannel,
  Role,
  ScopeLevel,
  VoteChannel,
  VoteChoice,
  VotingRule,
  WebhookEvent,
} from '@xiaoyuan/domain';
import {
  Activity,
  ActivityAttendance,
  Alert,
  AlertEvent,
  ApiClient,
  CommitteeElection,
  Community,
  Courtyard,
  DemonstrationDesignation,
  Dispute,
  Enrollment,
  Household,
  IdleSpace,
  IdleSpaceStatusChange,
  Institution,
  KpiSnapshot,
  KpiTarget,
  LedgerEntry,
  Milestone,
  MilestoneConfirmation,
  Proposal,
  RolloutPhase,
  RolloutPlan,
  ServiceRequest,
  Street,
  SurveyResponse,
  User,
  Vote,
  Webhook,
  WebhookDelivery,
} from '.';

// The entities checked against the real, migrated schema: every mapped column exists with a
// compatible type and nullability, every tenant table has an entity, and one of each entity
// round-trips through the ORM as the application role, inside a tenant transaction.

let database: ScratchDatabase;
let name: string;
const tenantId = randomUUID();

interface Column {
  table: string;
  column: string;
  udt: string;
  nullable: boolean;
}

let orm: MikroORM;
let columns: Map<string, Map<string, Column>>;

const make = <T extends object>(cls: new () => T, data: Partial<T>): T => Object.assign(new cls(), data);

beforeAll(async () => {
  database = await createScratchDatabase();
  name = database.name;
  const superuser = new Client({ connectionString: database.url });
  await superuser.connect();
  try {
    await superuser.query(`insert into districts (id, name, code) values ($1, 'Entity test', $2)`, [
      tenantId,
      `E${name.slice(-8)}`,
    ]);
    const { rows } = await superuser.query<{
      table_name: string;
      column_name: string;
      udt_name: string;
      is_nullable: string;
    }>(
      `select table_name, column_name, udt_name, is_nullable from information_schema.columns where table_schema = 'public'`,
    );
    columns = new Map();
    for (const row of rows) {
      if (!columns.has(row.table_name)) columns.set(row.table_name, new Map());
      columns.get(row.table_name)!.set(row.column_name, {
        table: row.table_name,
        column: row.column_name,
        udt: row.udt_name,
        nullable: row.is_nullable === 'YES',
      });
    }
  } finally {
    await superuser.end();
  }
  orm = await MikroORM.init(ormConfig(database.appUrl));
});

afterAll(async () => {
  await orm?.close(true);
  await database?.drop();
});

const entityMetadata = (): EntityMetadata[] =>
  ENTITIES.map((cls) => orm.getMetadata().find((cls as { name: string }).name)).filter(
    (meta): meta is EntityMetadata => !!meta && !meta.abstract && !meta.embeddable,
  );

/** Properties stored in the entity's own table: scalars and owning to-one relations. */
const columnProps = (meta: EntityMetadata): EntityProperty[] =>
  meta.props.filter(
    (prop) =>
      prop.persist !== false &&
      !prop.formula &&
      (prop.kind === ReferenceKind.SCALAR ||
        prop.kind === ReferenceKind.MANY_TO_ONE ||
        (prop.kind === ReferenceKind.ONE_TO_ONE && prop.owner)),
  );

// Runtime types the ORM may hydrate from each Postgres type.
const COMPATIBLE: Record<string, string[]> = {
  text: ['string'],
  varchar: ['string'],
  uuid: ['string'],
  date: ['string'],
  timestamptz: ['Date'],
  int4: ['number'],
  int8: ['number', 'string', 'bigint'],
  numeric: ['number'],
  bool: ['boolean'],
  jsonb: ['object', 'any', 'array'],
  bytea: ['Buffer'],
  _text: ['string[]'],
};

// Known mismatches, each with the reason it is acceptable. (`type: 'float'` on a `numeric` column
// of a `number | null` property needs `runtimeType: 'number'`, or it hydrates a string.)
const KNOWN_MISMATCHES: string[] = [];

function runtimeTypeOf(prop: EntityProperty): string {
  if (prop.array) return 'string[]';
  if (prop.enum) return 'string';
  return String(prop.runtimeType);
}

describe('entity metadata against the migrated schema', () => {
  it('maps only columns that exist, with a compatible type and the same nullability', () => {
    const problems: string[] = [];
    const metas = entityMetadata();
    expect(metas.length).toBeGreaterThanOrEqual(35);
    for (const meta of metas) {
      const table = columns.get(meta.tableName);
      if (!table) {
        problems.push(`${meta.className}: no table ${meta.tableName}`);
        continue;
      }
      for (const prop of columnProps(meta)) {
        for (const fieldName of prop.fieldNames) {
          const column = table.get(fieldName);
          if (!column) {
            problems.push(`${meta.className}.${prop.name}: no column ${meta.tableName}.${fieldName}`);
            continue;
          }
          if (prop.kind === ReferenceKind.SCALAR) {
            const allowed = COMPATIBLE[column.udt] ?? [];
            const runtime = runtimeTypeOf(prop);
            const problem = `${meta.className}.${prop.name}: ${runtime} for ${column.udt} column ${meta.tableName}.${fieldName}`;
            if (!allowed.includes(runtime) && !KNOWN_MISMATCHES.includes(problem)) problems.push(problem);
          } else if (column.udt !== 'uuid') {
            problems.push(
              `${meta.className}.${prop.name}: relation on ${column.udt} column ${meta.tableName}.${fieldName}`,
            );
          }
          if (!!prop.nullable !== column.nullable) {
            problems.push(
              `${meta.className}.${prop.name}: ${prop.nullable ? 'nullable' : 'not nullable'} but ${meta.tableName}.${fieldName} is ${column.nullable ? 'nullable' : 'not null'}`,
            );
          }
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it('maps every column of every mapped table', () => {
    const problems: string[] = [];
    for (const meta of entityMetadata()) {
      const mapped = new Set(columnProps(meta).flatMap((prop) => prop.fieldNames));
      for (const column of columns.get(meta.tableName)?.values() ?? []) {
        if (!mapped.has(column.column))
          problems.push(`${meta.className}: ${meta.tableName}.${column.column} is not mapped`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('has an entity for every tenant table', () => {
    const tables = new Set(entityMetadata().map((meta) => meta.tableName));
    expect(TENANT_TABLES.filter((table) => !tables.has(table))).toEqual([]);
  });
});

describe('one of each entity through the ORM, as the application role', () => {
  const ids: Record<string, string> = {};
  // written by the first test, read back by the second
  const ELECTION = {
    electedOn: '2026-03-01',
    memberCount: 7,
    socialWorkerCount: 1,
    committeeMemberCount: 3,
    volunteerCount: 3,
    hasSupervisoryBoard: true,
  };
  const SNAPSHOT_VALUES = {
    value: 0.075,
    numerator: 3,
    denominator: 40,
    target: 0.3,
    status: KpiStatus.RED,
    provisional: false,
  };

  it('persists a small graph inside a tenant transaction', async () => {
    await withTenant(orm.em, { tenantId }, async (em) => {
      const t = { tenantId };
      const street = make(Street, { ...t, code: 'S1', name: '街道一' });
      const community = make(Community, { ...t, street, code: 'C1', name: '社区一' });
      const courtyard = make(Courtyard, {
        ...t,
        street,
        community,
        code: 'Y1',
        name: '小院一',
        type: CourtyardType.OLD_COMPOUND,
        householdCount: 40,
      });
      const household = make(Household, { ...t, courtyard, code: '1-101', areaSqm: 65.5 });
      const user = make(User, {
        ...t,
        email: `admin-${name}@example.org`,
        passwordHash: 'x',
        displayName: '管理员',
        role: Role.DISTRICT_ADMIN,
      });

      const activity = make(Activity, {
        ...t,
        courtyard,
        kind: ActivityKind.CULTURAL,
        title: '中秋联欢',
        heldOn: '2026-10-03',
      });
      const attendance = make(ActivityAttendance, { ...t, activity, household, participants: 3, youthParticipants: 1 });
      const dispute = make(Dispute, {
        ...t,
        courtyard,
        category: DisputeCategory.PARKING,
        reportedOn: '2026-10-01',
        summary: '停车',
        resolvedOn: '2026-10-05',
        channel: ResolutionChannel.COMMITTEE,
      });
      const serviceRequest = make(ServiceRequest, {
        ...t,
        courtyard,
        household,
        category: '水电',
        createdAt: new Date('2026-10-02T01:00:00Z'),
        firstResponseAt: new Date('2026-10-02T03:00:00Z'),
      });
      const original = make(LedgerEntry, {
        ...t,
        courtyard,
        direction: LedgerDirection.EXPENSE,
        expenseCategory: ExpenseCategory.SAFETY,
        amountFen: 12_345_678_901,
        occurredOn: '2026-10-04',
        memo: '灭火器',
        recordedBy: user,
      });
      const reversal = make(LedgerEntry, {
        ...t,
        courtyard,
        direction: LedgerDirection.EXPENSE,
        expenseCategory: ExpenseCategory.SAFETY,
        amountFen: -12_345_678_901,
        occurredOn: '2026-10-04',
        reverses: original,
        reason: '录入错误',
        recordedBy: user,
      });
      const income = make(LedgerEntry, {
        ...t,
        courtyard,
        direction: LedgerDirection.INCOME,
        incomeSource: IncomeSource.RESIDENT_CONTRIBUTION,
        amountFen: 5_000,
        occurredOn: '2026-10-06',
      });
      const idleSpace = make(IdleSpace, { ...t, courtyard, name: '车棚', areaSqm: 30.25, registeredOn: '2026-09-01' });
      const statusChange = make(IdleSpaceStatusChange, {
        ...t,
        idleSpace,
        status: IdleSpaceStatus.UTILIZED,
        changedOn: '2026-10-10',
        newUse: '共享菜园',
      });
      const survey = make(SurveyResponse, { ...t, courtyard, household, takenOn: '2026-10-11', score: 88 });
      const proposal = make(Proposal, {
        ...t,
        courtyard,
        title: '加装电梯',
        tier: ProposalTier.SPECIAL,
        rule: VotingRule.CIVIL_CODE_SPECIAL,
        status: ProposalStatus.VOTING,
        votingOpenedAt: new Date('2026-10-12T00:00:00Z'),
        votingClosesAt: new Date('2026-10-19T00:00:00Z'),
      });
      const vote = make(Vote, {
        ...t,
        proposal,
        household,
        choice: VoteChoice.FOR,
        channel: VoteChannel.ASSISTED,
        assistedBy: '数字助老员 王',
      });
      const plan = make(RolloutPlan, { ...t, name: '小院自治三年行动', startsOn: '2026-01-15' });
      const phase = make(RolloutPhase, {
        ...t,
        plan,
        key: PhaseKey.PROMOTION,
        startMonth: 13,
        endMonth: 36,
        targetShare: 0.5,
      });
      const milestone = make(Milestone, { ...t, plan, key: MilestoneKey.PILOT_SUMMARY, dueMonth: 12, manual: true });
      const confirmation = make(MilestoneConfirmation, {
        ...t,
        milestone,
        metOn: '2026-12-20',
        note: '试点总结大会',
        evidenceUrl: 'https://example.org/e',
        confirmedBy: user,
      });
      const enrollment = make(Enrollment, { ...t, plan, courtyard, batch: 1, enrolledOn: '2026-02-01' });
      const election = make(CommitteeElection, { ...t, courtyard, ...ELECTION });
      const institution = make(Institution, {
        ...t,
        courtyard,
        kind: InstitutionKind.CONVENTION,
        adoptedOn: '2026-04-01',
      });
      const designation = make(DemonstrationDesignation, { ...t, courtyard, since: '2026-11-01' });
      const kpiTarget = make(KpiTarget, { ...t, phase: PhaseKey.PILOT, kpi: KpiKey.PARTICIPATION_RATE, target: 0.35 });
      const kpiSnapshot = make(KpiSnapshot, {
        ...t,
        scopeLevel: ScopeLevel.COURTYARD,
        scopeId: '',
        period: '2026-10',
        kpi: KpiKey.PARTICIPATION_RATE,
        ...SNAPSHOT_VALUES,
      });
      const alert = make(Alert, {
        ...t,
        courtyard,
        street,
        community,
        kpi: KpiKey.PARTICIPATION_RATE,
        level: AlertLevel.RED,
        period: '2026-10',
        value: 0.075,
        target: 0.3,
      });
      const alertEvent = make(AlertEvent, {
        ...t,
        alert,
        action: AlertAction.OPENED,
        level: AlertLevel.RED,
        period: '2026-10',
      });
      const alertAck = make(AlertEvent, { ...t, alert, action: AlertAction.ACKNOWLEDGED, note: '已督办', actor: user });
      const apiClient = make(ApiClient, {
        ...t,
        name: '网格平台',
        secretHash: 'hash',
        scopes: [ApiScope.KPI_READ, ApiScope.ALERTS_READ],
        courtyard,
        createdBy: user,
      });
      const webhook = make(Webhook, {
        ...t,
        url: 'https://partner.example.org/hook',
        events: [WebhookEvent.ALERT_OPENED, WebhookEvent.PERIOD_CLOSED],
        signingSecretEncrypted: 'ciphertext',
      });
      const delivery = make(WebhookDelivery, {
        ...t,
        webhook,
        event: WebhookEvent.ALERT_OPENED,
        payload: { alert: 'x', level: 'RED', nested: { n: 1 } },
      });

      em.persist([street, community, courtyard, household, user, original]);
      await em.flush();
      kpiSnapshot.scopeId = courtyard.id;
      em.persist([
        activity,
        attendance,
        dispute,
        serviceRequest,
        reversal,
        income,
        idleSpace,
        statusChange,
        survey,
        proposal,
        vote,
        plan,
        phase,
        milestone,
        confirmation,
        enrollment,
        election,
        institution,
        designation,
        kpiTarget,
        kpiSnapshot,
        alert,
        alertEvent,
        alertAck,
        apiClient,
        webhook,
        delivery,
      ]);
      await em.flush();

      Object.assign(ids, {
        street: street.id,
        community: community.id,
        courtyard: courtyard.id,
        household: household.id,
        user: user.id,
        activity: activity.id,
        dispute: dispute.id,
        serviceRequest: serviceRequest.id,
        original: original.id,
        reversal: reversal.id,
        income: income.id,
        idleSpace: idleSpace.id,
        statusChange: statusChange.id,
        survey: survey.id,
        proposal: proposal.id,
        vote: vote.id,
        plan: plan.id,
        phase: phase.id,
        milestone: milestone.id,
        confirmation: confirmation.id,
        enrollment: enrollment.id,
        election: election.id,
        institution: institution.id,
        designation: designation.id,
        alert: alert.id,
        alertEvent: alertEvent.id,
        alertAck: alertAck.id,
        apiClient: apiClient.id,
        webhook: webhook.id,
        delivery: delivery.id,
      });
    });
    expect(Object.values(ids).every((id) => /^[0-9a-f-]{36}$/.test(id))).toBe(true);
  });

  it('reads them back with the JS types of the mapping', async () => {
    await withTenant(orm.em, { tenantId }, async (em) => {
      const activity = await em.findOneOrFail(Activity, ids.activity);
      expect(activity).toMatchObject({
        tenantId,
        kind: ActivityKind.CULTURAL,
        title: '中秋联欢',
        heldOn: '2026-10-03',
      });
      expect(activity.courtyard.id).toBe(ids.courtyard);
      expect(activity.createdAt).toBeInstanceOf(Date);

      const attendance = await em.findOneOrFail(ActivityAttendance, {
        activity: ids.activity,
        household: ids.household,
      });
      expect(attendance).toMatchObject({ tenantId, participants: 3, youthParticipants: 1 });

      const household = await em.findOneOrFail(Household, ids.household);
      expect(household.areaSqm).toBe(65.5);

      const dispute = await em.findOneOrFail(Dispute, ids.dispute);
      expect(dispute).toMatchObject({
        category: DisputeCategory.PARKING,
        reportedOn: '2026-10-01',
        resolvedOn: '2026-10-05',
        channel: ResolutionChannel.COMMITTEE,
        resolutionNote: null,
      });

      const request = await em.findOneOrFail(ServiceRequest, ids.serviceRequest);
      expect(request.createdAt).toEqual(new Date('2026-10-02T01:00:00Z'));
      expect(request.firstResponseAt).toEqual(new Date('2026-10-02T03:00:00Z'));
      expect(request.resolvedAt).toBeNull();
      expect(request.household?.id).toBe(ids.household);

      const original = await em.findOneOrFail(LedgerEntry, ids.original);
      const reversal = await em.findOneOrFail(LedgerEntry, ids.reversal);
      const income = await em.findOneOrFail(LedgerEntry, ids.income);
      expect(original.amountFen).toBe(12_345_678_901);
      expect(reversal.amountFen).toBe(-12_345_678_901);
      expect(income.amountFen).toBe(5_000);
      expect(original).toMatchObject({ occurredOn: '2026-10-04', reverses: null, reason: null, incomeSource: null });
      expect(reversal.reverses?.id).toBe(ids.original);
      expect(reversal).toMatchObject({
        occurredOn: '2026-10-04',
        reason: '录入错误',
        expenseCategory: ExpenseCategory.SAFETY,
      });
      expect(original.recordedBy?.id).toBe(ids.user);
      expect(income.recordedBy).toBeNull();
      expect(original.recordedAt).toBeInstanceOf(Date);

      const idleSpace = await em.findOneOrFail(IdleSpace, ids.idleSpace);
      expect(idleSpace).toMatchObject({ name: '车棚', areaSqm: 30.25, registeredOn: '2026-09-01' });
      const change = await em.findOneOrFail(IdleSpaceStatusChange, ids.statusChange);
      expect(change).toMatchObject({ status: IdleSpaceStatus.UTILIZED, changedOn: '2026-10-10', newUse: '共享菜园' });
      expect(change.idleSpace.id).toBe(ids.idleSpace);

      expect(await em.findOneOrFail(SurveyResponse, ids.survey)).toMatchObject({ takenOn: '2026-10-11', score: 88 });

      const proposal = await em.findOneOrFail(Proposal, ids.proposal);
      expect(proposal).toMatchObject({
        tier: ProposalTier.SPECIAL,
        rule: VotingRule.CIVIL_CODE_SPECIAL,
        status: ProposalStatus.VOTING,
        passed: null,
        closedAt: null,
        votingClosesAt: new Date('2026-10-19T00:00:00Z'),
      });
      const vote = await em.findOneOrFail(Vote, ids.vote);
      expect(vote).toMatchObject({
        choice: VoteChoice.FOR,
        channel: VoteChannel.ASSISTED,
        assistedBy: '数字助老员 王',
      });
      expect(vote.castAt).toBeInstanceOf(Date);

      const plan = await em.findOneOrFail(RolloutPlan, ids.plan);
      expect(plan).toMatchObject({ startsOn: '2026-01-15', pilotSize: 30, active: true });
      const phase = await em.findOneOrFail(RolloutPhase, ids.phase);
      expect(phase).toMatchObject({
        key: PhaseKey.PROMOTION,
        startMonth: 13,
        endMonth: 36,
        targetShare: 0.5,
        targetCourtyards: null,
      });
      const milestone = await em.findOneOrFail(Milestone, ids.milestone);
      expect(milestone).toMatchObject({ key: MilestoneKey.PILOT_SUMMARY, dueMonth: 12, manual: true });
      const confirmation = await em.findOneOrFail(MilestoneConfirmation, ids.confirmation);
      expect(confirmation).toMatchObject({
        metOn: '2026-12-20',
        note: '试点总结大会',
        evidenceUrl: 'https://example.org/e',
      });
      expect(confirmation.confirmedBy.id).toBe(ids.user);
      expect(confirmation.confirmedAt).toBeInstanceOf(Date);
      const enrollment = await em.findOneOrFail(Enrollment, ids.enrollment);
      expect(enrollment).toMatchObject({ batch: 1, enrolledOn: '2026-02-01' });
      expect(enrollment.plan.id).toBe(ids.plan);

      expect(await em.findOneOrFail(CommitteeElection, ids.election)).toMatchObject({
        ...ELECTION,
        hasPartyGroup: false,
      });
      expect(await em.findOneOrFail(Institution, ids.institution)).toMatchObject({
        kind: InstitutionKind.CONVENTION,
        adoptedOn: '2026-04-01',
      });
      expect(await em.findOneOrFail(DemonstrationDesignation, ids.designation)).toMatchObject({ since: '2026-11-01' });

      const target = await em.findOneOrFail(KpiTarget, {
        tenantId,
        phase: PhaseKey.PILOT,
        kpi: KpiKey.PARTICIPATION_RATE,
      });
      expect(target.target).toBe(0.35);
      expect(target.updatedAt).toBeInstanceOf(Date);
      const snapshot = await em.findOneOrFail(KpiSnapshot, {
        tenantId,
        scopeLevel: ScopeLevel.COURTYARD,
        scopeId: ids.courtyard,
        period: '2026-10',
        kpi: KpiKey.PARTICIPATION_RATE,
      });
      expect(snapshot).toMatchObject(SNAPSHOT_VALUES);

      const alert = await em.findOneOrFail(Alert, ids.alert);
      expect(alert).toMatchObject({
        kpi: KpiKey.PARTICIPATION_RATE,
        level: AlertLevel.RED,
        status: AlertStatus.OPEN,
        period: '2026-10',
        value: 0.075,
        target: 0.3,
        acknowledgedAt: null,
        resolvedAt: null,
      });
      expect([alert.street.id, alert.community.id, alert.courtyard.id]).toEqual([
        ids.street,
        ids.community,
        ids.courtyard,
      ]);
      const events = await em.find(AlertEvent, { alert: ids.alert }, { orderBy: { action: 'asc' } });
      expect(events.map((event) => [event.action, event.level, event.actor?.id ?? null])).toEqual([
        [AlertAction.ACKNOWLEDGED, null, ids.user],
        [AlertAction.OPENED, AlertLevel.RED, null],
      ]);

      const client = await em.findOneOrFail(ApiClient, ids.apiClient);
      expect(client.scopes).toEqual([ApiScope.KPI_READ, ApiScope.ALERTS_READ]);
      expect(client.courtyard?.id).toBe(ids.courtyard);
      expect(client.street).toBeNull();
      expect(client.createdBy?.id).toBe(ids.user);
      expect(client.revokedAt).toBeNull();

      const webhook = await em.findOneOrFail(Webhook, ids.webhook);
      expect(webhook.events).toEqual([WebhookEvent.ALERT_OPENED, WebhookEvent.PERIOD_CLOSED]);
      expect(webhook.signingSecretEncrypted).toBe('ciphertext');
      const delivery = await em.findOneOrFail(WebhookDelivery, ids.delivery);
      expect(delivery).toMatchObject({
        event: WebhookEvent.ALERT_OPENED,
        status: DeliveryStatus.PENDING,
        attempts: 0,
        responseStatus: null,
        payload: { alert: 'x', level: 'RED', nested: { n: 1 } },
      });
      expect(delivery.webhook.id).toBe(ids.webhook);
    });
  });

  it('sees none of it from another tenant', async () => {
    const other = randomUUID();
    const count = await withTenant(orm.em, { tenantId: other }, (em) => em.count(LedgerEntry, {}));
    expect(count).toBe(0);
  });
});
