import { Tx } from '../../platform/database/write-transactions';

/** An arbitrary constant that names "scheduled job claim" among PostgreSQL advisory locks. */
const SCHEDULED_JOB_LOCK_KEY = 7_312_004_118;

/**
 * The shortest time between two runs of a schedule, from its next fire times: a run that started
 * less than half of it ago belongs to the same period.
 */
export function shortestInterval(fireTimes: readonly number[]): number {
  let shortest = Number.POSITIVE_INFINITY;
  for (let i = 1; i < fireTimes.length; i++) {
    shortest = Math.min(shortest, fireTimes[i] - fireTimes[i - 1]);
  }
  return shortest;
}

/**
 * Claims this period's run of a scheduled job, for several server instances on one database: on
 * PostgreSQL, under a transaction-scoped advisory lock, so that instances ticking at the same
 * moment take turns instead of both seeing no recent run; then the job's last start is checked
 * and recorded in scheduled_job. An instance whose clock ticks a little later finds the run
 * recorded and leaves it. On SQLite one process is assumed, and its write queue serialises claims.
 * Returns whether the caller should run the job now.
 */
export async function claimScheduledRun(
  tx: Tx,
  job: string,
  now: number,
  interval: number,
): Promise<boolean> {
  if (tx.dialect === 'postgres') {
    const [{ locked }] = await tx.all<{ locked: boolean }>(
      'SELECT pg_try_advisory_xact_lock(?) AS locked',
      [SCHEDULED_JOB_LOCK_KEY],
    );
    if (!locked) return false;
  }
  const [last] = await tx.all<{ last_run_at: number | string }>(
    'SELECT last_run_at FROM scheduled_job WHERE name = ?',
    [job],
  );
  if (last && Number(last.last_run_at) > now - interval / 2) return false;
  await tx.run(
    `INSERT INTO scheduled_job (name, last_run_at) VALUES (?, ?)
     ON CONFLICT (name) DO UPDATE SET last_run_at = excluded.last_run_at`,
    [job, now],
  );
  return true;
}
