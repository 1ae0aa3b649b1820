import 'reflect-metadata';
// registers the domain's enums with type-graphql before any resolver refers to them
import './graphql/graphql-enums';

// The domain (enums, KPI definitions, periods, rollout calendar, voting rules, limits, permissions)
// is re-exported so the API and the worker import everything shared from one place.
export * from '@xiaoyuan/domain';
export * from './constants';
export * from './jobs/job-payloads';
export * from './jobs/planned-job';
export * from './jobs/kpi-refresh-planner';
export * from './jobs/kpi-refresh-outbox';
export * from './jobs/redis-connection';
export * from './global-id';
export * from './entities';
export * from './db/database-roles';
export * from './db/row-security';
export * from './db/tenant-tables';
export * from './db/database-url';
export * from './db/orm-config';
export * from './db/tenant-transaction';
export * from './db/sql-literals';
export * from './db/table-rows';
export { migrate } from './db/migrate';
export * from './crypto';
export * from './env';
export * from './log-redaction';
export * from './probes';
export * from './graphql/scalars';
export * from './graphql/node.interface';
export * from './rules/milestone-evaluation';
export * from './clock/district-clock';
export * from './imports/templates';
export * from './imports/csv-reader';
export * from './imports/xlsx-archive';
export * from './imports/xlsx-reader';
export * from './imports/upload-check';
export * from './db/scratch-database';
export * from './db/temporary-servers';
export * from './webhooks/webhook-url';
export * from './webhooks/webhook-body';
export * from './webhooks/webhook-signature';
export * from './webhooks/robot-messages';
export * from './labels/kpi-names';
