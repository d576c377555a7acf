/**
 * Who writes a report export, and what happens to a job whose writer died (docs/graph-properties.md,
 * "Recovery"). A job is written under a lease: the instance that claims it holds it until
 * `leaseExpiresAt` and renews it while it writes. A job whose lease has run out (the instance was
 * killed, restarted, or lost its database) is claimed again by whichever instance sees it first —
 * at start-up or when a consumer polls it — until it has been tried `MAX_EXPORT_ATTEMPTS` times;
 * then it is `failed`, so that a poller never waits forever. Pure: the store's SQL applies the same
 * conditions in one statement, so that exactly one instance wins a claim.
 */
export interface ExportLease {
  status: 'notStarted' | 'inProgress' | 'completed' | 'failed';
  /** null: never claimed (queued by the instance that accepted it). */
  leaseExpiresAt: number | null;
  /** Claims so far (each claim is one attempt to write the file). */
  attempts: number;
}

/** Attempts before a job whose writers keep dying is given up as `failed`. */
export const MAX_EXPORT_ATTEMPTS = 3;

export type RecoveryStep = 'leave' | 'claim' | 'fail';

/**
 * What any instance may do with a job now: claim it (unclaimed, or its writer's lease ran out and
 * attempts remain), fail it (lease ran out and no attempt remains), or leave it (finished, or a
 * writer holds a live lease).
 */
export function recoveryStep(job: ExportLease, now: number): RecoveryStep {
  if (job.status === 'completed' || job.status === 'failed') return 'leave';
  if (job.leaseExpiresAt !== null && job.leaseExpiresAt > now) return 'leave';
  return job.attempts < MAX_EXPORT_ATTEMPTS ? 'claim' : 'fail';
}

/**
 * How often a writer renews its lease: three times per lease, so that a renewal delayed by a slow
 * query or a busy event loop still lands before the lease runs out.
 */
export const renewalIntervalMs = (leaseMs: number): number =>
  Math.max(100, Math.floor(leaseMs / 3));
