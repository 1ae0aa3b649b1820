import { randomUUID } from 'node:crypto';
import {
  ApiScope,
  CommitteeElection,
  Courtyard,
  DemonstrationDesignation,
  Institution,
  InstitutionKind,
} from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import { UserErrorCode, type UserError, type UserErrors } from '../../engine/errors';
import { inSavepoint, persistNew } from '../../engine/mutation';
import { courtyardFacts } from '../hierarchy/hierarchy.loaders';
import { hierarchyService } from '../hierarchy/hierarchy.service';
import { courtyardUnit } from '../records/courtyard-access';
import { rolloutService } from '../rollout/rollout.service';
import { committeeElectionsOf } from './governance.loaders';
import type {
  AdoptInstitutionInput,
  DesignateDemonstrationInput,
  RecordCommitteeElectionInput,
} from './governance.inputs';

/** At most this many people in one of an election's counts. */
export const MAX_PEOPLE = 10_000;
const ALL_INSTITUTIONS = Object.values(InstitutionKind);

type CourtyardPayload = { courtyard: Courtyard | null; userErrors: UserError[] };
const failed = (userErrors: UserError[]): CourtyardPayload => ({ courtyard: null, userErrors });

/**
 * Governance of a courtyard (DOMAIN.md §4): committee elections with their "1+3+N" staffing and
 * institutions, entered by anyone who writes within the courtyard's subtree; demonstration
 * courtyards, designated by the district (it plans the rollout).
 */
export class GovernanceService {
  async recordCommitteeElection(
    context: RequestContext,
    input: RecordCommitteeElectionInput,
  ): Promise<CourtyardPayload> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const courtyard = await this.findWritable(context, errors, input.courtyardId);
    if (!courtyard) return failed(errors.list);
    context.noteAudit('Courtyard', courtyard.id, { electedOn: input.electedOn });
    await rolloutService.checkRecordDate(context, errors, ['input', 'electedOn'], input.electedOn, null);
    const counts = {
      memberCount: input.memberCount ?? null,
      socialWorkerCount: input.socialWorkerCount ?? null,
      committeeMemberCount: input.committeeMemberCount ?? null,
      volunteerCount: input.volunteerCount ?? null,
    };
    for (const [name, value] of Object.entries(counts)) {
      if (value !== null && (!Number.isInteger(value) || value < 0 || value > MAX_PEOPLE)) {
        errors.add(UserErrorCode.INVALID, ['input', name], 'INVALID_PERSON_COUNT', MAX_PEOPLE);
      }
    }
    if (!errors.any) {
      const same = await context.em.execute(
        `select 1 from committee_elections where courtyard_id = ? and elected_on = ? limit 1`,
        [courtyard.id, input.electedOn],
      );
      if (same.length > 0)
        errors.add(UserErrorCode.DUPLICATE, ['input', 'electedOn'], 'DUPLICATE_ELECTION', input.electedOn);
    }
    if (errors.any) return failed(errors.list);
    const outcome = await inSavepoint(context, async (em) =>
      persistNew(em, CommitteeElection, {
        id: randomUUID(),
        tenantId: caller.tenantId,
        courtyard: em.getReference(Courtyard, courtyard.id),
        electedOn: input.electedOn,
        ...counts,
        hasSupervisoryBoard: input.hasSupervisoryBoard ?? false,
        hasPartyGroup: input.hasPartyGroup ?? false,
      }),
    );
    if (outcome.ok) context.kpiRefresh.touch(courtyard.id, input.electedOn, 'committeeElection');
    return this.answer(context, courtyard, outcome);
  }

  async adoptInstitution(context: RequestContext, input: AdoptInstitutionInput): Promise<CourtyardPayload> {
    const caller = context.requireTenantCaller(ApiScope.RECORDS_WRITE);
    const errors = context.userErrors();
    const courtyard = await this.findWritable(context, errors, input.courtyardId);
    if (!courtyard) return failed(errors.list);
    context.noteAudit('Courtyard', courtyard.id, { kind: input.kind, adoptedOn: input.adoptedOn });
    await rolloutService.checkRecordDate(context, errors, ['input', 'adoptedOn'], input.adoptedOn, null);
    const [adopted] = await context.em.execute<{ adopted_on: string }[]>(
      `select to_char(adopted_on, 'YYYY-MM-DD') as adopted_on from institutions where courtyard_id = ? and kind = ?`,
      [courtyard.id, input.kind],
    );
    if (adopted) errors.add(UserErrorCode.DUPLICATE, ['input', 'kind'], 'INSTITUTION_ADOPTED', adopted.adopted_on);
    if (errors.any) return failed(errors.list);
    const outcome = await inSavepoint(
      context,
      async (em) =>
        persistNew(em, Institution, {
          id: randomUUID(),
          tenantId: caller.tenantId,
          courtyard: em.getReference(Courtyard, courtyard.id),
          kind: input.kind,
          adoptedOn: input.adoptedOn,
        }),
      () => ['input', 'kind'],
    );
    if (outcome.ok) context.kpiRefresh.touch(courtyard.id, input.adoptedOn, 'institution');
    return this.answer(context, courtyard, outcome);
  }

  async designateDemonstration(context: RequestContext, input: DesignateDemonstrationInput): Promise<CourtyardPayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canPlanRollout) return failed(errors.add(UserErrorCode.FORBIDDEN, ['input'], 'FORBIDDEN').list);
    const courtyard = await this.findWritable(context, errors, input.courtyardId);
    if (!courtyard) return failed(errors.list);
    context.noteAudit('Courtyard', courtyard.id, { since: input.since });
    await rolloutService.checkRecordDate(context, errors, ['input', 'since'], input.since, null);
    const [designated] = await context.em.execute<{ since: string }[]>(
      `select to_char(since, 'YYYY-MM-DD') as since from demonstration_designations where courtyard_id = ?`,
      [courtyard.id],
    );
    if (designated)
      errors.add(UserErrorCode.DUPLICATE, ['input', 'courtyardId'], 'ALREADY_DEMONSTRATION', designated.since);
    if (errors.any) return failed(errors.list);
    const outcome = await inSavepoint(
      context,
      async (em) =>
        persistNew(em, DemonstrationDesignation, {
          id: randomUUID(),
          tenantId: caller.tenantId,
          courtyard: em.getReference(Courtyard, courtyard.id),
          since: input.since,
        }),
      () => ['input', 'courtyardId'],
    );
    return this.answer(context, courtyard, outcome);
  }

  /** Complete when all five institutions of DOMAIN.md §4 are adopted. */
  async institutionsComplete(context: RequestContext, courtyard: Courtyard): Promise<boolean> {
    const kinds = new Set(
      (await courtyardFacts(context).load(courtyard.id)).institutions.map((institution) => institution.kind),
    );
    return ALL_INSTITUTIONS.every((kind) => kinds.has(kind));
  }

  // ---------------------------------------------------------------- helpers

  /** NOT_FOUND when the district has no such courtyard, FORBIDDEN outside the caller's subtree (and for VIEWER). */
  private async findWritable(context: RequestContext, errors: UserErrors, globalId: string): Promise<Courtyard | null> {
    const field = ['input', 'courtyardId'];
    const courtyard = await hierarchyService.find(context, globalId, Courtyard);
    if (!courtyard) {
      errors.add(UserErrorCode.NOT_FOUND, field, 'NOT_FOUND');
      return null;
    }
    if (!context.auth.canWriteRecords(courtyardUnit(courtyard))) {
      errors.add(UserErrorCode.FORBIDDEN, field, 'FORBIDDEN');
      return null;
    }
    return courtyard;
  }

  /** The courtyard with its facts read afresh, or the savepoint's userErrors. */
  private answer(
    context: RequestContext,
    courtyard: Courtyard,
    outcome: { ok: true } | { ok: false; userErrors: UserError[] },
  ): CourtyardPayload {
    if (!outcome.ok) return failed(outcome.userErrors);
    courtyardFacts(context).clear(courtyard.id);
    committeeElectionsOf(context).clear(courtyard.id);
    return { courtyard, userErrors: [] };
  }
}

export const governanceService = new GovernanceService();
