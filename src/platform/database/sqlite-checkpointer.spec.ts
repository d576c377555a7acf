import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { SqliteCheckpointer, WAL_LIMIT_BYTES } from './sqlite-checkpointer';
import { WriteTransactions } from './write-transactions';

/**
 * The WAL is checkpointed by a worker thread, not inside COMMIT on the event loop: under writes
 * without a pause the WAL file stays bounded, readers see every commit, and shutdown leaves the
 * WAL empty with everything in the database file.
 */
describe('SqliteCheckpointer', () => {
  let dir: string;
  let file: string;
  let dataSource: DataSource;
  let transactions: WriteTransactions;
  let checkpointer: SqliteCheckpointer;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqlite-checkpointer-'));
    file = join(dir, 'test.sqlite');
    dataSource = new DataSource({
      type: 'better-sqlite3',
      database: file,
      enableWAL: true,
      prepareDatabase: (db: Database.Database) => {
        db.pragma('synchronous = NORMAL');
      },
    });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE item (id integer PRIMARY KEY, payload blob NOT NULL)');
    transactions = new WriteTransactions(dataSource);
    checkpointer = new SqliteCheckpointer(transactions);
  });

  afterEach(async () => {
    await checkpointer.stop();
    if (dataSource.isInitialized) await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const walBytes = () => statSync(`${file}-wal`, { throwIfNoEntry: false })?.size ?? 0;
  const setting = (name: string) =>
    transactions.sqliteConnection().pragma(name, { simple: true }) as number;

  /** Groups of `perGroup` 8 KiB rows, queued in waves as concurrent requests would. */
  async function writeWithoutPause(groups: number, perGroup: number, onGroup: () => void) {
    const payload = Buffer.alloc(8192, 7);
    for (let g = 0; g < groups; g++) {
      await Promise.all(
        Array.from({ length: perGroup }, () =>
          transactions.run(async (tx) => {
            await tx.run('INSERT INTO item (payload) VALUES (?)', [payload]);
          }),
        ),
      );
      onGroup();
    }
  }

  it('keeps the WAL bounded under writes without a pause', async () => {
    checkpointer.onApplicationBootstrap();
    expect(setting('wal_autocheckpoint')).toBe(0);
    const reader = new Database(file, { readonly: true });
    let largestWal = 0;
    let readerBehind = 0;
    let written = 0;
    // 3,000 rows of 8 KiB: about 1.5 times the WAL limit, and 100-ms ticks of the worker between.
    await writeWithoutPause(300, 10, () => {
      written += 10;
      largestWal = Math.max(largestWal, walBytes());
      const seen = reader.prepare('SELECT count(*) AS n FROM item').get() as { n: number };
      if (seen.n !== written) readerBehind++;
    });
    reader.close();

    expect(readerBehind).toBe(0);
    // The limit and what was committed while the worker held the checkpoint (the main
    // connection's checkpoint then waits for the next commit).
    expect(largestWal).toBeLessThan(WAL_LIMIT_BYTES + 4 * 1024 * 1024);
  });

  it('checkpoints only in the worker when writes come in bursts', async () => {
    checkpointer.onApplicationBootstrap();
    let largestWal = 0;
    // 20 MiB (more than the limit) in bursts of 80 KiB, 20 ms apart: about six seconds.
    for (let burst = 0; burst < 250; burst++) {
      await writeWithoutPause(1, 10, () => undefined);
      largestWal = Math.max(largestWal, walBytes());
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(checkpointer.counts.checkpoints).toBeGreaterThan(5);
    expect(checkpointer.counts.onMainConnection).toBe(0);
    // The worker's checkpoints alone let the WAL start again from its beginning.
    expect(largestWal).toBeLessThanOrEqual(WAL_LIMIT_BYTES);
  });

  it('leaves the WAL empty and every row in the database file on shutdown', async () => {
    checkpointer.onApplicationBootstrap();
    await writeWithoutPause(20, 10, () => undefined);
    expect(walBytes()).toBeGreaterThan(0);

    const last = await checkpointer.stop();
    expect(last).toMatchObject({ busy: 0, log: 0, checkpointed: 0 });
    expect(walBytes()).toBe(0);
    // The main connection is still open: the rows are in the database file, not only the WAL.
    const plain = new Database(file, { readonly: true });
    expect(plain.prepare('SELECT count(*) AS n FROM item').get()).toEqual({ n: 200 });
    expect(plain.pragma('integrity_check', { simple: true })).toBe('ok');
    plain.close();
  });

  it('empties the WAL once writes pause', async () => {
    checkpointer.onApplicationBootstrap();
    await writeWithoutPause(5, 10, () => undefined);
    const deadline = Date.now() + 5000;
    while ((walBytes() > 0 || checkpointer.counts.truncations === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(walBytes()).toBe(0);
    expect(checkpointer.counts.truncations).toBeGreaterThan(0);
  });

  it('leaves an in-memory database to SQLite', async () => {
    await dataSource.destroy();
    dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await dataSource.initialize();
    transactions = new WriteTransactions(dataSource);
    checkpointer = new SqliteCheckpointer(transactions);
    checkpointer.onApplicationBootstrap();
    expect(transactions.afterSqliteCommit).toBeUndefined();
    expect(await checkpointer.stop()).toBeUndefined();
  });
});
