import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { WriteTransactions } from './write-transactions';

/**
 * Group commit on SQLite: concurrent units of work share one COMMIT, yet each is acknowledged only
 * once it is committed, and one that fails leaves the others alone. "Committed" is checked from a
 * second connection to the same file, which sees only committed data.
 */
describe('WriteTransactions on SQLite (group commit)', () => {
  let dir: string;
  let dataSource: DataSource;
  let observer: Database.Database;
  let transactions: WriteTransactions;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'write-transactions-'));
    const file = join(dir, 'test.sqlite');
    dataSource = new DataSource({ type: 'better-sqlite3', database: file, enableWAL: true });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE item (name varchar(20) PRIMARY KEY)');
    observer = new Database(file, { readonly: true });
    transactions = new WriteTransactions(dataSource);
  });

  afterEach(async () => {
    observer.close();
    await dataSource.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A unit that holds the queue for a moment: what is queued meanwhile runs as one group. */
  const holdQueue = () =>
    transactions.run(() => new Promise<void>((resolve) => setTimeout(resolve, 20)));

  /** Transactions begun on the connection (the group commit drives them itself). */
  const transactionsBegun = () => {
    const exec = jest.spyOn(transactions.sqliteConnection(), 'exec');
    return () => exec.mock.calls.filter(([sql]) => sql === 'BEGIN IMMEDIATE').length;
  };

  const committed = () =>
    (observer.prepare('SELECT name FROM item ORDER BY name').all() as { name: string }[]).map(
      (row) => row.name,
    );

  it('acknowledges each of many concurrent units only after its commit, sharing commits', async () => {
    const begun = transactionsBegun();
    const names = Array.from({ length: 40 }, (_, i) => `unit-${String(i).padStart(2, '0')}`);
    const seenAtAcknowledgement = await Promise.all(
      names.map((name) =>
        transactions
          .run(async (tx) => {
            await tx.run('INSERT INTO item (name) VALUES (?)', [name]);
            // Some units take a while: others queue up behind them and form a group.
            await new Promise((resolve) => setImmediate(resolve));
            return name;
          })
          .then((result) => committed().includes(result)),
      ),
    );
    expect(seenAtAcknowledgement).toEqual(names.map(() => true));
    expect(committed()).toEqual(names);
    // Grouped: far fewer transactions than units.
    expect(begun()).toBeLessThan(names.length / 2);
  });

  it('rolls back only the unit that failed; the others of its group are committed', async () => {
    const begun = transactionsBegun();
    void holdQueue();
    const outcomes = await Promise.allSettled(
      ['a', 'b', 'c', 'd'].map((name) =>
        transactions.run(async (tx) => {
          await tx.run('INSERT INTO item (name) VALUES (?)', [name]);
          if (name === 'b') throw new Error('b went wrong after writing');
          // A constraint violation inside a unit is that unit's failure too.
          if (name === 'c') await tx.run('INSERT INTO item (name) VALUES (?)', ['a']);
          return name;
        }),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'rejected',
      'fulfilled',
    ]);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(
      new Error('b went wrong after writing'),
    );
    expect(committed()).toEqual(['a', 'd']);
    // They shared a transaction (the unit holding the queue, and a–d).
    expect(begun()).toBeLessThan(3);
    // The connection is usable afterwards, alone and in groups.
    await transactions.run((tx) => tx.run('INSERT INTO item (name) VALUES (?)', ['e']));
    expect(committed()).toEqual(['a', 'd', 'e']);
  });

  it('rejects every unit of a group whose transaction SQLite ended, and keeps none of them', async () => {
    const held = holdQueue();
    const outcomes = await Promise.allSettled(
      ['p', 'q', 'r'].map((name) =>
        transactions.run(async (tx) => {
          await tx.run('INSERT INTO item (name) VALUES (?)', [name]);
          // What SQLite does on some errors (disk full, I/O): the whole transaction is gone.
          if (name === 'q') {
            transactions.sqliteConnection().exec('ROLLBACK');
            throw new Error('transaction lost');
          }
          return name;
        }),
      ),
    );
    // p (and the unit before it) had succeeded, but their writes went with the transaction: they
    // are not acknowledged either.
    expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected', 'rejected']);
    await expect(held).rejects.toThrow('transaction lost');
    expect(committed()).toEqual([]);
    await transactions.run((tx) => tx.run('INSERT INTO item (name) VALUES (?)', ['s']));
    expect(committed()).toEqual(['s']);
  });

  it('runs TypeORM work and raw statements in the same group, each unit kept or undone whole', async () => {
    const begun = transactionsBegun();
    void holdQueue();
    const outcomes = await Promise.allSettled([
      transactions.run((tx) => tx.manager.query('INSERT INTO item (name) VALUES (?)', ['orm'])),
      transactions.run((tx) => tx.run('INSERT INTO item (name) VALUES (?)', ['raw'])),
      transactions.run(async (tx) => {
        await tx.manager.query('INSERT INTO item (name) VALUES (?)', ['orm-undone']);
        await tx.manager.query('INSERT INTO item (name) VALUES (?)', ['raw']);
      }),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect(committed()).toEqual(['orm', 'raw']);
    expect(begun()).toBeLessThan(3);
  });

  it('commits a unit alone in the queue as its own transaction', async () => {
    await expect(
      transactions.run(async (tx) => {
        await tx.run('INSERT INTO item (name) VALUES (?)', ['alone']);
        return 'done';
      }),
    ).resolves.toBe('done');
    expect(committed()).toEqual(['alone']);
    await expect(
      transactions.run(async (tx) => {
        await tx.run('INSERT INTO item (name) VALUES (?)', ['failed']);
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(committed()).toEqual(['alone']);
  });
});
