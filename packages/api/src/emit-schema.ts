import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printApiSchema } from './schema';

/** `npm run schema:emit`: writes packages/schema/schema.graphql from the code. */
export const SCHEMA_FILE = resolve(__dirname, '../../schema/schema.graphql');

if (require.main === module) {
  printApiSchema()
    .then((text) => {
      writeFileSync(SCHEMA_FILE, text);
      console.log(`[schema] wrote ${SCHEMA_FILE}`);
    })
    .catch((error: Error) => {
      console.error(`[schema] ${error.stack ?? error.message}`);
      process.exit(1);
    });
}
