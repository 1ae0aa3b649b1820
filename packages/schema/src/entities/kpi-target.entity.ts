import { Entity, Enum, PrimaryKey, PrimaryKeyProp, Property } from '@mikro-orm/core';
import { KpiKey, PhaseKey } from '@xiaoyuan/domain';

/** A district's override of a KPI's target in a phase (DOMAIN.md §6); keyed (tenant, phase, KPI), no `id`. */
@Entity({ tableName: 'kpi_targets' })
export class KpiTarget {
  [PrimaryKeyProp]?: ['tenantId', 'phase', 'kpi'];

  @PrimaryKey({ type: 'uuid', fieldName: 'tenant_id' })
  tenantId!: string;

  @Enum({ items: () => PhaseKey, primary: true })
  phase!: PhaseKey;

  @Enum({ items: () => KpiKey, primary: true })
  kpi!: KpiKey;

  @Property({ type: 'float', runtimeType: 'number', columnType: 'numeric(12,4)' })
  target!: number;

  @Property({ type: 'Date', columnType: 'timestamptz', defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date = new Date();
}
