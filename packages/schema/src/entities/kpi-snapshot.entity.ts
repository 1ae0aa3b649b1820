import { Entity, Enum, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { KpiKey, KpiStatus, ScopeLevel } from '@xiaoyuan/domain';

/**
 * A computed KPI of one unit (district, street, community or courtyard) for one period (`2026-10`,
 * `2026-Q4`, `2026`), with its status against the target. `value` is null exactly when NO_DATA.
 */
@Entity({ tableName: 'kpi_snapshots' })
export class KpiSnapshot {
  [PrimaryKeyProp]?: ['tenantId', 'scopeLevel', 'scopeId', 'period', 'kpi'];

  @PrimaryKey({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Enum({ items: () => ScopeLevel, primary: true })
  scopeLevel!: ScopeLevel;

  /** the district, street, community or courtyard id, by `scopeLevel` */
  @PrimaryKey({ type: 'uuid' })
  scopeId!: string;

  @PrimaryKey({ type: 'string' })
  period!: string;

  @Enum({ items: () => KpiKey, primary: true })
  kpi!: KpiKey;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(14,6)', nullable: true })
  value?: number | null;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(18,4)', nullable: true })
  numerator?: number | null;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(18,4)', nullable: true })
  denominator?: number | null;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(12,4)', nullable: true })
  target?: number | null;

  @Enum({ items: () => KpiStatus })
  status!: KpiStatus;

  /** the period is still open */
  @Property({ type: 'boolean' })
  provisional!: boolean;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()' })
  computedAt: Date = new Date();
}
