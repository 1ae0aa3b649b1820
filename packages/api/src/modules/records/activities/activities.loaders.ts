import { Household } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../../engine/context';
import { encodeCursor, uuidArray, type Connection, type Page } from '../../../engine/pagination';
import type { AttendanceView } from './activities.types';

export interface AttendanceTotals {
  households: number;
  participants: number;
  youthParticipants: number;
}

/** Attendance totals of activities, in one grouped query per batch. */
export function attendanceTotals(context: RequestContext) {
  return context.loader<string, AttendanceTotals>(
    'activity-attendance-totals',
    () =>
      new DataLoader((activityIds) =>
        context.serially(async () => {
          const rows = await context.em.execute<
            { activity_id: string; households: number; participants: number; youth: number }[]
          >(
            `select activity_id, count(*)::int as households, sum(participants)::int as participants, sum(youth_participants)::int as youth
           from activity_attendance where activity_id = any(?::uuid[]) group by activity_id`,
            [uuidArray([...activityIds])],
          );
          const totals = new Map(
            rows.map((row) => [
              row.activity_id,
              { households: row.households, participants: row.participants, youthParticipants: row.youth },
            ]),
          );
          return activityIds.map((id) => totals.get(id) ?? { households: 0, participants: 0, youthParticipants: 0 });
        }),
      ),
  );
}

type AttendancePage = { nodes: AttendanceView[]; hasNextPage: boolean };

/** Pages of attendance of several activities (by household code), in one windowed query. */
export function attendancePages(context: RequestContext, page: Page) {
  const name = `activity-attendance:${page.first}:${page.after ? `${page.after.key}\u0000${page.after.id}` : ''}`;
  return context.loader<string, AttendancePage>(
    name,
    () =>
      new DataLoader((activityIds) =>
        context.serially(async () => {
          const params: unknown[] = [uuidArray([...activityIds])];
          let after = '';
          if (page.after) {
            after = 'and (h.code, h.id) > (?, ?::uuid)';
            params.push(page.after.key, page.after.id);
          }
          const rows = await context.em.execute<Record<string, unknown>[]>(
            `select * from (
             select a.activity_id, a.participants as attendance_participants, a.youth_participants as attendance_youth, h.*,
                    row_number() over (partition by a.activity_id order by h.code, h.id) as page_rank
             from activity_attendance a join households h on h.id = a.household_id
             where a.activity_id = any(?::uuid[]) ${after}
           ) ranked where page_rank <= ? order by page_rank`,
            [...params, page.first + 1],
          );
          const pages = new Map<string, AttendancePage>(
            activityIds.map((id) => [id, { nodes: [], hasNextPage: false }]),
          );
          for (const row of rows) {
            const entry = pages.get(row.activity_id as string)!;
            if (entry.nodes.length === page.first) {
              entry.hasNextPage = true;
              continue;
            }
            const {
              activity_id: _activity,
              attendance_participants,
              attendance_youth,
              page_rank: _rank,
              ...columns
            } = row;
            const household = context.em.map(Household, columns as never);
            entry.nodes.push({
              household,
              householdCode: household.code,
              participants: Number(attendance_participants),
              youthParticipants: Number(attendance_youth),
            });
          }
          return activityIds.map((id) => pages.get(id)!);
        }),
      ),
  );
}

export async function attendanceCount(context: RequestContext, activityId: string): Promise<number> {
  return (await attendanceTotals(context).load(activityId)).households;
}

export function toAttendanceConnection(page: AttendancePage, totalCount: number): Connection<AttendanceView> {
  const edges = page.nodes.map((node) => ({
    node,
    cursor: encodeCursor({ key: node.householdCode, id: node.household.id }),
  }));
  return {
    totalCount,
    pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    edges,
  };
}
