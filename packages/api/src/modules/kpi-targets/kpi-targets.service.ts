import { KPI_DEFINITIONS, KPI_KEYS, type KpiKey, PhaseKey, defaultKpiTarget, planKpiRefresh } from '@xiaoyuan/schema';
import { kpiTargetInRange, MAX_AT_MOST_TARGET, roundKpiTarget } from '@xiaoyuan/domain';
import type { RequestContext } from '../../engine/context';
import { UserErrorCode, type UserError, type UserErrors } from '../../engine/errors';
import { inSavepoint } from '../../engine/mutation';
import type { ResetKpiTargetInput, SetKpiTargetInput } from './kpi-targets.inputs';
import { KpiTargetRow, type KpiTargetPayload } from './kpi-targets.types';

/*
 * A district's own KPI targets by phase (DOMAIN.md §6: "a district may override them"), stored in
 * kpi_targets, one row per override; without a row the plan's default applies. The worker's KPI
 * engine reads them when it computes a period's snapshots, so after a change this year's months so
 * far (with their quarters and the year) are recomputed in the background, once the change has
 * committed. Earlier years keep the targets they were computed with until recomputed by hand.
 */

const PHASE_KEYS: readonly PhaseKey[] = Object.values(PhaseKey);

interface OverrideRow {
  phase: PhaseKey;
  kpi: KpiKey;
  target: string;
  updated_at: Date | string;
}

/**
 * Checks a target against its KPI's range (the domain's KPI_TARGET_RANGES: fractions 0–1,
 * SATISFACTION_SCORE 0–100, "at most" KPIs greater than 0 and at most MAX_AT_MOST_TARGET) and
 * returns it as stored (4 decimals).
 */
export function checkKpiTarget(errors: UserErrors, field: (string | number)[], kpi: KpiKey, value: number): number {
  if (!kpiTargetInRange(kpi, value)) {
    const kind = KPI_DEFINITIONS[kpi].kind;
    errors.add(UserErrorCode.INVALID, field, `KPI_TARGET_${kind}`, kind === 'AT_MOST' ? MAX_AT_MOST_TARGET : undefined);
  }
  return roundKpiTarget(value);
}

function rowOf(phase: PhaseKey, kpi: KpiKey, override: OverrideRow | undefined): KpiTargetRow {
  const defaultTarget = defaultKpiTarget(kpi, phase);
  return Object.assign(new KpiTargetRow(), {
    phase,
    kpi,
    target: override ? Number(override.target) : defaultTarget,
    defaultTarget,
    overridden: !!override,
    updatedAt: override ? new Date(override.updated_at) : null,
  });
}

export class KpiTargetsService {
  /** Every phase × KPI, phases in plan order, KPIs in their order. */
  async list(context: RequestContext): Promise<KpiTargetRow[]> {
    const caller = context.requireDistrictCaller();
    const rows = await context.em.execute<OverrideRow[]>(
      `select phase, kpi, target::text as target, updated_at from kpi_targets where tenant_id = ?`,
      [caller.tenantId],
    );
    const overrides = new Map(rows.map((row) => [`${row.phase}:${row.kpi}`, row]));
    return PHASE_KEYS.flatMap((phase) => KPI_KEYS.map((kpi) => rowOf(phase, kpi, overrides.get(`${phase}:${kpi}`))));
  }

  async set(context: RequestContext, input: SetKpiTargetInput): Promise<KpiTargetPayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    const failed = (userErrors: UserError[]) => ({ target: null, userErrors });
    if (!context.auth.canSetKpiTargets)
      return failed(errors.add(UserErrorCode.FORBIDDEN, ['input'], 'KPI_TARGETS_FORBIDDEN').list);
    const target = checkKpiTarget(errors, ['input', 'target'], input.kpi, input.target);
    if (errors.any) return failed(errors.list);
    context.noteAudit('KpiTarget', null, { phase: input.phase, kpi: input.kpi, target });

    const outcome = await inSavepoint(context, async (em) => {
      const [previous] = await em.execute<{ target: string }[]>(
        `select target::text as target from kpi_targets where tenant_id = ? and phase = ? and kpi = ? for update`,
        [caller.tenantId, input.phase, input.kpi],
      );
      const [row] = await em.execute<OverrideRow[]>(
        `insert into kpi_targets (tenant_id, phase, kpi, target, updated_at) values (?, ?, ?, ?, now())
         on conflict (tenant_id, phase, kpi) do update set target = excluded.target, updated_at = excluded.updated_at
         returning phase, kpi, target::text as target, updated_at`,
        [caller.tenantId, input.phase, input.kpi, target],
      );
      return { row, previous: previous ? Number(previous.target) : null };
    });
    if (!outcome.ok) return failed(outcome.userErrors);
    context.noteAudit('KpiTarget', null, {
      previous: outcome.value.previous,
      default: defaultKpiTarget(input.kpi, input.phase),
    });
    await this.recomputeAfterCommit(context, caller.tenantId);
    return { target: rowOf(input.phase, input.kpi, outcome.value.row), userErrors: [] };
  }

  async reset(context: RequestContext, input: ResetKpiTargetInput): Promise<KpiTargetPayload> {
    const caller = context.requireDistrictCaller();
    const errors = context.userErrors();
    if (!context.auth.canSetKpiTargets)
      return { target: null, userErrors: errors.add(UserErrorCode.FORBIDDEN, ['input'], 'KPI_TARGETS_FORBIDDEN').list };
    context.noteAudit('KpiTarget', null, { phase: input.phase, kpi: input.kpi });

    const deleted = await context.em.execute<{ target: string }[]>(
      `delete from kpi_targets where tenant_id = ? and phase = ? and kpi = ? returning target::text as target`,
      [caller.tenantId, input.phase, input.kpi],
    );
    const previous = deleted.length ? Number(deleted[0].target) : null;
    context.noteAudit('KpiTarget', null, { previous, default: defaultKpiTarget(input.kpi, input.phase) });
    // resetting a default changes nothing: nothing to recompute
    if (previous !== null) await this.recomputeAfterCommit(context, caller.tenantId);
    return { target: rowOf(input.phase, input.kpi, undefined), userErrors: [] };
  }

  /**
   * This year's months so far (the district's calendar), every scope, recomputed once the request
   * has committed, through the KPI-refresh outbox. The job id is deterministic: a job of that id
   * that has not started yet will read the new targets; a finished one is replaced; one already
   * running may have read the old targets, so the change gets the spare id (policy `spare`).
   */
  private async recomputeAfterCommit(context: RequestContext, tenantId: string): Promise<void> {
    context.kpiRefresh.request(tenantId, planKpiRefresh({ cause: 'targets', tenantId, today: context.clock.today() }));
  }
}

export const kpiTargetsService = new KpiTargetsService();
