import { MIN_DEVICES_PER_GROUP, showableGroups } from './diagnostics-summary';

const group = (name: string, eventCount: number, deviceCount: number) => ({
  name,
  eventCount,
  deviceCount,
});

describe('diagnostics aggregates', () => {
  it('shows groups of at least five devices, most events first', () => {
    const { rows, withheldEventCount } = showableGroups([
      group('17.4', 12, 5),
      group('17.5', 40, 9),
      group('16.1', 3, 1),
    ]);
    expect(MIN_DEVICES_PER_GROUP).toBe(5);
    expect(rows.map((row) => row.name)).toEqual(['17.5', '17.4']);
    expect(withheldEventCount).toBe(3);
  });

  it('withholds every group smaller than the minimum, however many events it has', () => {
    const { rows, withheldEventCount } = showableGroups([group('a', 500, 4), group('b', 1, 2)]);
    expect(rows).toEqual([]);
    expect(withheldEventCount).toBe(501);
  });

  it('takes another minimum when given', () => {
    expect(showableGroups([group('a', 2, 2)], 2).rows).toHaveLength(1);
    expect(showableGroups([group('a', 2, 2)], 3).rows).toHaveLength(0);
  });
});
