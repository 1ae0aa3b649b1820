import 'reflect-metadata';
import { migrate } from './db/migrate';

// `npm run db:migrate`: migrates the database named by DATABASE_URL.
migrate({ log: (line) => console.log(`[migrate] ${line}`) })
  .then((names) => {
    console.log(
      names.length ? `[migrate] ${names.length} migration(s) applied` : '[migrate] the database is up to date',
    );
  })
  .catch((error: Error) => {
    console.error(`[migrate] failed: ${error.message}`);
    process.exit(1);
  });
