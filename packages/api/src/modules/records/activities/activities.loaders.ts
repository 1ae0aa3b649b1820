import { Household, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../../engine/context';
import { encodeCursor, parentPages, type Connection, type Page, type Paged } from '../../../engine/pagination';
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

type AttendancePage = Paged<AttendanceView>;

/** Pages of attendance of several activities (by household code), in one windowed query. */
export function attendancePages(context: RequestContext, page: Page) {
  return parentPages(context, {
    name: 'activity-attendance',
    page,
    query: {
      columns:
        'a.activity_id, a.participants as attendance_participants, a.youth_participants as attendance_youth, h.*',
      from: 'activity_attendance a join households h on h.id = a.household_id',
      where: [],
      params: [],
      orderBy: [{ sql: 'h.code' }, { sql: 'h.id', type: 'uuid' }],
    },
    parent: 'a.activity_id',
    node: (row: Record<string, unknown>): AttendanceView => {
      const { activity_id: _activity, attendance_participants, attendance_youth, ...columns } = row;
      const household = context.em.map(Household, columns as never);
      return {
        household,
        householdCode: household.code,
        participants: Number(attendance_participants),
        youthParticipants: Number(attendance_youth),
      };
    },
  });
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
