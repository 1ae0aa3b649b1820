import { ApiScope, ScopeLevel, type KpiKey, type KpiSnapshotRow, uuidArray, textArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';

export interface SnapshotKey {
  level: ScopeLevel;
  scopeId: string;
  period: string;
}

const keyOf = (key: SnapshotKey) => `${key.level}|${key.scopeId}|${key.period}`;

export const SNAPSHOT_COLUMNS = `s.scope_level, s.scope_id, s.period, s.kpi, s.value::float8 as value, s.numerator::float8 as numerator,
  s.denominator::float8 as denominator, s.target::float8 as target, s.status, s.provisional, s.computed_at`;

/**
 * The snapshots of (scope, period) pairs, by KPI: the street/community table of a dashboard (each
 * row's period and the one before) is one query, whatever the number of rows.
 */
export function snapshotsOf(context: RequestContext) {
  return context.loader<SnapshotKey, Map<KpiKey, KpiSnapshotRow>>(
    'kpi-snapshots',
    () =>
      new DataLoader(
        (keys) =>
          context.serially(async () => {
            const caller = context.requireTenantCaller(ApiScope.KPI_READ);
            const rows = await context.em.execute<KpiSnapshotRow[]>(
              `select ${SNAPSHOT_COLUMNS}
               from unnest(?::text[], ?::uuid[], ?::text[]) as k(scope_level, scope_id, period)
               join kpi_snapshots s on s.tenant_id = ? and s.scope_level = k.scope_level and s.scope_id = k.scope_id and s.period = k.period`,
              [
                textArray(keys.map((key) => key.level)),
                uuidArray(keys.map((key) => key.scopeId)),
                textArray(keys.map((key) => key.period)),
                caller.tenantId,
              ],
            );
            const found = new Map<string, Map<KpiKey, KpiSnapshotRow>>();
            for (const row of rows) {
              const key = keyOf({ level: row.scope_level as ScopeLevel, scopeId: row.scope_id, period: row.period });
              if (!found.has(key)) found.set(key, new Map());
              found.get(key)!.set(row.kpi, row);
            }
            return keys.map((key) => found.get(keyOf(key)) ?? new Map());
          }),
        { cacheKeyFn: keyOf },
      ),
  );
}
