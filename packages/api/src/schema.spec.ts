import { readFileSync } from 'node:fs';
import { SCHEMA_FILE } from './emit-schema';
import { printApiSchema } from './schema';

describe('packages/schema/schema.graphql', () => {
  it('is what the code emits', async () => {
    const committed = readFileSync(SCHEMA_FILE, 'utf8');
    const emitted = await printApiSchema();
    if (committed !== emitted) {
      throw new Error(
        'packages/schema/schema.graphql is out of date with the code: run `npm run schema:emit` and commit it',
      );
    }
  });
});
