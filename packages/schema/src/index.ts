import 'reflect-metadata';

export * from './constants';
export * from './enums';
export * from './global-id';
export * from './entities';
export * from './db/tenant-tables';
export * from './db/database-url';
export * from './db/orm-config';
export * from './db/tenant-transaction';
export { migrate } from './db/migrate';
export * from './crypto';
export * from './env';
export * from './graphql/scalars';
export * from './graphql/node.interface';
export * from './rules/periods';
export * from './rules/rollout-calendar';
export * from './rules/voting-rules';
export * from './rules/milestone-evaluation';
