import { MilestoneKey, PhaseKey, textArray, User, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import { districtCaller } from '../../engine/caller';
import type { RequestContext } from '../../engine/context';
import { UserView } from '../session/session.types';
import { MilestoneConfirmationView, PhaseView } from './rollout.types';

// Per-request DataLoaders of the rollout board: the three phases share one query for their
// targets and one for their enrolment counts; the twelve milestones one for their confirmations.

/** The plan's phases, in order, with their targets (a share is of the district's courtyards, rounded up). */
export function phasesOfPlan(context: RequestContext) {
  return context.loader<string, PhaseView[]>(
    'rollout-phases',
    () =>
      new DataLoader((planIds) =>
        context.serially(async () => {
          const rows = await context.em.execute<
            { plan_id: string; key: PhaseKey; start_month: number; end_month: number; target_courtyards: number }[]
          >(
            `select p.plan_id, p.key, p.start_month, p.end_month,
                coalesce(p.target_courtyards, ceil(p.target_share * (select count(*) from courtyards))::int) as target_courtyards
           from rollout_phases p where p.plan_id = any(?::uuid[]) order by p.start_month`,
            [uuidArray(planIds)],
          );
          return planIds.map((planId) =>
            rows
              .filter((row) => row.plan_id === planId)
              .map((row) =>
                Object.assign(new PhaseView(), {
                  planId,
                  key: row.key,
                  startMonth: row.start_month,
                  endMonth: row.end_month,
                  targetCourtyards: Number(row.target_courtyards),
                }),
              ),
          );
        }),
      ),
  );
}

/** Courtyards of a plan enrolled on or before a date; keys are `planId|YYYY-MM-DD`. */
export function enrolledCount(context: RequestContext) {
  return context.loader<string, number>(
    'rollout-enrolled-count',
    () =>
      new DataLoader((keys) =>
        context.serially(async () => {
          const pairs = keys.map((key) => key.split('|') as [string, string]);
          const rows = await context.em.execute<{ plan_id: string; as_of: string; count: string }[]>(
            `select d.plan_id, d.as_of, (select count(*) from enrollments e where e.plan_id = d.plan_id::uuid and e.enrolled_on <= d.as_of::date) as count
           from unnest(?::text[], ?::text[]) as d (plan_id, as_of)`,
            [textArray(pairs.map(([planId]) => planId)), textArray(pairs.map(([, asOf]) => asOf))],
          );
          const found = new Map(rows.map((row) => [`${row.plan_id}|${row.as_of}`, Number(row.count)]));
          return keys.map((key) => found.get(key) ?? 0);
        }),
      ),
  );
}

/**
 * The confirmation behind each manual milestone's `metOn` as of a date (the earliest met on or
 * before it); keys are `planId|YYYY-MM-DD`, values by milestone key.
 */
export function confirmationsOfPlan(context: RequestContext) {
  return context.loader<string, Map<MilestoneKey, MilestoneConfirmationView>>(
    'rollout-confirmations',
    () =>
      new DataLoader((keys) =>
        context.serially(async () => {
          const result: Map<MilestoneKey, MilestoneConfirmationView>[] = [];
          const confirmers = new Map<string, MilestoneConfirmationView[]>();
          for (const key of keys) {
            const [planId, asOf] = key.split('|');
            const rows = await context.em.execute<
              {
                key: MilestoneKey;
                met_on: string;
                note: string;
                evidence_url: string | null;
                confirmed_by: string;
                confirmed_at: string | Date;
              }[]
            >(
              `select distinct on (m.key) m.key, to_char(c.met_on, 'YYYY-MM-DD') as met_on, c.note, c.evidence_url, c.confirmed_by, c.confirmed_at
             from milestone_confirmations c join milestones m on m.tenant_id = c.tenant_id and m.id = c.milestone_id
            where m.plan_id = ? and c.met_on <= ?
            order by m.key, c.met_on, c.confirmed_at`,
              [planId, asOf],
            );
            const byKey = new Map<MilestoneKey, MilestoneConfirmationView>();
            for (const row of rows) {
              const view = Object.assign(new MilestoneConfirmationView(), {
                metOn: row.met_on,
                note: row.note,
                evidenceUrl: row.evidence_url,
                confirmedBy: null,
                confirmedAt: new Date(row.confirmed_at),
              });
              byKey.set(row.key, view);
              confirmers.set(row.confirmed_by, [...(confirmers.get(row.confirmed_by) ?? []), view]);
            }
            result.push(byKey);
          }
          // who confirmed is a user: never shown to an API client (`confirmedBy` stays null)
          if (confirmers.size > 0 && context.auth.districtRole) {
            const users = await context.em.find(
              User,
              { id: { $in: [...confirmers.keys()] } },
              { populate: ['community', 'courtyard'] },
            );
            for (const user of users) {
              const confirmer = UserView.of(districtCaller(user));
              // ids and emails of users: only for the roles that manage them (Authorization.canSeeUser)
              if (!context.auth.canSeeUser({ id: confirmer.userId, scope: confirmer.scope })) continue;
              for (const view of confirmers.get(user.id) ?? []) view.confirmedBy = confirmer;
            }
          }
          return result;
        }),
      ),
  );
}
