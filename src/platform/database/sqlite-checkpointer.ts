import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { WriteTransactions } from './write-transactions';
import { describeError } from '../logger';

/** How often the worker checkpoints (a checkpoint with nothing to copy costs microseconds). */
const INTERVAL_MS = 100;
/**
 * Past this size the WAL is checkpointed on the main connection after a commit, as SQLite itself
 * would: under writes without a pause the worker's checkpoints may never catch the last frame, and
 * only a complete one lets the next transaction write the WAL from its start again. Also the size
 * the WAL file is cut back to when it starts again (`journal_size_limit`).
 */
export const WAL_LIMIT_BYTES = 16 * 1024 * 1024;
/** How long shutdown waits for the worker's last checkpoint. */
const STOP_TIMEOUT_MS = 10_000;

/** `PRAGMA wal_checkpoint` answers: SQLite's frame counts, `busy` when it could not complete. */
export interface CheckpointResult {
  busy: number;
  log: number;
  checkpointed: number;
}

type WorkerMessage =
  | ({ kind: 'checkpoint'; truncated: boolean } & CheckpointResult)
  | ({ kind: 'stopped' } & CheckpointResult)
  | { kind: 'failed'; message: string };

/**
 * Plain JavaScript run by the worker thread (given as source, so that it runs the same under
 * ts-node, Jest and the compiled build). Its own connection to the file checkpoints PASSIVE —
 * never waiting for, nor blocking, the main connection's transactions — and, once nothing was
 * committed for an interval (`data_version` unchanged) and everything is checkpointed, TRUNCATEs
 * the WAL to zero bytes (with no busy wait: if a transaction has begun meanwhile it simply does
 * not happen). On `stop` it makes a last TRUNCATE, waiting for a transaction in progress, and
 * closes its connection.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 0');
const checkpoint = (mode) => db.pragma('wal_checkpoint(' + mode + ')')[0];
const dataVersion = () => db.pragma('data_version', { simple: true });
let lastVersion = dataVersion();
let lastLog = 0;
const timer = setInterval(() => {
  try {
    const version = dataVersion();
    const result = checkpoint('PASSIVE');
    const idle = version === lastVersion && result.busy === 0 && result.log > 0 && result.log === result.checkpointed;
    const truncated = idle && checkpoint('TRUNCATE').busy === 0;
    if (result.log !== lastLog || truncated) parentPort.postMessage({ kind: 'checkpoint', truncated, ...result });
    lastVersion = version;
    lastLog = truncated ? 0 : result.log;
  } catch (error) {
    clearInterval(timer);
    parentPort.postMessage({ kind: 'failed', message: String(error && error.message) });
  }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.pragma('busy_timeout = ' + workerData.stopTimeoutMs);
  const result = checkpoint('TRUNCATE');
  db.close();
  parentPort.postMessage({ kind: 'stopped', ...result });
});
`;

/**
 * Takes SQLite's WAL checkpoints off the request path. By default SQLite checkpoints inside the
 * COMMIT that takes the WAL past 1,000 pages — on the event loop, copying the pages into the
 * database file and syncing both files (42 % of a first check-in's profile, docs/benchmarks.md).
 * Here the main connection's automatic checkpoint is off and a worker thread checkpoints from a
 * connection of its own every `INTERVAL_MS`; readers are not affected (a checkpoint never copies a
 * page a reader's snapshot still needs). The WAL stays bounded: past `WAL_LIMIT_BYTES` the main
 * connection checkpoints after its commit, as SQLite would (most frames are already copied by
 * then). Crash safety is WAL's own: a checkpoint interrupted anywhere is redone from the WAL at the
 * next open. Shutdown ends with a complete checkpoint and an empty WAL.
 *
 * File databases only (`:memory:` has no WAL) and not on PostgreSQL. If the worker fails, SQLite's
 * automatic checkpoint is turned back on.
 */
@Injectable()
export class SqliteCheckpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SqliteCheckpointer.name);
  private worker: Worker | undefined;
  private walFile = '';
  private stopped: Promise<CheckpointResult | undefined> = Promise.resolve(undefined);
  /** Checkpoints made by the worker that copied frames, and WAL truncations (for tests and ops). */
  readonly counts = { checkpoints: 0, truncations: 0, onMainConnection: 0 };

  constructor(private readonly transactions: WriteTransactions) {}

  onApplicationBootstrap(): void {
    if (this.transactions.dialect !== 'sqlite') return;
    const db = this.transactions.sqliteConnection();
    if (db.memory) return;
    this.walFile = `${db.name}-wal`;
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        driver: require.resolve('better-sqlite3'),
        file: db.name,
        intervalMs: INTERVAL_MS,
        stopTimeoutMs: STOP_TIMEOUT_MS,
      },
    });
    // Never what keeps the process alive; shutdown stops it explicitly.
    worker.unref();
    this.worker = worker;
    db.pragma('wal_autocheckpoint = 0');
    db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`);
    this.transactions.afterSqliteCommit = (connection) => this.boundWal(connection);
    this.stopped = new Promise((resolve) => {
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'checkpoint') {
          if (message.checkpointed > 0) this.counts.checkpoints++;
          if (message.truncated) this.counts.truncations++;
        } else if (message.kind === 'stopped') {
          resolve(message);
        } else {
          this.fail(db, message.message);
          resolve(undefined);
        }
      });
      worker.on('error', (error) => {
        this.fail(db, error.message);
        resolve(undefined);
      });
      worker.on('exit', () => resolve(undefined));
    });
  }

  /** Stops the worker after its last checkpoint; resolves to that checkpoint's result. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async stop(): Promise<CheckpointResult | undefined> {
    const worker = this.worker;
    if (!worker) return undefined;
    this.worker = undefined;
    worker.postMessage('stop');
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), STOP_TIMEOUT_MS + 1000);
    });
    const result = await Promise.race([this.stopped, timedOut]);
    clearTimeout(timer);
    await worker.terminate();
    return result;
  }

  /** Never throws: the group it follows is committed, whatever happens here. */
  private boundWal(db: SqliteDatabase): void {
    try {
      const size = statSync(this.walFile, { throwIfNoEntry: false })?.size ?? 0;
      if (size <= WAL_LIMIT_BYTES) return;
      const [result] = db.pragma('wal_checkpoint(PASSIVE)') as CheckpointResult[];
      if (result.busy === 0) this.counts.onMainConnection++;
    } catch (error) {
      this.logger.warn(`WAL checkpoint after a commit failed: ${describeError(error)}`);
    }
  }

  /** Back to SQLite's own checkpoint in COMMIT: the WAL must not grow without bound. */
  private fail(db: SqliteDatabase, message: string): void {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    void worker.terminate();
    this.transactions.afterSqliteCommit = undefined;
    if (db.open) db.pragma('wal_autocheckpoint = 1000');
    this.logger.error(`WAL checkpointer stopped (${message}); SQLite checkpoints in COMMIT again`);
  }
}
