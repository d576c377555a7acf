import { SimulationStats } from '../runner/simulation-summary';
import { newDeviceRecord } from '../runner/device-record';
import { formatSummary, table } from './summary-table';

describe('summary tables', () => {
  it('aligns numbers right and text left', () => {
    expect(
      table(
        [
          ['name', 'count'],
          ['ios', '7'],
          ['android', '12'],
        ],
        '',
      ),
    ).toBe(['name      count', 'ios           7', 'android      12'].join('\n'));
  });

  it('shows devices by platform and ownership with totals, and every error message once', () => {
    const stats = new SimulationStats();
    for (let i = 0; i < 12; i++) stats.error(`problem ${i}`);
    stats.error('problem 0');
    const records = [
      {
        ...newDeviceRecord(0, 0),
        status: 'enrolled' as const,
        platform: 'ios' as const,
        ownership: 'corporate' as const,
      },
      {
        ...newDeviceRecord(1, 0),
        status: 'retired' as const,
        platform: 'ios' as const,
        ownership: 'personal' as const,
      },
      {
        ...newDeviceRecord(2, 0),
        status: 'enrolled' as const,
        platform: 'windows' as const,
        ownership: 'unknown' as const,
      },
      newDeviceRecord(3, 0),
    ];
    const text = formatSummary(
      stats.summary({ servers: ['http://x'], seed: 1, durationSeconds: 2, records }),
    );
    expect(text).toMatch(/iOS\/iPadOS\s+1\s+1\s+0\s+2/);
    expect(text).toMatch(/Windows\s+0\s+0\s+1\s+1/);
    expect(text).toMatch(/all platforms\s+1\s+1\s+1\s+3/);
    expect(text).toContain('2 of 4 devices enrolled at the end; stopped: 1 retired');
    expect(text).toContain('2 × problem 0');
    expect(text).toContain('… and 2 other messages (--json lists them all)');
  });
});
