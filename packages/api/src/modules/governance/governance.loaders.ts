import { ApiScope, uuidArray } from '@xiaoyuan/schema';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../engine/context';
import { CommitteeElectionView } from './governance.types';

/** Committee elections of courtyards, latest first, in one query per page of courtyards. */
export function committeeElectionsOf(context: RequestContext) {
  return context.loader<string, CommitteeElectionView[]>(
    'committee-elections-of',
    () =>
      new DataLoader((courtyardIds) =>
        context.serially(async () => {
          context.requireTenantCaller(ApiScope.RECORDS_READ);
          const rows = await context.em.execute<
            {
              courtyard_id: string;
              elected_on: string;
              member_count: number | null;
              social_worker_count: number | null;
              committee_member_count: number | null;
              volunteer_count: number | null;
              has_supervisory_board: boolean;
              has_party_group: boolean;
              created_at: string | Date;
            }[]
          >(
            `select courtyard_id, to_char(elected_on, 'YYYY-MM-DD') as elected_on, member_count, social_worker_count, committee_member_count,
                volunteer_count, has_supervisory_board, has_party_group, created_at
           from committee_elections where courtyard_id = any(?::uuid[]) order by elected_on desc, created_at desc`,
            [uuidArray(courtyardIds)],
          );
          const byCourtyard = new Map<string, CommitteeElectionView[]>(courtyardIds.map((id) => [id, []]));
          for (const row of rows) {
            byCourtyard.get(row.courtyard_id)!.push(
              Object.assign(new CommitteeElectionView(), {
                electedOn: row.elected_on,
                memberCount: row.member_count,
                socialWorkerCount: row.social_worker_count,
                committeeMemberCount: row.committee_member_count,
                volunteerCount: row.volunteer_count,
                hasSupervisoryBoard: row.has_supervisory_board,
                hasPartyGroup: row.has_party_group,
                recordedAt: new Date(row.created_at),
              }),
            );
          }
          return courtyardIds.map((id) => byCourtyard.get(id)!);
        }),
      ),
  );
}
