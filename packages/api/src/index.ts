export { createApp, type CreateAppOptions, type XiaoyuanApp } from './app';
export { buildApiSchema, printApiSchema } from './schema';
