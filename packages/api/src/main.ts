import 'reflect-metadata';
import { EnvError, describeError, loadEnv, loadLocalEnvFile } from '@xiaoyuan/schema';
import { createApp } from './app';

// `node packages/api/dist/main.js`: the API and the built admin app on HOST:PORT.
async function main(): Promise<void> {
  const localFile = loadLocalEnvFile();
  if (localFile) console.log(`[api] development settings from ${localFile}`);
  const env = loadEnv();
  const app = await createApp({ env });
  const { port } = await app.listen(env.port, env.host);
  const shown = env.host.includes(':') ? `[${env.host}]` : env.host;
  console.log(`[api] listening on http://${shown}:${port} (GraphQL at /graphql)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`[api] ${signal}: shutting down`);
    const force = setTimeout(() => {
      console.error('[api] shutdown took too long: exiting');
      process.exit(1);
    }, 10_000);
    force.unref();
    try {
      await app.close();
      process.exit(0);
    } catch (error) {
      console.error('[api] shutdown failed', describeError(error));
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: Error) => {
  console.error(error instanceof EnvError ? `[api] ${error.message}` : `[api] ${describeError(error)}`);
  process.exit(1);
});
