import { randomUUID } from 'node:crypto';
import { DEFAULT_PILOT_SIZE } from '@xiaoyuan/domain';
import {
  ApiScope,
  Courtyard,
  Enrollment,
  evaluateMilestones,
  fromGlobalId,
  Milestone,
  MilestoneConfirmation,
  MILESTONES,
  PHASES,
  planMonth,
  RolloutPhase,
  RolloutPlan,
  User,
  uuidArray,
  type Execute,
} from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import { UserErrorCode, type UserError, type UserErrors } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { countRows, loadPage, toConnection, type Connection, type ListQuery, type Page } from '../../engine/pagination';
import { checkName, checkOptionalText } from '../../engine/validation';
import { unitOf } from '../hierarchy/hierarchy.service';
import type { ConfirmMilestoneInput, CreateRolloutPlanInput, EnrollCourtyardsInput } from './rollout.inputs';
import { confirmationsOfPlan, enrolledCount, phasesOfPlan } from './rollout.loaders';
import {
  BatchView,
  EnrollmentView,
  MilestoneView,
  RolloutPlanView,
  type MilestoneConfirmationView,
  type PhaseView,
} from './rollout.types';

export const MAX_PILOT_SIZE = 10_000;
export const MAX_BATCH = 999;
/** At most this many courtyards in one enrollCourtyards. */
export const MAX_COURTYARDS_PER_ENROLMENT = 1000;
const MAX_NOTE_LENGTH = 2000;
const MAX_URL_LENGTH = 2000;

/**
 * The rollout plan of DOMAIN.md §3: one active plan per district, its phases and milestones, and
 * the enrolment of courtyards in numbered batches. Planning is the district admin's
 * (`Authorization.canPlanRollout`); every district user reads the plan, and so does an API client
 * with RECORDS_READ (DOMAIN.md §10: rollout reads).
 */
export class RolloutService {
  /** The district's active plan, or null. */
  async activePlan(context: RequestContext): Promise<RolloutPlan | null> {
    return context.em.findOne(RolloutPlan, { active: true });
  }

  // ---------------------------------------------------------------- queries

  async rolloutPlan(context: RequestContext): Promise<RolloutPlanView | null> {
    context.requireTenantCaller(ApiScope.RECORDS_READ);
    if (!context.auth.canRead({ kind: 'District' })) return null;
    const plan = await this.activePlan(context);
    return plan ? RolloutPlanView.of(plan) : null;
  }

  /** A plan by its row id (for `node(id)`), active or not. */
  async planById(context: RequestContext, id: string): Promise<RolloutPlanView | null> {
    context.requireTenantCaller(ApiScope.RECORDS_READ);
    if (!context.auth.canRead({ kind: 'District' })) return null;
    const plan = await context.em.findOne(RolloutPlan, { id });
    return plan ? RolloutPlanView.of(plan) : null;
  }

  /** `asOf` when given, else today in the district's time zone. */
  asOfOrToday(context: RequestContext, asOf: string | null | undefined): string {
    return asOf ?? context.clock.today();
  }

  phases(context: RequestContext, plan: RolloutPlanView): Promise<PhaseView[]> {
    return phasesOfPlan(context).load(plan.planId);
  }

  /** The phase of the month containing `asOf`: null before the plan starts, consolidation after month 60. */
  async currentPhase(
    context: RequestContext,
    plan: RolloutPlanView,
    asOf: string | null | undefined,
  ): Promise<PhaseView | null> {
    const day = this.asOfOrToday(context, asOf);
    const month = planMonth(plan.startsOn, day);
    if (month < 1) return null;
    const phases = await this.phases(context, plan);
    return (
      phases.find((phase) => month >= phase.startMonth && month <= phase.endMonth) ?? phases[phases.length - 1] ?? null
    );
  }

  /** Courtyards of the plan enrolled on or before `asOf` (district-wide, whatever the caller's scope). */
  async enrolledCourtyards(
    context: RequestContext,
    phase: PhaseView,
    asOf: string | null | undefined,
  ): Promise<number> {
    const day = this.asOfOrToday(context, asOf);
    return enrolledCount(context).load(`${phase.planId}|${day}`);
  }

  async milestones(
    context: RequestContext,
    plan: RolloutPlanView,
    asOf: string | null | undefined,
  ): Promise<MilestoneView[]> {
    const day = this.asOfOrToday(context, asOf);
    const execute: Execute = <T>(sql: string, params: unknown[]) => context.em.execute<T[]>(sql, params);
    const evaluated = await context.serially(() =>
      evaluateMilestones(
        execute,
        { id: plan.planId, startsOn: plan.startsOn, pilotSize: plan.pilotSize, timezone: context.clock.timezone },
        day,
      ),
    );
    return evaluated.map((milestone) =>
      Object.assign(new MilestoneView(), { ...milestone, planId: plan.planId, asOf: day }),
    );
  }

  /** The confirmation behind a manual milestone's `metOn` as of the milestone's date, or null. */
  async confirmation(context: RequestContext, milestone: MilestoneView): Promise<MilestoneConfirmationView | null> {
    if (!milestone.manual) return null;
    return (
      (await confirmationsOfPlan(context).load(`${milestone.planId}|${milestone.asOf}`)).get(milestone.key) ?? null
    );
  }

  /** The plan's batches with their earliest enrolment date and size (district-wide). */
  async batches(context: RequestContext, plan: RolloutPlanView): Promise<BatchView[]> {
    const rows = await context.serially(() =>
      context.em.execute<{ batch: number; enrolled_on: string; count: string }[]>(
        `select batch, to_char(min(enrolled_on), 'YYYY-MM-DD') as enrolled_on, count(*) as count
           from enrollments where plan_id = ? group by batch order by batch`,
        [plan.planId],
      ),
    );
    return rows.map((row) =>
      Object.assign(new BatchView(), {
        number: row.batch,
        enrolledOn: row.enrolled_on,
        courtyardCount: Number(row.count),
      }),
    );
  }

  /** Enrolments of the plan that the caller may read (its scope's courtyards), by date, optionally of one batch. */
  async enrollments(
    context: RequestContext,
    plan: RolloutPlanView,
    page: Page,
    batch: number | null | undefined,
  ): Promise<Connection<EnrollmentView>> {
    const condition = context.auth.readCondition('enrollments');
    const query: ListQuery<Enrollment> = {
      entity: Enrollment,
      table: 'enrollments',
      orderBy: 'enrolled_on',
      keyOf: (row) => row.enrolledOn,
      where: [condition.sql, 't.plan_id = ?::uuid'],
      params: [...condition.params, plan.planId],
    };
    if (batch !== null && batch !== undefined) {
      query.where.push('t.batch = ?');
      query.params.push(batch);
    }
    const { pages, counts } = await context.serially(async () => ({
      pages: await loadPage(context.em, query, page),
      counts: await countRows(context.em, query, null, null),
    }));
    const { nodes, hasNextPage } = pages;
    return toConnection(
      nodes.map(EnrollmentView.of),
      hasNextPage,
      counts.get(null) ?? 0,
      (row) => row.enrolledOn,
      (row) => row.enrollmentId,
    );
  }

  // ---------------------------------------------------------------- mutations

  async createRolloutPlan(
    context: RequestContext,
    input: CreateRolloutPlanInput,
  ): Promise<{ rolloutPlan: RolloutPlanView | null; userErrors: UserError[] }> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const failed = (list: UserError[]) => ({ rolloutPlan: null, userErrors: list });
    if (!context.auth.canPlanRollout) return failed(errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list);
    const name = checkName(errors, ['input', 'name'], input.name);
    const pilotSize = input.pilotSize ?? DEFAULT_PILOT_SIZE;
    if (!Number.isInteger(pilotSize) || pilotSize < 1 || pilotSize > MAX_PILOT_SIZE) {
      errors.add(UserErrorCode.INVALID, ['input', 'pilotSize'], 'INVALID_PILOT_SIZE', MAX_PILOT_SIZE);
    }
    if (!errors.any && (await this.activePlan(context))) errors.add(UserErrorCode.DUPLICATE, ['input'], 'PLAN_EXISTS');
    if (errors.any) return failed(errors.list);
    const tenantId = caller.tenantId;
    const outcome = await inSavepoint(
      context,
      async (em) => {
        const plan = persistNew(em, RolloutPlan, {
          id: randomUUID(),
          tenantId,
          name,
          startsOn: input.startsOn,
          pilotSize,
          active: true,
        });
        for (const phase of PHASES) {
          persistNew(em, RolloutPhase, {
            id: randomUUID(),
            tenantId,
            plan,
            key: phase.key,
            startMonth: phase.startMonth,
            endMonth: phase.endMonth,
            targetCourtyards: phase.targetShare === null ? pilotSize : null,
            targetShare: phase.targetShare,
          });
        }
        for (const milestone of MILESTONES) {
          persistNew(em, Milestone, {
            id: randomUUID(),
            tenantId,
            plan,
            key: milestone.key,
            dueMonth: milestone.dueMonth,
            manual: milestone.manual,
          });
        }
        return plan;
      },
      () => ['input'],
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    context.noteAudit('RolloutPlan', outcome.value.id, { startsOn: input.startsOn, pilotSize });
    return { rolloutPlan: RolloutPlanView.of(outcome.value), userErrors: [] };
  }

  /** All or nothing: one courtyard that cannot be enrolled and none is. */
  async enrollCourtyards(
    context: RequestContext,
    input: EnrollCourtyardsInput,
  ): Promise<{ enrollments: EnrollmentView[]; userErrors: UserError[] }> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const failed = (list: UserError[]) => ({ enrollments: [], userErrors: list });
    if (!context.auth.canPlanRollout) return failed(errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list);
    const plan = await this.activePlan(context);
    if (!plan) return failed(errors.add(UserErrorCode.INVALID, ['input'], 'NO_ACTIVE_PLAN').list);
    context.noteAudit('RolloutPlan', plan.id, {
      batch: input.batch,
      enrolledOn: input.enrolledOn,
      courtyards: input.courtyardIds.length,
    });

    if (!Number.isInteger(input.batch) || input.batch < 1 || input.batch > MAX_BATCH)
      errors.add(UserErrorCode.INVALID, ['input', 'batch'], 'INVALID_BATCH', MAX_BATCH);
    await this.checkRecordDate(context, errors, ['input', 'enrolledOn'], input.enrolledOn, plan.startsOn);
    const ids = input.courtyardIds;
    if (ids.length === 0) errors.add(UserErrorCode.INVALID, ['input', 'courtyardIds'], 'EMPTY_LIST');
    if (ids.length > MAX_COURTYARDS_PER_ENROLMENT)
      errors.add(UserErrorCode.INVALID, ['input', 'courtyardIds'], 'TOO_MANY_ITEMS', MAX_COURTYARDS_PER_ENROLMENT);
    if (errors.any) return failed(errors.list);

    const rowIds = ids.map((id) => {
      const decoded = fromGlobalId(id);
      return decoded?.type === 'Courtyard' ? decoded.id : null;
    });
    const known = rowIds.filter((id): id is string => id !== null);
    const courtyards = new Map(
      (await context.em.find(Courtyard, { id: { $in: known } })).map((courtyard) => [courtyard.id, courtyard]),
    );
    const enrolled = new Map(
      (
        await context.em.execute<{ courtyard_id: string; batch: number }[]>(
          `select courtyard_id, batch from enrollments where courtyard_id = any(?::uuid[])`,
          [uuidArray(known)],
        )
      ).map((row) => [row.courtyard_id, row.batch]),
    );
    const seen = new Set<string>();
    rowIds.forEach((id, index) => {
      const field = ['input', 'courtyardIds', String(index)];
      const courtyard = id ? courtyards.get(id) : undefined;
      if (!courtyard) errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
      else if (seen.has(courtyard.id)) errors.add(UserErrorCode.DUPLICATE, field, 'DUPLICATE_IN_INPUT');
      else if (enrolled.has(courtyard.id))
        errors.add(UserErrorCode.ALREADY_ENROLLED, field, 'ALREADY_ENROLLED', enrolled.get(courtyard.id));
      else if (!context.auth.canWrite(unitOf(courtyard))) errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN');
      if (courtyard) seen.add(courtyard.id);
    });
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(
      context,
      async (em) =>
        rowIds.map((id) =>
          persistNew(em, Enrollment, {
            id: randomUUID(),
            tenantId: caller.tenantId,
            plan: em.getReference(RolloutPlan, plan.id),
            courtyard: em.getReference(Courtyard, id!),
            batch: input.batch,
            enrolledOn: input.enrolledOn,
          }),
        ),
      () => ['input', 'courtyardIds'],
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    for (const id of rowIds) context.kpiRefresh.touch(id!, input.enrolledOn, 'enrolment');
    return { enrollments: outcome.value.map(EnrollmentView.of), userErrors: [] };
  }

  async confirmMilestone(
    context: RequestContext,
    input: ConfirmMilestoneInput,
  ): Promise<{ milestone: MilestoneView | null; userErrors: UserError[] }> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const failed = (list: UserError[]) => ({ milestone: null, userErrors: list });
    if (!context.auth.canPlanRollout) return failed(errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list);
    const plan = await this.activePlan(context);
    if (!plan) return failed(errors.add(UserErrorCode.INVALID, ['input'], 'NO_ACTIVE_PLAN').list);
    const milestone = await context.em.findOne(Milestone, { plan: plan.id, key: input.key });
    if (!milestone) return failed(errors.add(UserErrorCode.NOT_FOUND, ['input', 'key'], 'NOT_FOUND').list);
    context.noteAudit('Milestone', milestone.id, { key: input.key, metOn: input.metOn });
    if (!milestone.manual)
      return failed(errors.add(UserErrorCode.INVALID, ['input', 'key'], 'MILESTONE_AUTOMATIC').list);

    await this.checkRecordDate(context, errors, ['input', 'metOn'], input.metOn, plan.startsOn);
    const note = input.note.trim();
    if (!note) errors.add(UserErrorCode.INVALID, ['input', 'note'], 'NOTE_REQUIRED');
    else if (note.length > MAX_NOTE_LENGTH)
      errors.add(UserErrorCode.INVALID, ['input', 'note'], 'TEXT_TOO_LONG', MAX_NOTE_LENGTH);
    const evidenceUrl = checkOptionalText(errors, ['input', 'evidenceUrl'], input.evidenceUrl, MAX_URL_LENGTH);
    if (evidenceUrl !== null && !isHttpUrl(evidenceUrl))
      errors.add(UserErrorCode.INVALID, ['input', 'evidenceUrl'], 'INVALID_URL');
    const [confirmed] = await context.em.execute<{ met_on: string }[]>(
      `select to_char(min(met_on), 'YYYY-MM-DD') as met_on from milestone_confirmations where milestone_id = ? having count(*) > 0`,
      [milestone.id],
    );
    if (confirmed) errors.add(UserErrorCode.DUPLICATE, ['input', 'key'], 'MILESTONE_CONFIRMED', confirmed.met_on);
    if (errors.any) return failed(errors.list);

    const outcome = await inSavepoint(context, async (em) =>
      persistNew(em, MilestoneConfirmation, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        milestone: em.getReference(Milestone, milestone.id),
        metOn: input.metOn,
        note,
        evidenceUrl,
        confirmedBy: em.getReference(User, caller.id),
      }),
    );
    if (!outcome.ok) return failed(outcome.userErrors);
    const evaluated = await this.milestones(context, RolloutPlanView.of(plan), null);
    return { milestone: evaluated.find((candidate) => candidate.key === input.key) ?? null, userErrors: [] };
  }

  // ---------------------------------------------------------------- helpers

  /** A record date: not later than today in the district's time zone, nor before the plan starts. */
  async checkRecordDate(
    context: RequestContext,
    errors: UserErrors,
    field: string[],
    date: string,
    notBefore: string | null,
  ): Promise<void> {
    const today = context.clock.today();
    if (date > today) errors.add(UserErrorCode.INVALID, field, 'FUTURE_DATE', today);
    else if (notBefore !== null && date < notBefore)
      errors.add(UserErrorCode.INVALID, field, 'BEFORE_PLAN_START', notBefore);
  }
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}

export const rolloutService = new RolloutService();
