import 'reflect-metadata';
import { EnvError, loadEnv } from '@xiaoyuan/schema';
import { createApp } from './app';

// `node packages/api/dist/main.js`: the API and the built admin app on PORT.
async function main(): Promise<void> {
  const env = loadEnv();
  const app = await createApp({ env });
  const { port } = await app.listen(env.port, '0.0.0.0');
  console.log(`[api] listening on http://localhost:${port} (GraphQL at /graphql)`);

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
      console.error('[api] shutdown failed', error);
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: Error) => {
  console.error(error instanceof EnvError ? `[api] ${error.message}` : error);
  process.exit(1);
});
