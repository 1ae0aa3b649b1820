import {
  ActivitiesResolver,
  ActivityFieldsResolver,
  CourtyardActivitiesResolver,
} from './activities/activities.resolver';
import { CourtyardDisputesResolver, DisputeFieldsResolver, DisputesResolver } from './disputes/disputes.resolver';
import {
  CourtyardIdleSpacesResolver,
  IdleSpaceFieldsResolver,
  IdleSpacesResolver,
} from './idle-spaces/idle-spaces.resolver';
import {
  CourtyardServiceRequestsResolver,
  ServiceRequestFieldsResolver,
  ServiceRequestsResolver,
} from './service-requests/service-requests.resolver';
import { CourtyardSurveysResolver, SurveysResolver } from './surveys/surveys.resolver';

/** The resolvers of the record modules, for `RESOLVERS` in src/schema.ts. */
export const RECORDS_RESOLVERS = [
  ActivitiesResolver,
  ActivityFieldsResolver,
  CourtyardActivitiesResolver,
  DisputesResolver,
  DisputeFieldsResolver,
  CourtyardDisputesResolver,
  ServiceRequestsResolver,
  ServiceRequestFieldsResolver,
  CourtyardServiceRequestsResolver,
  IdleSpacesResolver,
  IdleSpaceFieldsResolver,
  CourtyardIdleSpacesResolver,
  SurveysResolver,
  CourtyardSurveysResolver,
] as const;
