// @xiaoyuan/domain: the rules and constants the server and the admin app share. No dependencies,
// no Node or DOM APIs beyond what both have (Intl), so it runs in Node and in the browser.
export * from './enums';
export * from './limits';
export * from './periods';
export * from './rollout-calendar';
export * from './kpi-definitions';
export * from './voting-rules';
export * from './dispute-channels';
export * from './service-request-sla';
export * from './permissions';
export * from './webhooks';
export * from './text-hygiene';
