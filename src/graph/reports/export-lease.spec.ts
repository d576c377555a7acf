import { ExportLease, MAX_EXPORT_ATTEMPTS, recoveryStep, renewalIntervalMs } from './export-lease';

const NOW = 1_733_000_000_000;
const job = (overrides: Partial<ExportLease>): ExportLease => ({
  status: 'inProgress',
  leaseExpiresAt: NOW + 1000,
  attempts: 1,
  ...overrides,
});

describe('report export leases', () => {
  it('leaves a job alone while its writer holds a live lease', () => {
    expect(recoveryStep(job({}), NOW)).toBe('leave');
    expect(recoveryStep(job({ leaseExpiresAt: NOW + 1 }), NOW)).toBe('leave');
  });

  it('lets any instance claim a job whose writer stopped renewing its lease', () => {
    expect(recoveryStep(job({ leaseExpiresAt: NOW }), NOW)).toBe('claim');
    expect(recoveryStep(job({ leaseExpiresAt: NOW - 60_000 }), NOW)).toBe('claim');
  });

  it('lets any instance claim a job nobody has claimed yet (its instance died before its turn)', () => {
    expect(
      recoveryStep(job({ status: 'notStarted', leaseExpiresAt: null, attempts: 0 }), NOW),
    ).toBe('claim');
  });

  it(`fails a job whose writers died ${MAX_EXPORT_ATTEMPTS} times instead of trying forever`, () => {
    expect(
      recoveryStep(job({ leaseExpiresAt: NOW - 1, attempts: MAX_EXPORT_ATTEMPTS - 1 }), NOW),
    ).toBe('claim');
    expect(recoveryStep(job({ leaseExpiresAt: NOW - 1, attempts: MAX_EXPORT_ATTEMPTS }), NOW)).toBe(
      'fail',
    );
    // Out of attempts but its last writer is alive: it may still finish.
    expect(recoveryStep(job({ attempts: MAX_EXPORT_ATTEMPTS }), NOW)).toBe('leave');
  });

  it('never touches a finished job, whatever its lease says', () => {
    for (const status of ['completed', 'failed'] as const) {
      expect(recoveryStep(job({ status, leaseExpiresAt: NOW - 1 }), NOW)).toBe('leave');
      expect(recoveryStep(job({ status, leaseExpiresAt: null, attempts: 9 }), NOW)).toBe('leave');
    }
  });

  it('renews a lease three times per lease, so one late renewal does not lose it', () => {
    expect(renewalIntervalMs(60_000)).toBe(20_000);
    expect(renewalIntervalMs(3_000)).toBe(1_000);
    expect(renewalIntervalMs(1)).toBe(100);
  });
});
