import { reportedDateTimeProblem } from './validation';

const problems = (occurredDateTime: string) => {
  const problem = reportedDateTimeProblem(occurredDateTime, 90);
  return problem === null ? [] : [problem];
};

describe('a date-time a device reports', () => {
  it('is accepted within the last 90 days and up to a day ahead (device clocks drift)', () => {
    const day = 24 * 3600 * 1000;
    for (const offset of [0, -89 * day, 23 * 3600 * 1000]) {
      expect(problems(new Date(Date.now() + offset).toISOString())).toEqual([]);
    }
  });

  it('is refused in 1900 or 3000, or when it is not a date-time at all', () => {
    expect(problems('1900-01-01T00:00:00Z')).toEqual([
      'must be within the last 90 days (and at most one day ahead)',
    ]);
    expect(problems('3000-01-01T00:00:00Z')).toEqual([
      'must be within the last 90 days (and at most one day ahead)',
    ]);
    for (const bad of ['2024-02-30', 'yesterday', '2024-13-01T00:00:00Z', '2024-01-01T00:00:00']) {
      expect(problems(bad)).toEqual([
        expect.stringContaining('ISO 8601 date-time with a time zone'),
      ]);
    }
  });
});
