import { Activity, Dispute, IdleSpace, ServiceRequest } from '@xiaoyuan/schema';
import type { RequestContext } from '../../engine/context';
import { unitOf } from '../hierarchy/hierarchy.service';
import { ActivityView } from './activities/activities.types';
import { DisputeView } from './disputes/disputes.types';
import { IdleSpaceView } from './idle-spaces/idle-spaces.types';
import { ServiceRequestView } from './service-requests/service-requests.types';

export type RecordNode = ActivityView | DisputeView | ServiceRequestView | IdleSpaceView;

const RECORD_ENTITIES = { Activity, Dispute, ServiceRequest, IdleSpace } as const;

export function isRecordNodeType(type: string): type is keyof typeof RECORD_ENTITIES {
  return Object.prototype.hasOwnProperty.call(RECORD_ENTITIES, type);
}

/** `node(id)` of a record: null when the district has none or its courtyard is outside what the caller reads. */
export async function recordNode(
  context: RequestContext,
  type: keyof typeof RECORD_ENTITIES,
  id: string,
): Promise<RecordNode | null> {
  const record = (await context.em.findOne(
    RECORD_ENTITIES[type] as typeof Activity,
    { id },
    { populate: ['courtyard'] },
  )) as Activity | Dispute | ServiceRequest | IdleSpace | null;
  if (!record || !context.auth.canRead(unitOf(record.courtyard))) return null;
  if (record instanceof Activity) return ActivityView.of(record);
  if (record instanceof Dispute) return DisputeView.of(record);
  if (record instanceof ServiceRequest) return ServiceRequestView.of(record);
  return IdleSpaceView.of(record);
}
