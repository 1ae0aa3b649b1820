import { Client } from 'pg';
import { createScratchDatabase, type ScratchDatabase } from '../src/db/scratch-database';

export type TestDatabase = ScratchDatabase;

/** A fresh, migrated database of its own for one test file. */
export const createTestDatabase = (): Promise<TestDatabase> => createScratchDatabase();

export async function connect(url: string): Promise<Client> {
  const client = new Client({ connectionString: url });
  await client.connect();
  return client;
}
