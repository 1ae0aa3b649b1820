import { uuidArray } from '@xiaoyuan/schema';
import type { IdleSpaceStatus } from '@xiaoyuan/schema';
import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { RequestContext } from '../../../engine/context';
import type { IdleSpaceStatusChangeView } from './idle-spaces.types';

/**
 * Status histories of idle spaces, oldest change first (by date, then by when it was entered),
 * in one query for a batch of spaces.
 */
export async function loadHistories(
  em: EntityManager,
  idleSpaceIds: readonly string[],
): Promise<Map<string, IdleSpaceStatusChangeView[]>> {
  const rows = await em.execute<
    { idle_space_id: string; status: IdleSpaceStatus; changed_on: string; new_use: string | null; recorded_at: Date }[]
  >(
    `select idle_space_id, status, to_char(changed_on, 'YYYY-MM-DD') as changed_on, new_use, recorded_at
     from idle_space_status_changes where idle_space_id = any(?::uuid[])
     order by idle_space_id, changed_on, recorded_at, id`,
    [uuidArray([...idleSpaceIds])],
  );
  const histories = new Map<string, IdleSpaceStatusChangeView[]>(idleSpaceIds.map((id) => [id, []]));
  for (const row of rows) {
    histories.get(row.idle_space_id)!.push({
      status: row.status,
      changedOn: row.changed_on,
      newUse: row.new_use,
      recordedAt: new Date(row.recorded_at),
    });
  }
  return histories;
}

export function idleSpaceHistory(context: RequestContext) {
  return context.loader<string, IdleSpaceStatusChangeView[]>(
    'idle-space-history',
    () =>
      new DataLoader((ids) =>
        context.serially(async () => {
          const histories = await loadHistories(context.em, ids);
          return ids.map((id) => histories.get(id)!);
        }),
      ),
  );
}
