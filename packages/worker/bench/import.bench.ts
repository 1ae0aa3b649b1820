import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ImportFormat, ImportKind, JOBS, PersonalDataCipher, QUEUES, loadEnv, withTenant } from '@xiaoyuan/schema';
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { silentLogger } from '../src/engine/logger';
import { startWorkerService } from '../src/engine/worker-service';
import type { ImportRecordsResult } from '../src/jobs/import-records.job';
import {
  TestProducer,
  createDistrict,
  createTestDatabase,
  openAppOrm,
  testEnv,
  uniquePrefix,
} from '../test/support/test-environment';
import { csv, householdRows, insertImport, seedHierarchy } from './import-fixtures';

// `npm run bench:import -w @xiaoyuan/worker`: a 100,000-row households CSV imported through BullMQ
// by a worker in a child process of its own, which runs the import in its sandboxed child (whose
// peak memory, read from /proc, is the import's alone), against
// a freshly migrated database; each run in a new district, after a one-row import in another
// district that starts the import process (as in a worker that has run an import before). Prints a
// Markdown table.
// BENCH_ROWS (default 100000) and BENCH_RUNS (default 3) change the size and the number of runs.

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const SAMPLE_MS = 20;

interface WorkerMemory {
  /** resident set size when the worker was ready, before any job */
  baselineRss: number;
  /** the process's peak resident set size (getrusage maxrss) */
  maxRss: number;
  /** V8 heap in use when the worker was ready */
  baselineHeapUsed: number;
  /** the highest V8 heap in use seen while sampling */
  peakHeapUsed: number;
  /** the peak resident set size of the sandboxed process that ran the import (Linux /proc) */
  importPeakRss: number;
}

interface RunResult extends WorkerMemory {
  wallMs: number;
  /** the one-row import before it, which starts the worker's import process */
  warmUpMs: number;
  storedRows: number;
  /** when the job reported reading + staging done (60), validation done (80), storing done (99) */
  phaseMs: { staged: number; validated: number; stored: number };
}

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The worker process: processes the imports queue, samples its memory, reports when asked. */
async function workerProcess(): Promise<void> {
  const service = await startWorkerService(
    loadEnv(process.env, () => undefined),
    { queues: [QUEUES.imports], log: silentLogger },
  );
  await Promise.all([...service.host.workers.values()].map((worker) => worker.waitUntilReady()));
  global.gc?.();
  const { rss: baselineRss, heapUsed: baselineHeapUsed } = process.memoryUsage();
  let peakHeapUsed = 0;
  let importPeakRss = 0;
  const sampler = setInterval(() => {
    peakHeapUsed = Math.max(peakHeapUsed, process.memoryUsage().heapUsed);
    importPeakRss = Math.max(importPeakRss, childrenPeakRss());
  }, SAMPLE_MS);
  process.on('message', async (message) => {
    if (message !== 'report') return;
    clearInterval(sampler);
    const memory: WorkerMemory = {
      baselineRss,
      baselineHeapUsed,
      maxRss: process.resourceUsage().maxRSS * 1024,
      peakHeapUsed,
      importPeakRss: Math.max(importPeakRss, childrenPeakRss()),
    };
    await service.stop();
    process.send!(memory, () => process.exit(0));
  });
  process.send!('ready');
}

/** The highest peak RSS (VmHWM) of this process's children: the sandboxed imports (0 where /proc is missing). */
function childrenPeakRss(): number {
  try {
    const children = readFileSync(`/proc/${process.pid}/task/${process.pid}/children`, 'utf8').split(/\s+/);
    return Math.max(
      0,
      ...children.filter(Boolean).map((pid) => {
        const peak = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
        return peak ? Number(peak[1]) * 1024 : 0;
      }),
    );
  } catch {
    return 0;
  }
}

interface BenchWorker {
  child: ChildProcess;
  /** rejects when the worker process dies (e.g. out of memory) */
  exited: Promise<never>;
  report: () => Promise<WorkerMemory>;
}

function startWorker(env: NodeJS.ProcessEnv): Promise<BenchWorker> {
  // BENCH_WORKER_NODE_OPTIONS, e.g. --max-old-space-size=96, to see how little heap the import needs
  const execArgv = ['--expose-gc', ...(process.env.BENCH_WORKER_NODE_OPTIONS ?? '').split(' ').filter(Boolean)];
  const child = fork(__filename, ['--worker'], { env: { ...process.env, ...env }, execArgv });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the worker exited (${code}) before it was ready`)));
    child.once('message', (message) => {
      if (message !== 'ready') return reject(new Error(`unexpected message ${JSON.stringify(message)}`));
      child.removeAllListeners('exit');
      const exited = new Promise<never>((_, fail) =>
        child.once('exit', (code, signal) => fail(new Error(`the worker died (${signal ?? code})`))),
      );
      exited.catch(() => undefined);
      resolve({
        child,
        exited,
        report: () =>
          new Promise<WorkerMemory>((done) => {
            child.once('message', (memory) => done(memory as WorkerMemory));
            child.send('report');
          }),
      });
    });
  });
}

async function main(): Promise<void> {
  const database = await createTestDatabase();
  const prefix = uniquePrefix();
  const env = testEnv(database, prefix);
  const orm: MikroORM = await openAppOrm(database);
  const producer = await new TestProducer(QUEUES.imports, prefix).ready();
  const results: RunResult[] = [];
  let fileBytes = 0;
  try {
    /** A district with its courtyards and a stored households file of `rows` rows; the import's id. */
    const prepare = async (name: string, rows: number, hierarchy: Parameters<typeof seedHierarchy>[2]) => {
      const tenantId = await createDistrict(orm, name);
      const { courtyardCodes } = await withTenant(orm.em, { tenantId }, (em) => seedHierarchy(em, tenantId, hierarchy));
      const content = csv([['小院编码', '户号', '面积', '联系人', '联系电话'], ...householdRows(rows, courtyardCodes)]);
      fileBytes = Math.max(fileBytes, content.length);
      const importId = await withTenant(orm.em, { tenantId }, (em) =>
        insertImport(
          em,
          tenantId,
          { kind: ImportKind.HOUSEHOLDS, format: ImportFormat.CSV, filename: 'households-bench.csv', content },
          new PersonalDataCipher(env.dataEncryptionKey),
        ),
      );
      return { tenantId, importId };
    };
    /** Enqueues the import and waits for it, timing the job's phases from its progress. */
    const runImport = async (worker: BenchWorker, { tenantId, importId }: { tenantId: string; importId: string }) => {
      const started = process.hrtime.bigint();
      const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
      const phaseMs = { staged: NaN, validated: NaN, stored: NaN };
      const onProgress = ({ jobId, data }: { jobId: string; data: unknown }) => {
        if (jobId !== importId || typeof data !== 'number') return;
        if (data >= 60 && Number.isNaN(phaseMs.staged)) phaseMs.staged = elapsed();
        if (data >= 80 && Number.isNaN(phaseMs.validated)) phaseMs.validated = elapsed();
        if (data >= 99 && Number.isNaN(phaseMs.stored)) phaseMs.stored = elapsed();
      };
      producer.events.on('progress', onProgress);
      try {
        const job = await producer.queue.add(JOBS.importRecords, { tenantId, importId }, { jobId: importId });
        const result = (await Promise.race([
          job.waitUntilFinished(producer.events, 600_000),
          worker.exited,
        ])) as ImportRecordsResult;
        return { result, wallMs: elapsed(), phaseMs };
      } finally {
        producer.events.off('progress', onProgress);
      }
    };
    for (let run = 1; run <= RUNS; run++) {
      const measured = await prepare(`bench${run}`, ROWS, {
        streets: 5,
        communitiesPerStreet: 10,
        courtyardsPerCommunity: 10,
      });
      const warmUp = await prepare(`warm${run}`, 1, { streets: 1, communitiesPerStreet: 1, courtyardsPerCommunity: 1 });

      const worker = await startWorker({
        DATABASE_URL: database.url,
        REDIS_URL: env.redisUrl,
        QUEUE_PREFIX: prefix,
        DATA_ENCRYPTION_KEY: env.dataEncryptionKey,
      });
      // a one-row import first, in another district: it starts the worker's import process (fork,
      // modules, ORM), which a running worker keeps for the imports that follow
      const { wallMs: warmUpMs } = await runImport(worker, warmUp);
      const { result, wallMs, phaseMs } = await runImport(worker, measured);
      const memory = await worker.report();
      if (result.storedRows !== ROWS) throw new Error(`run ${run} stored ${result.storedRows} rows, not ${ROWS}`);
      results.push({ wallMs, warmUpMs, storedRows: result.storedRows, phaseMs, ...memory });
      console.error(
        `run ${run}: ${(wallMs / 1000).toFixed(2)} s (after a one-row import of ${(warmUpMs / 1000).toFixed(2)} s), peak RSS ${mb(memory.maxRss)} MB (import process ${mb(memory.importPeakRss)} MB)`,
      );
    }
  } finally {
    await producer.close();
    await orm.close(true);
    await database.drop();
  }

  const lines = [
    `Households CSV import, ${ROWS.toLocaleString('en')} rows (${(fileBytes / 1024 / 1024).toFixed(1)} MB), through BullMQ; ${RUNS} runs, each in a new worker process and district, after a one-row import that starts the worker's import process.`,
    '',
    '| run | wall time (s) | rows/s | first (one-row) import before it (s) | read + stage / validate / store (s) | import process peak RSS (MB) | worker peak RSS (MB) | worker RSS before (MB) | worker V8 heap used before → peak (MB) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...results.map((run, index) => row(String(index + 1), run)),
    row('**median**', {
      wallMs: median(results.map((run) => run.wallMs)),
      warmUpMs: median(results.map((run) => run.warmUpMs)),
      storedRows: ROWS,
      phaseMs: {
        staged: median(results.map((run) => run.phaseMs.staged)),
        validated: median(results.map((run) => run.phaseMs.validated)),
        stored: median(results.map((run) => run.phaseMs.stored)),
      },
      maxRss: median(results.map((run) => run.maxRss)),
      baselineRss: median(results.map((run) => run.baselineRss)),
      baselineHeapUsed: median(results.map((run) => run.baselineHeapUsed)),
      peakHeapUsed: median(results.map((run) => run.peakHeapUsed)),
      importPeakRss: median(results.map((run) => run.importPeakRss)),
    }),
    '',
    `Machine: ${cpus().length} CPUs (${cpus()[0]?.model.trim()}), ${(totalmem() / 1024 ** 3).toFixed(0)} GB RAM, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.`,
  ];
  console.log(lines.join('\n'));
}

function row(label: string, run: RunResult): string {
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  const { staged, validated, stored } = run.phaseMs;
  return `| ${label} | ${seconds(run.wallMs)} | ${Math.round(ROWS / (run.wallMs / 1000)).toLocaleString('en')} | ${seconds(run.warmUpMs)} | ${seconds(staged)} / ${seconds(validated - staged)} / ${seconds(stored - validated)} | ${mb(run.importPeakRss)} | ${mb(run.maxRss)} | ${mb(run.baselineRss)} | ${mb(run.baselineHeapUsed)} → ${mb(run.peakHeapUsed)} |`;
}

if (process.argv.includes('--worker')) {
  workerProcess().catch((error) => {
    console.error(error);
    process.exit(1);
  });
} else {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
