import 'reflect-metadata';
import { DateTimeScalar } from '@xiaoyuan/schema';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { auditMutations } from './engine/audit.middleware';
import {
  CommunityFieldsResolver,
  CourtyardFieldsResolver,
  DistrictFieldsResolver,
  HouseholdFieldsResolver,
  StreetFieldsResolver,
} from './modules/hierarchy/hierarchy-fields.resolver';
import { ALERTS_RESOLVERS } from './modules/alerts/alerts.resolver';
import { ApiClientsResolver } from './modules/api-clients/api-clients.resolver';
import { WEBHOOKS_RESOLVERS } from './modules/webhooks/webhooks.resolver';
import { HierarchyResolver } from './modules/hierarchy/hierarchy.resolver';
import { KPI_RESOLVERS } from './modules/kpi/kpi.resolver';
import { KPI_TARGETS_RESOLVERS } from './modules/kpi-targets/kpi-targets.resolver';
import { LEDGER_RESOLVERS } from './modules/ledger/ledger.resolver';
import { ImportsResolver } from './modules/imports/imports.resolver';
import { JobsResolver } from './modules/jobs/jobs.resolver';
import { NodeResolver } from './modules/node/node.resolver';
import { PROPOSALS_RESOLVERS } from './modules/proposals/proposals.resolver';
import { PlatformResolver } from './modules/platform/platform.resolver';
import { RECORDS_RESOLVERS } from './modules/records/records.resolvers';
import { SessionResolver } from './modules/session/session.resolver';
import { UsersResolver } from './modules/users/users.resolver';
import { CourtyardGovernanceFieldsResolver, GovernanceResolver } from './modules/governance/governance.resolver';
import {
  EnrollmentFieldsResolver,
  MilestoneFieldsResolver,
  PhaseFieldsResolver,
  RolloutPlanFieldsResolver,
  RolloutResolver,
} from './modules/rollout/rollout.resolver';

export const RESOLVERS = [
  SessionResolver,
  UsersResolver,
  PlatformResolver,
  HierarchyResolver,
  DistrictFieldsResolver,
  StreetFieldsResolver,
  CommunityFieldsResolver,
  CourtyardFieldsResolver,
  HouseholdFieldsResolver,
  NodeResolver,
  ImportsResolver,
  JobsResolver,
  RolloutResolver,
  RolloutPlanFieldsResolver,
  PhaseFieldsResolver,
  MilestoneFieldsResolver,
  EnrollmentFieldsResolver,
  GovernanceResolver,
  CourtyardGovernanceFieldsResolver,
  ...RECORDS_RESOLVERS,
  ...LEDGER_RESOLVERS,
  ...PROPOSALS_RESOLVERS,
  ...KPI_TARGETS_RESOLVERS,
  ...KPI_RESOLVERS,
  ...ALERTS_RESOLVERS,
  ApiClientsResolver,
  ...WEBHOOKS_RESOLVERS,
] as const;

let built: Promise<GraphQLSchema> | null = null;

/** The API's GraphQL schema (built once per process: type-graphql metadata is global). */
export function buildApiSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    // JavaScript Dates are instants: the contract's DateTime. Local dates use the `Date` scalar.
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
    emitSchemaFile: false,
  }).then(auditMutations);
  return built;
}

export const SCHEMA_HEADER = '# Generated from the code by `npm run schema:emit`: do not edit.\n\n';

/** The schema as committed in packages/schema/schema.graphql (sorted, so diffs stay small). */
export async function printApiSchema(): Promise<string> {
  return SCHEMA_HEADER + printSchema(lexicographicSortSchema(await buildApiSchema())) + '\n';
}
