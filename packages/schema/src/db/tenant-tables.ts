/**
 * Every table holding one district's data. Each has `tenant_id` first in its primary key, row-level
 * security enabled and forced, and the `tenant_isolation` policy. The isolation tests compare this
 * list with the catalogue, so a new tenant table must be added here (and gets its policy from the
 * migration that creates it).
 */
export const TENANT_TABLES = [
  'streets',
  'communities',
  'courtyards',
  'households',
  'users',
  'rollout_plans',
  'rollout_phases',
  'milestones',
  'milestone_confirmations',
  'enrollments',
  'committee_elections',
  'institutions',
  'demonstration_designations',
  'activities',
  'activity_attendance',
  'disputes',
  'service_requests',
  'ledger_entries',
  'idle_spaces',
  'idle_space_status_changes',
  'survey_responses',
  'proposals',
  'votes',
  'kpi_targets',
  'kpi_snapshots',
  'alerts',
  'alert_events',
  'api_clients',
  'webhooks',
  'webhook_deliveries',
  'audit_log',
  'imports',
] as const;

export type TenantTable = (typeof TENANT_TABLES)[number];

/** Tables whose rows are history: the application role may read and add, never change or remove. */
export const APPEND_ONLY_TABLES: readonly string[] = [
  'ledger_entries',
  'idle_space_status_changes',
  'alert_events',
  'audit_log',
  'platform_audit_log',
  'milestone_confirmations',
];

/** Database roles created by `migrate` (names are cluster-wide). */
export const OWNER_ROLE = 'xiaoyuan_owner';
export const APP_ROLE = 'xiaoyuan_app';
