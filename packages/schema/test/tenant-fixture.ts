import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';

/**
 * Inserts, as the superuser, a district with one row in every tenant table: enough for the
 * isolation tests to try every table in both directions. Returns the district (tenant) id.
 */
export async function seedDistrict(client: Client, code: string): Promise<string> {
  const ids = (count: number) => Array.from({ length: count }, () => randomUUID());
  const [t, street, community, courtyard, household, user, plan, phase, milestone] = ids(9);
  const [activity, idle, proposal, alert, apiClient, webhook, ledger, delivery] = ids(8);
  const sql = `
    insert into districts (id, name, code) values ('${t}', 'District ${code}', '${code}');
    insert into streets (tenant_id, id, code, name) values ('${t}', '${street}', 'S1', '东城街道');
    insert into communities (tenant_id, id, street_id, code, name) values ('${t}', '${community}', '${street}', 'C1', '和平社区');
    insert into courtyards (tenant_id, id, street_id, community_id, code, name, type, household_count)
      values ('${t}', '${courtyard}', '${street}', '${community}', 'Y1', '幸福里', 'OLD_COMPOUND', 10);
    insert into households (tenant_id, id, courtyard_id, code, area_sqm) values ('${t}', '${household}', '${courtyard}', '1-101', 80);
    insert into users (tenant_id, id, email, password_hash, display_name, role)
      values ('${t}', '${user}', 'admin@${code}.test', 'x', 'Admin', 'DISTRICT_ADMIN');
    insert into user_logins (email, tenant_id, user_id) values ('admin@${code}.test', '${t}', '${user}');
    insert into rollout_plans (tenant_id, id, name, starts_on) values ('${t}', '${plan}', 'Plan', '2025-10-01');
    insert into rollout_phases (tenant_id, id, plan_id, key, start_month, end_month, target_courtyards)
      values ('${t}', '${phase}', '${plan}', 'PILOT', 1, 12, 30);
    insert into milestones (tenant_id, id, plan_id, key, due_month, manual) values ('${t}', '${milestone}', '${plan}', 'PILOT_SUMMARY', 12, true);
    insert into milestone_confirmations (tenant_id, milestone_id, met_on, note, confirmed_by)
      values ('${t}', '${milestone}', '2026-09-30', 'done', '${user}');
    insert into enrollments (tenant_id, plan_id, courtyard_id, batch, enrolled_on) values ('${t}', '${plan}', '${courtyard}', 1, '2025-10-15');
    insert into committee_elections (tenant_id, courtyard_id, elected_on, member_count) values ('${t}', '${courtyard}', '2025-11-01', 5);
    insert into institutions (tenant_id, courtyard_id, kind, adopted_on) values ('${t}', '${courtyard}', 'CONVENTION', '2025-12-01');
    insert into demonstration_designations (tenant_id, courtyard_id, since) values ('${t}', '${courtyard}', '2026-06-01');
    insert into activities (tenant_id, id, courtyard_id, kind, title, held_on) values ('${t}', '${activity}', '${courtyard}', 'CULTURAL', '中秋晚会', '2026-09-17');
    insert into activity_attendance (tenant_id, activity_id, household_id, participants, youth_participants) values ('${t}', '${activity}', '${household}', 2, 1);
    insert into disputes (tenant_id, courtyard_id, category, reported_on) values ('${t}', '${courtyard}', 'PARKING', '2026-09-01');
    insert into service_requests (tenant_id, courtyard_id, category, created_at) values ('${t}', '${courtyard}', 'plumbing', now());
    insert into ledger_entries (tenant_id, id, courtyard_id, direction, income_source, amount_fen, occurred_on)
      values ('${t}', '${ledger}', '${courtyard}', 'INCOME', 'RESIDENT_CONTRIBUTION', 300000, '2026-09-01');
    insert into idle_spaces (tenant_id, id, courtyard_id, name, area_sqm, registered_on) values ('${t}', '${idle}', '${courtyard}', '车棚', 40, '2026-01-01');
    insert into idle_space_status_changes (tenant_id, idle_space_id, status, changed_on) values ('${t}', '${idle}', 'IDLE', '2026-01-01');
    insert into survey_responses (tenant_id, courtyard_id, household_id, taken_on, score) values ('${t}', '${courtyard}', '${household}', '2026-09-20', 88);
    insert into proposals (tenant_id, id, courtyard_id, title, tier, rule) values ('${t}', '${proposal}', '${courtyard}', '加装电梯', 'SPECIAL', 'CIVIL_CODE_SPECIAL');
    insert into votes (tenant_id, proposal_id, household_id, choice, channel) values ('${t}', '${proposal}', '${household}', 'FOR', 'ONLINE');
    insert into kpi_targets (tenant_id, phase, kpi, target) values ('${t}', 'PILOT', 'PARTICIPATION_RATE', 0.35);
    insert into kpi_snapshots (tenant_id, scope_level, scope_id, period, kpi, value, numerator, denominator, status, provisional)
      values ('${t}', 'COURTYARD', '${courtyard}', '2026-09', 'PARTICIPATION_RATE', 0.1, 1, 10, 'RED', false);
    insert into alerts (tenant_id, id, courtyard_id, kpi, level, period, street_id, community_id)
      values ('${t}', '${alert}', '${courtyard}', 'PARTICIPATION_RATE', 'RED', '2026-09', '${street}', '${community}');
    insert into alert_events (tenant_id, alert_id, action, level, period) values ('${t}', '${alert}', 'OPENED', 'RED', '2026-09');
    insert into api_clients (tenant_id, id, name, secret_hash, scopes) values ('${t}', '${apiClient}', 'Partner', 'x', '{KPI_READ}');
    insert into webhooks (tenant_id, id, url, events, signing_secret_enc) values ('${t}', '${webhook}', 'https://partner.example/hook', '{ALERT_OPENED}', 'x');
    insert into webhook_deliveries (tenant_id, id, webhook_id, event, payload) values ('${t}', '${delivery}', '${webhook}', 'ALERT_OPENED', '{}');
    insert into webhook_delivery_attempts (tenant_id, delivery_id, attempt, duration_ms, response_status) values ('${t}', '${delivery}', 1, 12, 200);
    insert into audit_log (tenant_id, actor_kind, operation) values ('${t}', 'SYSTEM', 'seed');
    insert into kpi_refresh_requests (tenant_id, job_name, payload, job_id, policy, options)
      values ('${t}', 'recompute-kpis', '{}', 'recompute-kpis/${t}/2026-09/district', 'reuse', '{}');
    insert into imports (tenant_id, kind, format, filename, content, created_by) values ('${t}', 'HOUSEHOLDS', 'CSV', 'h.csv', 'code\n', '${user}');
  `;
  await client.query(sql);
  return t;
}
