import { Migration } from '@mikro-orm/migrations';
import { APP_ROLE } from '../db/database-roles';

// What this migration creates, frozen: later tables get their policies from their own migrations.
export const FOUNDATION_TENANT_TABLES = [
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
] as const;
export const FOUNDATION_APPEND_ONLY_TABLES = [
  'ledger_entries',
  'idle_space_status_changes',
  'alert_events',
  'audit_log',
  'platform_audit_log',
  'milestone_confirmations',
];

/**
 * The whole data model of DOMAIN.md §2–§8. Every tenant table is keyed `(tenant_id, id)` and
 * references other tenant tables through `(tenant_id, x_id)`, so it can be distributed by
 * `tenant_id` on Citus. Row-level security is enabled and forced on each of them below.
 */
export class Migration20261130000000Foundation extends Migration {
  override async up(): Promise<void> {
    // ------------------------------------------------------------------ platform
    this.addSql(`
      create table districts (
        id uuid primary key default gen_random_uuid(),
        name text not null check (length(btrim(name)) between 1 and 100),
        code text not null unique check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        timezone text not null default 'Asia/Shanghai',
        created_at timestamptz not null default now()
      );`);
    this.addSql(`
      create table platform_users (
        id uuid primary key default gen_random_uuid(),
        email text not null unique check (email = lower(email)),
        password_hash text not null,
        display_name text not null,
        created_at timestamptz not null default now()
      );`);
    this.addSql(`
      create table platform_audit_log (
        id bigint generated always as identity primary key,
        at timestamptz not null default now(),
        actor_id uuid,
        operation text not null,
        target_type text,
        target_id uuid,
        detail jsonb
      );`);

    // ------------------------------------------------------------------ hierarchy and people
    this.addSql(`
      create table streets (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        code text not null check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name text not null check (length(btrim(name)) between 1 and 100),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, code)
      );`);
    this.addSql(`
      create table communities (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        street_id uuid not null,
        code text not null check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name text not null check (length(btrim(name)) between 1 and 100),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, code),
        unique (tenant_id, street_id, id),
        foreign key (tenant_id, street_id) references streets (tenant_id, id)
      );`);
    this.addSql(`
      create table courtyards (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        street_id uuid not null,
        community_id uuid not null,
        code text not null check (code ~ '^[A-Za-z0-9_-]{1,32}$'),
        name text not null check (length(btrim(name)) between 1 and 100),
        type text not null check (type in ('OLD_COMPOUND', 'COMMERCIAL_HOUSING', 'WORK_UNIT_DORMITORY', 'OTHER')),
        address text,
        household_count integer not null check (household_count >= 0),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, code),
        -- street_id is kept beside community_id so scope filters need no join; the composite key
        -- makes it impossible for the two to disagree.
        foreign key (tenant_id, street_id, community_id) references communities (tenant_id, street_id, id)
      );`);
    this.addSql(`create index courtyards_community_idx on courtyards (tenant_id, community_id);`);
    this.addSql(`create index courtyards_street_idx on courtyards (tenant_id, street_id);`);
    this.addSql(`
      create table households (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        code text not null check (length(btrim(code)) between 1 and 32),
        area_sqm numeric(10, 2) check (area_sqm > 0),
        -- AES-256-GCM ciphertexts (iv | tag | data, base64); see the API's crypto service.
        contact_name_enc text,
        contact_phone_enc text,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, courtyard_id, code),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);
    this.addSql(`
      create table users (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        email text not null check (email = lower(email) and email like '%_@_%'),
        password_hash text not null,
        display_name text not null check (length(btrim(display_name)) between 1 and 100),
        role text not null check (role in ('DISTRICT_ADMIN', 'STREET_OFFICER', 'COMMUNITY_WORKER', 'COURTYARD_COMMITTEE', 'VIEWER')),
        street_id uuid,
        community_id uuid,
        courtyard_id uuid,
        disabled_at timestamptz,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, email),
        foreign key (tenant_id, street_id) references streets (tenant_id, id),
        foreign key (tenant_id, community_id) references communities (tenant_id, id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id),
        -- A scoped role names exactly its unit; the others name none.
        check (
          (role = 'STREET_OFFICER') = (street_id is not null)
          and (role = 'COMMUNITY_WORKER') = (community_id is not null)
          and (role = 'COURTYARD_COMMITTEE') = (courtyard_id is not null)
        )
      );`);
    // Sign-in looks a user up by email before the tenant is known: this directory keeps emails
    // unique across districts and is readable for exactly the email being signed in.
    this.addSql(`
      create table user_logins (
        email text primary key check (email = lower(email)),
        tenant_id uuid not null,
        user_id uuid not null,
        foreign key (tenant_id, user_id) references users (tenant_id, id) on delete cascade
      );`);

    // ------------------------------------------------------------------ rollout (§3)
    this.addSql(`
      create table rollout_plans (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        name text not null check (length(btrim(name)) between 1 and 100),
        starts_on date not null,
        pilot_size integer not null default 30 check (pilot_size > 0),
        active boolean not null default true,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id)
      );`);
    this.addSql(`create unique index rollout_plans_one_active on rollout_plans (tenant_id) where active;`);
    this.addSql(`
      create table rollout_phases (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        plan_id uuid not null,
        key text not null check (key in ('PILOT', 'PROMOTION', 'CONSOLIDATION')),
        start_month integer not null check (start_month >= 1),
        end_month integer not null,
        -- PILOT targets a number of courtyards, the others a share of the district's courtyards.
        target_courtyards integer check (target_courtyards >= 0),
        target_share numeric(5, 4) check (target_share > 0 and target_share <= 1),
        primary key (tenant_id, id),
        unique (tenant_id, plan_id, key),
        check (end_month >= start_month),
        check ((target_courtyards is null) <> (target_share is null)),
        foreign key (tenant_id, plan_id) references rollout_plans (tenant_id, id)
      );`);
    this.addSql(`
      create table milestones (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        plan_id uuid not null,
        key text not null check (key in (
          'PILOT_COMMITTEES_ELECTED', 'PILOT_CHARTERS_ADOPTED', 'DIGITAL_PLATFORM_LIVE', 'PILOT_SUMMARY',
          'SECOND_BATCH_ENROLLED', 'DEMONSTRATION_COURTYARDS', 'PLATFORM_FULL_COVERAGE', 'MIDTERM_EVALUATION',
          'ALL_COURTYARDS_ENROLLED', 'ALLIANCE_FORMED', 'LONG_TERM_MECHANISMS', 'FINAL_ACCEPTANCE')),
        due_month integer not null check (due_month between 1 and 60),
        manual boolean not null,
        primary key (tenant_id, id),
        unique (tenant_id, plan_id, key),
        foreign key (tenant_id, plan_id) references rollout_plans (tenant_id, id)
      );`);
    this.addSql(`
      create table milestone_confirmations (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        milestone_id uuid not null,
        met_on date not null,
        note text not null check (length(btrim(note)) > 0),
        evidence_url text,
        confirmed_by uuid not null,
        confirmed_at timestamptz not null default now(),
        primary key (tenant_id, id),
        foreign key (tenant_id, milestone_id) references milestones (tenant_id, id),
        foreign key (tenant_id, confirmed_by) references users (tenant_id, id)
      );`);
    this.addSql(`
      create table enrollments (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        plan_id uuid not null,
        courtyard_id uuid not null,
        batch integer not null check (batch >= 1),
        enrolled_on date not null,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, courtyard_id),
        foreign key (tenant_id, plan_id) references rollout_plans (tenant_id, id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);

    // ------------------------------------------------------------------ governance (§4)
    this.addSql(`
      create table committee_elections (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        elected_on date not null,
        member_count integer check (member_count >= 0),
        social_worker_count integer check (social_worker_count >= 0),
        committee_member_count integer check (committee_member_count >= 0),
        volunteer_count integer check (volunteer_count >= 0),
        has_supervisory_board boolean not null default false,
        has_party_group boolean not null default false,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);
    this.addSql(`
      create table institutions (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        kind text not null check (kind in ('RESPONSIBILITY_LIST', 'CONVENTION', 'DELIBERATION_RULES', 'FINANCIAL_RULES', 'SUPERVISORY_BOARD')),
        adopted_on date not null,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, courtyard_id, kind),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);
    this.addSql(`
      create table demonstration_designations (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        since date not null,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, courtyard_id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);

    // ------------------------------------------------------------------ records (§5)
    this.addSql(`
      create table activities (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        kind text not null check (kind in ('DELIBERATION_MEETING', 'CULTURAL', 'VOLUNTEER_SERVICE', 'TRAINING', 'OTHER')),
        title text not null check (length(btrim(title)) between 1 and 200),
        held_on date not null,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, courtyard_id, id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);
    this.addSql(`create index activities_courtyard_held_idx on activities (tenant_id, courtyard_id, held_on);`);
    this.addSql(`
      create table activity_attendance (
        tenant_id uuid not null,
        activity_id uuid not null,
        household_id uuid not null,
        participants integer not null default 1 check (participants >= 1),
        youth_participants integer not null default 0 check (youth_participants >= 0 and youth_participants <= participants),
        primary key (tenant_id, activity_id, household_id),
        foreign key (tenant_id, activity_id) references activities (tenant_id, id),
        foreign key (tenant_id, household_id) references households (tenant_id, id)
      );`);
    this.addSql(`
      create table disputes (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        category text not null check (category in ('PARKING', 'PETS', 'NOISE', 'SANITATION', 'RENOVATION', 'ELEVATOR', 'PROPERTY_MANAGEMENT', 'PUBLIC_SPACE', 'OTHER')),
        reported_on date not null,
        summary text,
        resolved_on date,
        channel text check (channel in ('COMMITTEE', 'RESIDENTS_ASSEMBLY', 'MEDIATION', 'ESCALATED', 'LITIGATION')),
        resolution_note text,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        check ((resolved_on is null) = (channel is null)),
        check (resolved_on >= reported_on),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);
    this.addSql(`create index disputes_courtyard_reported_idx on disputes (tenant_id, courtyard_id, reported_on);`);
    this.addSql(`
      create table service_requests (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        household_id uuid,
        category text not null check (length(btrim(category)) between 1 and 50),
        description text,
        created_at timestamptz not null,
        first_response_at timestamptz,
        resolved_at timestamptz,
        primary key (tenant_id, id),
        check (first_response_at >= created_at),
        check (resolved_at >= created_at),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id),
        foreign key (tenant_id, household_id) references households (tenant_id, id)
      );`);
    this.addSql(
      `create index service_requests_courtyard_created_idx on service_requests (tenant_id, courtyard_id, created_at);`,
    );
    // The sunshine ledger: immutable. A correction is a reversing entry with the negated amount,
    // the reversed entry's occurred_on and its own reason; an entry is reversed at most once.
    this.addSql(`
      create table ledger_entries (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        direction text not null check (direction in ('INCOME', 'EXPENSE')),
        income_source text check (income_source in ('GOVERNMENT_SUBSIDY', 'RESIDENT_CONTRIBUTION', 'SOCIAL_DONATION', 'CORPORATE_SPONSORSHIP', 'OPERATING_INCOME')),
        expense_category text check (expense_category in ('SAFETY', 'ENVIRONMENT', 'CULTURE', 'OFFICE')),
        amount_fen bigint not null,
        occurred_on date not null,
        memo text,
        reverses_id uuid,
        reason text,
        recorded_by uuid,
        recorded_at timestamptz not null default now(),
        primary key (tenant_id, id),
        unique (tenant_id, reverses_id),
        check ((direction = 'INCOME') = (income_source is not null)),
        check ((direction = 'EXPENSE') = (expense_category is not null)),
        check ((reverses_id is null and amount_fen > 0 and reason is null)
            or (reverses_id is not null and amount_fen < 0 and reason is not null)),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id),
        foreign key (tenant_id, reverses_id) references ledger_entries (tenant_id, id),
        foreign key (tenant_id, recorded_by) references users (tenant_id, id)
      );`);
    this.addSql(
      `create index ledger_entries_courtyard_occurred_idx on ledger_entries (tenant_id, courtyard_id, occurred_on);`,
    );
    this.addSql(`
      create table idle_spaces (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        name text not null check (length(btrim(name)) between 1 and 100),
        area_sqm numeric(10, 2) not null check (area_sqm > 0),
        registered_on date not null,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);
    this.addSql(`
      create table idle_space_status_changes (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        idle_space_id uuid not null,
        status text not null check (status in ('IDLE', 'RENOVATING', 'UTILIZED')),
        changed_on date not null,
        new_use text,
        recorded_at timestamptz not null default now(),
        primary key (tenant_id, id),
        foreign key (tenant_id, idle_space_id) references idle_spaces (tenant_id, id)
      );`);
    this.addSql(
      `create index idle_space_status_changes_space_idx on idle_space_status_changes (tenant_id, idle_space_id, changed_on);`,
    );
    this.addSql(`
      create table survey_responses (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        household_id uuid not null,
        taken_on date not null,
        score integer not null check (score between 0 and 100),
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id),
        foreign key (tenant_id, household_id) references households (tenant_id, id)
      );`);
    this.addSql(
      `create index survey_responses_courtyard_taken_idx on survey_responses (tenant_id, courtyard_id, taken_on);`,
    );
    this.addSql(`
      create table proposals (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        title text not null check (length(btrim(title)) between 1 and 200),
        description text,
        tier text not null check (tier in ('MINOR', 'MAJOR', 'SPECIAL')),
        rule text not null check (rule in ('SIMPLE_MAJORITY', 'CIVIL_CODE_ORDINARY', 'CIVIL_CODE_SPECIAL')),
        status text not null default 'DRAFT' check (status in ('DRAFT', 'VOTING', 'CLOSED')),
        voting_opened_at timestamptz,
        voting_closes_at timestamptz,
        closed_at timestamptz,
        published_at timestamptz,
        passed boolean,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        check (status = 'DRAFT' or voting_closes_at is not null),
        check ((status = 'CLOSED') = (closed_at is not null)),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id)
      );`);
    this.addSql(`
      create table votes (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        proposal_id uuid not null,
        household_id uuid not null,
        choice text not null check (choice in ('FOR', 'AGAINST', 'ABSTAIN')),
        channel text not null check (channel in ('ONLINE', 'OFFLINE', 'ASSISTED')),
        assisted_by text,
        cast_at timestamptz not null default now(),
        primary key (tenant_id, id),
        -- one vote per household per proposal, also under concurrent requests
        unique (tenant_id, proposal_id, household_id),
        check ((channel = 'ASSISTED') = (assisted_by is not null)),
        foreign key (tenant_id, proposal_id) references proposals (tenant_id, id),
        foreign key (tenant_id, household_id) references households (tenant_id, id)
      );`);

    // ------------------------------------------------------------------ KPIs and alerts (§6–§7)
    this.addSql(`
      create table kpi_targets (
        tenant_id uuid not null references districts (id),
        phase text not null check (phase in ('PILOT', 'PROMOTION', 'CONSOLIDATION')),
        kpi text not null,
        target numeric(12, 4) not null check (target >= 0),
        updated_at timestamptz not null default now(),
        primary key (tenant_id, phase, kpi)
      );`);
    this.addSql(`
      create table kpi_snapshots (
        tenant_id uuid not null references districts (id),
        scope_level text not null check (scope_level in ('DISTRICT', 'STREET', 'COMMUNITY', 'COURTYARD')),
        scope_id uuid not null,
        period text not null check (period ~ '^[0-9]{4}(-(0[1-9]|1[0-2])|-Q[1-4])?$'),
        kpi text not null,
        value numeric(14, 6),
        numerator numeric(18, 4),
        denominator numeric(18, 4),
        target numeric(12, 4),
        status text not null check (status in ('GREEN', 'YELLOW', 'RED', 'NO_DATA')),
        provisional boolean not null,
        computed_at timestamptz not null default now(),
        primary key (tenant_id, scope_level, scope_id, period, kpi),
        check (denominator >= 0),
        check ((value is null) = (status = 'NO_DATA'))
      );`);
    this.addSql(`
      create table alerts (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        courtyard_id uuid not null,
        kpi text not null,
        level text not null check (level in ('YELLOW', 'RED')),
        status text not null default 'OPEN' check (status in ('OPEN', 'ACKNOWLEDGED', 'RESOLVED')),
        period text not null,
        value numeric(14, 6),
        target numeric(12, 4),
        street_id uuid not null,
        community_id uuid not null,
        opened_at timestamptz not null default now(),
        acknowledged_at timestamptz,
        resolved_at timestamptz,
        primary key (tenant_id, id),
        check ((status = 'RESOLVED') = (resolved_at is not null)),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id),
        foreign key (tenant_id, street_id, community_id) references communities (tenant_id, street_id, id)
      );`);
    this.addSql(
      `create unique index alerts_one_open on alerts (tenant_id, courtyard_id, kpi) where status <> 'RESOLVED';`,
    );
    this.addSql(`
      create table alert_events (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        alert_id uuid not null,
        at timestamptz not null default now(),
        action text not null check (action in ('OPENED', 'UPDATED', 'ESCALATED', 'ACKNOWLEDGED', 'RESOLVED')),
        note text,
        level text check (level in ('YELLOW', 'RED')),
        period text,
        actor_id uuid,
        primary key (tenant_id, id),
        foreign key (tenant_id, alert_id) references alerts (tenant_id, id),
        foreign key (tenant_id, actor_id) references users (tenant_id, id)
      );`);

    // ------------------------------------------------------------------ partners
    this.addSql(`
      create table api_clients (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        name text not null check (length(btrim(name)) between 1 and 100),
        secret_hash text not null,
        scopes text[] not null check (scopes <@ array['KPI_READ', 'RECORDS_READ', 'RECORDS_WRITE', 'ALERTS_READ', 'ALERTS_WRITE']::text[]),
        street_id uuid,
        community_id uuid,
        courtyard_id uuid,
        created_by uuid,
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        primary key (tenant_id, id),
        foreign key (tenant_id, street_id) references streets (tenant_id, id),
        foreign key (tenant_id, community_id) references communities (tenant_id, id),
        foreign key (tenant_id, courtyard_id) references courtyards (tenant_id, id),
        foreign key (tenant_id, created_by) references users (tenant_id, id)
      );`);
    this.addSql(`
      create table webhooks (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        url text not null check (url ~ '^https?://'),
        events text[] not null check (cardinality(events) > 0 and events <@ array['ALERT_OPENED', 'ALERT_ESCALATED', 'ALERT_RESOLVED', 'PERIOD_CLOSED']::text[]),
        signing_secret_enc text not null,
        created_at timestamptz not null default now(),
        disabled_at timestamptz,
        primary key (tenant_id, id)
      );`);
    this.addSql(`
      create table webhook_deliveries (
        tenant_id uuid not null,
        id uuid not null default gen_random_uuid(),
        webhook_id uuid not null,
        event text not null,
        payload jsonb not null,
        status text not null default 'PENDING' check (status in ('PENDING', 'SUCCEEDED', 'FAILED')),
        attempts integer not null default 0 check (attempts >= 0),
        last_attempt_at timestamptz,
        response_status integer,
        created_at timestamptz not null default now(),
        primary key (tenant_id, id),
        foreign key (tenant_id, webhook_id) references webhooks (tenant_id, id)
      );`);
    this.addSql(`
      create table audit_log (
        tenant_id uuid not null references districts (id),
        id uuid not null default gen_random_uuid(),
        at timestamptz not null default now(),
        actor_kind text not null check (actor_kind in ('USER', 'API_CLIENT', 'PLATFORM_ADMIN', 'SYSTEM')),
        actor_id uuid,
        operation text not null,
        target_type text,
        target_id uuid,
        detail jsonb,
        primary key (tenant_id, id)
      );`);
    this.addSql(`create index audit_log_at_idx on audit_log (tenant_id, at);`);

    // ------------------------------------------------------------------ row-level security
    const tenant = `nullif(current_setting('app.tenant_id', true), '')::uuid`;
    for (const table of FOUNDATION_TENANT_TABLES) {
      this.addSql(`alter table ${table} enable row level security;`);
      this.addSql(`alter table ${table} force row level security;`);
      this.addSql(
        `create policy tenant_isolation on ${table} using (tenant_id = ${tenant}) with check (tenant_id = ${tenant});`,
      );
    }
    this.addSql(`alter table user_logins enable row level security;`);
    this.addSql(`alter table user_logins force row level security;`);
    this.addSql(`create policy tenant_isolation on user_logins
      using (tenant_id = ${tenant} or email = current_setting('app.login_email', true))
      with check (tenant_id = ${tenant});`);
    this.addSql(`alter table districts enable row level security;`);
    this.addSql(`alter table districts force row level security;`);
    this.addSql(`create policy district_visibility on districts
      using (id = ${tenant} or current_setting('app.platform', true) = 'on')
      with check (current_setting('app.platform', true) = 'on');`);
    this.addSql(`alter table platform_users enable row level security;`);
    this.addSql(`alter table platform_users force row level security;`);
    this.addSql(`create policy platform_only on platform_users
      using (current_setting('app.platform', true) = 'on' or email = current_setting('app.login_email', true))
      with check (current_setting('app.platform', true) = 'on');`);

    // ------------------------------------------------------------------ grants
    // The application role owns nothing: DML only, and no UPDATE or DELETE on history tables.
    this.addSql(`grant usage on schema public to ${APP_ROLE};`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to ${APP_ROLE};`);
    for (const table of FOUNDATION_APPEND_ONLY_TABLES) {
      this.addSql(`revoke update, delete, truncate on ${table} from ${APP_ROLE};`);
    }
    this.addSql(`grant usage, select on all sequences in schema public to ${APP_ROLE};`);
    this.addSql(`revoke all on mikro_orm_migrations from ${APP_ROLE};`);
  }
}
