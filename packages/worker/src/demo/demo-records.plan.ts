import {
  CourtyardType,
  DisputeCategory,
  InstitutionKind,
  MILESTONES,
  MilestoneKey,
  PHASES,
  ResolutionChannel,
  firstDayOfPlanMonth,
  lastDayOfPlanMonth,
  planMonth,
} from '@xiaoyuan/schema';
import { randomUUID } from 'node:crypto';
import { SeededRandom } from './seeded-random';
import {
  addDays,
  addHours,
  at,
  daysBetween,
  firstDayMonthsBefore,
  maxText,
  minText,
  monthLength,
} from './demo-calendar';
import { planLedger } from './demo-ledger.plan';
import { planProposals } from './demo-proposals.plan';
import {
  ACTIVITY_KIND_WEIGHTS,
  ACTIVITY_TITLES,
  DISPUTE_CATEGORY_WEIGHTS,
  DISPUTE_SUMMARIES,
  IDLE_SPACE_NAMES,
  IDLE_SPACE_USES,
  PILOT_SUMMARY_NOTE,
  PLAN_NAME,
  RESOLUTION_NOTES,
  SERVICE_CATEGORIES,
} from './demo-words';
import type { CourtyardProfile, DemoContext, DemoCourtyard, DemoRecordsPlan } from './demo-records.types';

/** The demo's shape: the plan started 14 months before the current month, which is month 15. */
export const DEMO_RECORDS_SHAPE = {
  monthsPassed: 14,
  pilotSize: 30,
  /** the pilot batch by type: mixed, as the plan asks */
  firstBatchTypes: {
    [CourtyardType.OLD_COMPOUND]: 12,
    [CourtyardType.COMMERCIAL_HOUSING]: 9,
    [CourtyardType.WORK_UNIT_DORMITORY]: 6,
    [CourtyardType.OTHER]: 3,
  } as Record<CourtyardType, number>,
  secondBatch: 32,
  thirdBatch: 5,
  lagging: { 1: 4, 2: 5, 3: 1 } as Record<number, number>,
  exemplary: 9,
  demonstrations: 6,
} as const;

export interface DemoRecordsInput {
  seed: number;
  /** local date today in the district's zone */
  today: string;
  /** local time now, `YYYY-MM-DD HH:MM:SS` */
  nowLocal: string;
  /** every courtyard of the district with its households, in a stable order */
  courtyards: readonly DemoCourtyard[];
  newId?: () => string;
}

/**
 * Fourteen months of records for the demo district as plain rows, a function of the seed and the
 * clock: the rollout plan (month 15 is now, so the district is in its promotion phase), three
 * enrolment batches, committees and institutions, and per enrolled courtyard and month its
 * activities with attendance, disputes, service requests, ledger, idle spaces, quarterly surveys
 * and proposals with votes. About one courtyard in seven lags behind. Nothing is dated after today.
 */
export function planDemoRecords(input: DemoRecordsInput): DemoRecordsPlan {
  // a stream of its own, so the district's hierarchy does not change with the records
  const random = new SeededRandom((input.seed ^ 0x5eed_1e55) >>> 0);
  const startsOn = firstDayMonthsBefore(input.today, DEMO_RECORDS_SHAPE.monthsPassed);
  const context: DemoContext = {
    random,
    startsOn,
    currentMonth: planMonth(startsOn, input.today),
    today: input.today,
    nowLocal: input.nowLocal,
    newId: input.newId ?? randomUUID,
  };

  const plan = { id: context.newId(), name: PLAN_NAME, starts_on: startsOn, pilot_size: DEMO_RECORDS_SHAPE.pilotSize };
  const phases = PHASES.map((phase) => ({
    key: phase.key,
    start_month: phase.startMonth,
    end_month: phase.endMonth,
    target_courtyards: phase.targetShare === null ? DEMO_RECORDS_SHAPE.pilotSize : null,
    target_share: phase.targetShare,
  }));
  const milestones = MILESTONES.map((milestone) => ({
    id: context.newId(),
    key: milestone.key,
    due_month: milestone.dueMonth,
    manual: milestone.manual,
  }));
  const summaryDay = addDays(firstDayOfPlanMonth(startsOn, 12), random.integer(17, 26));
  const confirmations = [
    {
      milestone_id: milestones.find((milestone) => milestone.key === MilestoneKey.PILOT_SUMMARY)!.id,
      met_on: summaryDay,
      note: PILOT_SUMMARY_NOTE,
      confirmed_at: minText(at(addDays(summaryDay, 1), 10.5), context.nowLocal),
    },
  ];

  const profiles = enrol(context, input.courtyards);
  const governance = planGovernance(context, profiles);
  const activities = planActivities(context, profiles);
  const idle = planIdleSpaces(context, profiles);
  const { proposals, votes } = planProposals(context, profiles);

  return {
    plan,
    phases,
    milestones,
    confirmations,
    enrollments: profiles.map((profile) => ({
      courtyard_id: profile.courtyard.id,
      batch: profile.batch,
      enrolled_on: profile.enrolledOn,
    })),
    ...governance,
    ...activities,
    disputes: planDisputes(context, profiles),
    serviceRequests: planServiceRequests(context, profiles),
    ledger: planLedger(context, profiles),
    ...idle,
    surveys: planSurveys(context, profiles),
    proposals,
    votes,
  };
}

/** Batch 1 (30 of mixed types) in month 1, batch 2 in month 13, a few in month 14; the rest wait. */
function enrol(context: DemoContext, courtyards: readonly DemoCourtyard[]): CourtyardProfile[] {
  const { random, startsOn } = context;
  const shuffled = random.shuffle(courtyards.filter((courtyard) => courtyard.households.length >= 10));
  const quota = { ...DEMO_RECORDS_SHAPE.firstBatchTypes };
  const first: DemoCourtyard[] = [];
  for (const courtyard of shuffled) {
    if (quota[courtyard.type] > 0) {
      quota[courtyard.type]--;
      first.push(courtyard);
    }
  }
  const rest = shuffled.filter((courtyard) => !first.includes(courtyard));
  // short of a type: the pilot still has its full size
  while (first.length < DEMO_RECORDS_SHAPE.pilotSize && rest.length) first.push(rest.shift()!);
  const second = rest.splice(0, DEMO_RECORDS_SHAPE.secondBatch);
  const third = rest.splice(0, DEMO_RECORDS_SHAPE.thirdBatch);

  const batches: [number, DemoCourtyard[], string][] = [
    [1, first, addDays(firstDayOfPlanMonth(startsOn, 1), 9)],
    [2, second, addDays(firstDayOfPlanMonth(startsOn, 13), 7)],
    [3, third, addDays(firstDayOfPlanMonth(startsOn, 14), 9)],
  ];
  const profiles: CourtyardProfile[] = [];
  for (const [batch, members, enrolledOn] of batches) {
    if (enrolledOn > context.today) continue;
    const lagging = new Set(random.shuffle(members).slice(0, DEMO_RECORDS_SHAPE.lagging[batch] ?? 0));
    const steady = random.shuffle(members.filter((courtyard) => !lagging.has(courtyard)));
    const exemplary = new Set(batch === 1 ? steady.slice(0, DEMO_RECORDS_SHAPE.exemplary) : []);
    for (const courtyard of members) {
      const isLagging = lagging.has(courtyard);
      profiles.push({
        courtyard,
        batch,
        enrolledOn,
        lagging: isLagging,
        exemplary: exemplary.has(courtyard),
        engagement: isLagging
          ? random.decimal(0.05, 0.14)
          : random.decimal(0.26, 0.55) + (exemplary.has(courtyard) ? 0.08 : 0),
        youthShare: youthShare(random, courtyard.type),
        selfFunding: isLagging ? random.decimal(0.08, 0.22) : random.decimal(0.25, 0.6),
        satisfaction: isLagging ? random.decimal(60, 70) : random.decimal(74, 90),
        electedOn: null,
      });
    }
  }
  return profiles;
}

function youthShare(random: SeededRandom, type: CourtyardType): number {
  switch (type) {
    case CourtyardType.COMMERCIAL_HOUSING:
      return random.decimal(0.3, 0.5);
    case CourtyardType.OLD_COMPOUND:
      return random.decimal(0.1, 0.25);
    case CourtyardType.WORK_UNIT_DORMITORY:
      return random.decimal(0.12, 0.3);
    default:
      return random.decimal(0.15, 0.35);
  }
}

/**
 * Committees: every pilot courtyard by the month-3 due date (the milestone counts pilotSize of
 * them), most in months 1–2; later batches over their first weeks, not all yet. Institutions: the
 * responsibility list and convention for the steady pilot courtyards by month 6, the lagging ones
 * months later; all five for the exemplary ones during the pilot year, some of whom are named
 * demonstration courtyards in months 10–14.
 */
function planGovernance(
  context: DemoContext,
  profiles: CourtyardProfile[],
): Pick<DemoRecordsPlan, 'committees' | 'institutions' | 'designations'> {
  const { random, startsOn, today } = context;
  const committees: DemoRecordsPlan['committees'] = [];
  const institutions: DemoRecordsPlan['institutions'] = [];
  const designations: DemoRecordsPlan['designations'] = [];
  const month = (number: number) => ({
    from: firstDayOfPlanMonth(startsOn, number),
    to: lastDayOfPlanMonth(startsOn, number),
  });
  const between = (from: string, to: string) => addDays(from, random.integer(0, Math.max(0, daysBetween(from, to))));
  const pilotDue = month(3).to;
  const charterDue = month(6).to;
  let laggingPilots = 0;

  for (const profile of profiles) {
    const id = profile.courtyard.id;
    let electedOn: string | null = null;
    if (profile.batch === 1) {
      const electionMonth = profile.lagging ? 3 : random.weighted({ 1: 40, 2: 40, 3: 20 });
      electedOn = minText(
        between(
          maxText(month(Number(electionMonth)).from, addDays(profile.enrolledOn, 7)),
          month(Number(electionMonth)).to,
        ),
        pilotDue,
      );
    } else if (random.chance(profile.lagging ? 0.3 : 0.85)) {
      electedOn = addDays(profile.enrolledOn, random.integer(7, 60));
    }
    if (!electedOn || electedOn > today) continue;
    profile.electedOn = electedOn;

    const adopted = new Map<InstitutionKind, string>();
    const adopt = (kind: InstitutionKind, on: string) => {
      if (on <= today) adopted.set(kind, on);
    };
    if (profile.batch === 1 && !profile.lagging) {
      const list = minText(addDays(electedOn, random.integer(10, 60)), charterDue);
      adopt(InstitutionKind.RESPONSIBILITY_LIST, list);
      adopt(InstitutionKind.CONVENTION, minText(addDays(list, random.integer(0, 40)), charterDue));
      if (profile.exemplary) {
        adopt(InstitutionKind.DELIBERATION_RULES, addDays(electedOn, random.integer(20, 120)));
        adopt(InstitutionKind.FINANCIAL_RULES, addDays(electedOn, random.integer(60, 200)));
        adopt(InstitutionKind.SUPERVISORY_BOARD, between(month(6).from, month(9).to));
      } else {
        if (random.chance(0.6)) adopt(InstitutionKind.DELIBERATION_RULES, addDays(electedOn, random.integer(30, 250)));
        if (random.chance(0.35)) adopt(InstitutionKind.FINANCIAL_RULES, addDays(electedOn, random.integer(90, 380)));
      }
    } else if (profile.batch === 1) {
      // lagging pilot courtyards adopt their charters only after the month-6 due date, and one of
      // them has no convention yet, so PILOT_CHARTERS_ADOPTED shows as missed
      const list = between(month(7).from, month(9).to);
      adopt(InstitutionKind.RESPONSIBILITY_LIST, list);
      if (laggingPilots++ > 0) adopt(InstitutionKind.CONVENTION, addDays(list, random.integer(10, 70)));
    } else {
      if (random.chance(0.65)) {
        const list = addDays(electedOn, random.integer(7, 40));
        adopt(InstitutionKind.RESPONSIBILITY_LIST, list);
        if (random.chance(0.6)) adopt(InstitutionKind.CONVENTION, addDays(list, random.integer(0, 30)));
      }
      if (random.chance(0.2)) adopt(InstitutionKind.DELIBERATION_RULES, addDays(electedOn, random.integer(14, 60)));
    }
    for (const [kind, on] of adopted) institutions.push({ courtyard_id: id, kind, adopted_on: on });

    const volunteers = profile.lagging ? random.integer(2, 5) : random.integer(4, 15);
    const committeeMembers = random.chance(0.8) ? 3 : 5;
    committees.push({
      courtyard_id: id,
      elected_on: electedOn,
      member_count: 1 + committeeMembers + volunteers,
      social_worker_count: 1,
      committee_member_count: committeeMembers,
      volunteer_count: volunteers,
      has_supervisory_board: adopted.has(InstitutionKind.SUPERVISORY_BOARD),
      has_party_group: random.chance(profile.lagging ? 0.5 : 0.9),
    });

    if (profile.exemplary && adopted.size === 5 && designations.length < DEMO_RECORDS_SHAPE.demonstrations) {
      const from = maxText(month(10).from, addDays([...adopted.values()].sort().pop()!, 14));
      const to = minText(month(Math.min(14, context.currentMonth)).to, today);
      if (from <= to) designations.push({ courtyard_id: id, since: between(from, to) });
    }
  }
  return { committees, institutions, designations };
}

/** The days of plan month `month` a courtyard has records in: from its enrolment, up to the month's end. */
function monthWindow(
  context: DemoContext,
  profile: CourtyardProfile,
  month: number,
): { from: string; to: string; share: number } | null {
  const monthStart = firstDayOfPlanMonth(context.startsOn, month);
  const to = lastDayOfPlanMonth(context.startsOn, month);
  const from = maxText(monthStart, profile.enrolledOn);
  if (from > to) return null;
  return { from, to, share: (daysBetween(from, to) + 1) / monthLength(monthStart) };
}

function randomDay(context: DemoContext, from: string, to: string): string {
  return addDays(from, context.random.integer(0, Math.max(0, daysBetween(from, to))));
}

/** how many of something a month holds, scaled down for a month the courtyard joined late */
function scaled(context: DemoContext, count: number, share: number): number {
  return share >= 1 ? count : Math.round(count * share + (context.random.next() - 0.5) * 0.5);
}

function monthsOf(context: DemoContext, profile: CourtyardProfile): number[] {
  const first = planMonth(context.startsOn, profile.enrolledOn);
  return Array.from({ length: context.currentMonth - first + 1 }, (_, index) => first + index);
}

/**
 * 1–4 activities a month (1–2 in lagging courtyards); a share of the households that grows over
 * the first months attends, each household once or now and then twice, with 1–4 people of whom
 * some are young.
 */
function planActivities(
  context: DemoContext,
  profiles: readonly CourtyardProfile[],
): Pick<DemoRecordsPlan, 'activities' | 'attendance'> {
  const { random, today } = context;
  const activities: DemoRecordsPlan['activities'] = [];
  const attendance: DemoRecordsPlan['attendance'] = [];
  for (const profile of profiles) {
    const households = profile.courtyard.households;
    const firstMonth = planMonth(context.startsOn, profile.enrolledOn);
    for (const month of monthsOf(context, profile)) {
      const window = monthWindow(context, profile, month)!;
      const planned = profile.lagging ? random.integer(1, 2) : Number(random.weighted({ 1: 15, 2: 35, 3: 35, 4: 15 }));
      const count = Math.max(window.share >= 0.25 ? 1 : 0, scaled(context, planned, window.share));
      const held = Array.from({ length: count }, () => {
        const kind = random.weighted(ACTIVITY_KIND_WEIGHTS);
        return {
          id: context.newId(),
          courtyard_id: profile.courtyard.id,
          kind,
          title: random.pick(ACTIVITY_TITLES[kind]),
          held_on: randomDay(context, window.from, window.to),
        };
      }).filter((activity) => activity.held_on <= today);
      if (!held.length) continue;
      activities.push(...held);

      const ramp = Math.min(1, 0.6 + 0.08 * (month - firstMonth));
      const share = Math.min(0.75, Math.max(0.02, profile.engagement * ramp + random.decimal(-0.05, 0.05)));
      const attendees = random.shuffle(households).slice(0, Math.max(1, Math.round(share * households.length)));
      for (const household of attendees) {
        const first = random.integer(0, held.length - 1);
        const visits =
          held.length > 1 && random.chance(0.25)
            ? [first, (first + random.integer(1, held.length - 1)) % held.length]
            : [first];
        for (const index of visits) {
          const participants = Number(random.weighted({ 1: 50, 2: 30, 3: 15, 4: 5 }));
          let youth = 0;
          for (let person = 0; person < participants; person++) if (random.chance(profile.youthShare)) youth++;
          attendance.push({
            activity_id: held[index].id,
            household_id: household.id,
            participants,
            youth_participants: youth,
          });
        }
      }
    }
  }
  return { activities, attendance };
}

/**
 * 0–3 disputes a month. Most are settled by the courtyard itself within days or weeks; some go up
 * to the community or street, a few to court, and a few stay open. Lagging courtyards settle
 * fewer themselves and take longer.
 */
function planDisputes(context: DemoContext, profiles: readonly CourtyardProfile[]): DemoRecordsPlan['disputes'] {
  const { random, today } = context;
  const disputes: DemoRecordsPlan['disputes'] = [];
  for (const profile of profiles) {
    for (const month of monthsOf(context, profile)) {
      const window = monthWindow(context, profile, month)!;
      const count = scaled(context, Number(random.weighted({ 0: 30, 1: 40, 2: 20, 3: 10 })), window.share);
      for (let i = 0; i < count; i++) {
        const category = random.weighted(DISPUTE_CATEGORY_WEIGHTS);
        const reportedOn = randomDay(context, window.from, window.to);
        if (reportedOn > today) continue;
        const outcome = profile.lagging
          ? random.weighted({
              COMMITTEE: 25,
              RESIDENTS_ASSEMBLY: 15,
              MEDIATION: 15,
              ESCALATED: 25,
              LITIGATION: 3,
              OPEN: 17,
            })
          : random.weighted({
              COMMITTEE: 55,
              RESIDENTS_ASSEMBLY: 20,
              MEDIATION: 17,
              ESCALATED: 5,
              LITIGATION: 1,
              OPEN: 2,
            });
        let days: number;
        if (outcome === 'LITIGATION') days = random.integer(25, 40);
        else if (outcome === 'ESCALATED') days = random.integer(7, 40);
        else if (profile.lagging) days = random.integer(5, 40);
        else {
          const pace = random.weighted({ days: 75, weeks: 19, months: 6 });
          days =
            pace === 'days' ? random.integer(1, 3) : pace === 'weeks' ? random.integer(4, 14) : random.integer(15, 40);
        }
        const resolvedOn = outcome === 'OPEN' ? null : addDays(reportedOn, days);
        const resolved = resolvedOn !== null && resolvedOn <= today;
        const channel = resolved ? (outcome as ResolutionChannel) : null;
        disputes.push({
          courtyard_id: profile.courtyard.id,
          category,
          reported_on: reportedOn,
          summary: random.pick(DISPUTE_SUMMARIES[category as DisputeCategory]),
          resolved_on: resolved ? resolvedOn : null,
          channel,
          resolution_note: channel ? random.pick(RESOLUTION_NOTES[channel]) : null,
        });
      }
    }
  }
  return disputes;
}

/**
 * 1–4 repair requests a month; most answered within hours, fewer slow ones as a courtyard settles
 * in, lagging courtyards slower throughout.
 */
function planServiceRequests(
  context: DemoContext,
  profiles: readonly CourtyardProfile[],
): DemoRecordsPlan['serviceRequests'] {
  const { random, today, nowLocal } = context;
  const requests: DemoRecordsPlan['serviceRequests'] = [];
  for (const profile of profiles) {
    const firstMonth = planMonth(context.startsOn, profile.enrolledOn);
    for (const month of monthsOf(context, profile)) {
      const window = monthWindow(context, profile, month)!;
      const settling = Math.max(0, 1 - (month - firstMonth) / 12);
      const count = scaled(context, random.integer(1, 4), window.share);
      for (let i = 0; i < count; i++) {
        const day = randomDay(context, window.from, window.to);
        if (day >= today) continue; // requests of today would have to be earlier than now
        const createdAt = at(day, random.decimal(7, 22));
        const roll = random.next();
        const responseHours = profile.lagging
          ? roll < 0.4
            ? random.decimal(2, 8)
            : roll < 0.75
              ? random.decimal(8, 24)
              : random.decimal(24, 72)
          : roll < 0.85 - 0.2 * settling
            ? random.decimal(0.5, 6)
            : roll < 0.97 - 0.1 * settling
              ? random.decimal(6, 12)
              : random.decimal(12, 36);
        const firstResponseAt = addHours(createdAt, responseHours);
        const resolvedAt = addHours(firstResponseAt, random.decimal(1, 72));
        const category = random.pick(SERVICE_CATEGORIES);
        requests.push({
          courtyard_id: profile.courtyard.id,
          household_id: random.pick(profile.courtyard.households).id,
          category,
          description: `${category}：请尽快上门处理`,
          created_at: createdAt,
          first_response_at: firstResponseAt <= nowLocal ? firstResponseAt : null,
          resolved_at: resolvedAt <= nowLocal ? resolvedAt : null,
        });
      }
    }
  }
  return requests;
}

/**
 * 0–2 idle spaces per courtyard, registered in its first weeks: IDLE, then RENOVATING for its new
 * use, then UTILIZED, each change when its time has come. Lagging courtyards rarely get going.
 */
function planIdleSpaces(
  context: DemoContext,
  profiles: readonly CourtyardProfile[],
): Pick<DemoRecordsPlan, 'idleSpaces' | 'idleChanges'> {
  const { random, today, nowLocal } = context;
  const recordedAt = (day: string) => minText(at(day, 18), nowLocal);
  const idleSpaces: DemoRecordsPlan['idleSpaces'] = [];
  const idleChanges: DemoRecordsPlan['idleChanges'] = [];
  for (const profile of profiles) {
    const count = Number(random.weighted({ 0: 35, 1: 45, 2: 20 }));
    const names = random.shuffle(IDLE_SPACE_NAMES);
    for (let i = 0; i < count; i++) {
      const registeredOn = addDays(profile.enrolledOn, random.integer(5, 50));
      if (registeredOn > today) continue;
      const space = {
        id: context.newId(),
        courtyard_id: profile.courtyard.id,
        name: names[i],
        area_sqm: random.decimal(15, 180),
        registered_on: registeredOn,
      };
      idleSpaces.push(space);
      idleChanges.push({
        idle_space_id: space.id,
        status: 'IDLE',
        changed_on: registeredOn,
        new_use: null,
        recorded_at: recordedAt(registeredOn),
      });
      if (profile.lagging && !random.chance(0.3)) continue;
      const use = random.pick(IDLE_SPACE_USES);
      const renovating = addDays(registeredOn, random.integer(20, 120));
      if (renovating > today) continue;
      idleChanges.push({
        idle_space_id: space.id,
        status: 'RENOVATING',
        changed_on: renovating,
        new_use: use,
        recorded_at: recordedAt(renovating),
      });
      if (profile.lagging) continue;
      const utilized = addDays(renovating, random.integer(30, 90));
      if (utilized <= today)
        idleChanges.push({
          idle_space_id: space.id,
          status: 'UTILIZED',
          changed_on: utilized,
          new_use: use,
          recorded_at: recordedAt(utilized),
        });
    }
  }
  return { idleSpaces, idleChanges };
}

/**
 * A satisfaction survey in the last month of every calendar quarter (days 10–20): 10–20% of the
 * households of each courtyard enrolled by then answer, scores 55–100 around the courtyard's
 * level, rising a little quarter by quarter where things go well.
 */
function planSurveys(context: DemoContext, profiles: readonly CourtyardProfile[]): DemoRecordsPlan['surveys'] {
  const { random, startsOn, today } = context;
  const surveys: DemoRecordsPlan['surveys'] = [];
  for (let month = 1; month <= context.currentMonth; month++) {
    const monthStart = firstDayOfPlanMonth(startsOn, month);
    if (Number(monthStart.slice(5, 7)) % 3 !== 0) continue;
    const from = addDays(monthStart, 9);
    const to = addDays(monthStart, 19);
    for (const profile of profiles) {
      if (profile.enrolledOn > from) continue;
      const quarters = Math.floor(daysBetween(profile.enrolledOn, from) / 91);
      const level = profile.satisfaction + (profile.lagging ? 0 : Math.min(6, 1.5 * quarters));
      const households = profile.courtyard.households;
      const respondents = random
        .shuffle(households)
        .slice(0, Math.max(5, Math.round(households.length * random.decimal(0.1, 0.2))));
      for (const household of respondents) {
        const takenOn = randomDay(context, from, to);
        if (takenOn > today) continue;
        // the sum of three uniforms: a bell around the level
        const noise = (random.next() + random.next() + random.next() - 1.5) * 16;
        surveys.push({
          courtyard_id: profile.courtyard.id,
          household_id: household.id,
          taken_on: takenOn,
          score: Math.max(55, Math.min(100, Math.round(level + noise))),
        });
      }
    }
  }
  return surveys;
}
