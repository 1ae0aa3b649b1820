import type { ImportFormat, ImportKind, JobState, KpiKey, KpiStatus } from '@xiaoyuan/domain';

// Rows of raw SQL reads that more than one package makes (numerics read as float8).

/** A `kpi_snapshots` row: one KPI of one unit for one period. */
export interface KpiSnapshotRow {
  scope_level: string;
  scope_id: string;
  period: string;
  kpi: KpiKey;
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  status: KpiStatus;
  provisional: boolean;
  computed_at: Date | string;
}

/** The columns of an `imports` row that say what was uploaded and how far it got (never `content`). */
export interface ImportFileRow {
  id: string;
  kind: ImportKind;
  format: ImportFormat;
  filename: string;
  status: JobState;
  total_rows: number | null;
  stored_rows: number | null;
}
