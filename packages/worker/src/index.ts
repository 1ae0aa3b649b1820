export * from './engine/job-definition';
export * from './engine/job-runner';
export * from './engine/logger';
export * from './engine/redis';
export * from './engine/worker-host';
export * from './engine/worker-service';
export * from './jobs';
export * from './jobs/generate-demo-district.job';
export { planDemoDistrict } from './demo/demo-district.plan';
