import { ConfigError, loadConfig } from './config';

describe('privacy and retention configuration', () => {
  it('keeps audit events a year, diagnostics 90 days, and runs retention hourly by default', () => {
    const config = loadConfig({});
    expect(config.retention).toEqual({
      auditEventDays: 365,
      diagnosticEventDays: 90,
      schedule: '0 * * * *',
    });
    expect(config.pseudonymKey).toBeNull();
  });

  it('takes a schedule, or off', () => {
    expect(loadConfig({ RETENTION_SCHEDULE: '30 2 * * *' }).retention.schedule).toBe('30 2 * * *');
    expect(loadConfig({ RETENTION_SCHEDULE: 'off' }).retention.schedule).toBeNull();
    expect(() => loadConfig({ RETENTION_SCHEDULE: 'every hour' })).toThrow(
      new ConfigError('RETENTION_SCHEDULE must be a cron expression or off'),
    );
  });

  it('refuses an audit retention under 30 days and a short pseudonym key', () => {
    expect(loadConfig({ AUDIT_RETENTION_DAYS: '30' }).retention.auditEventDays).toBe(30);
    expect(() => loadConfig({ AUDIT_RETENTION_DAYS: '29' })).toThrow(/AUDIT_RETENTION_DAYS/);
    expect(() => loadConfig({ DIAGNOSTICS_RETENTION_DAYS: '0' })).toThrow(
      /DIAGNOSTICS_RETENTION_DAYS/,
    );
    expect(() => loadConfig({ PSEUDONYM_KEY: 'short' })).toThrow(
      new ConfigError('PSEUDONYM_KEY must have at least 32 characters'),
    );
    expect(loadConfig({ PSEUDONYM_KEY: 'k'.repeat(32) }).pseudonymKey).toBe('k'.repeat(32));
  });
});
