import { DeviceCommandSummary, deviceActionResultsOf } from './device-action-results';

const command = (overrides: Partial<DeviceCommandSummary>): DeviceCommandSummary => ({
  action: 'syncDevice',
  status: 'pending',
  requestedAt: Date.UTC(2025, 0, 1, 12),
  deliveredAt: null,
  completedAt: null,
  result: null,
  ...overrides,
});

describe('deviceActionResults', () => {
  it('maps each command state to Graph’s actionState, with its times', () => {
    const t = Date.UTC(2025, 0, 1, 12);
    expect(
      deviceActionResultsOf([
        command({ action: 'syncDevice', status: 'pending', requestedAt: t }),
        command({
          action: 'rebootNow',
          status: 'delivered',
          requestedAt: t + 1,
          deliveredAt: t + 5,
        }),
        command({
          action: 'remoteLock',
          status: 'done',
          requestedAt: t + 2,
          deliveredAt: t + 5,
          completedAt: t + 9,
        }),
        command({ action: 'shutDown', status: 'failed', requestedAt: t + 3, completedAt: t + 9 }),
        command({ action: 'retire', status: 'cancelled', requestedAt: t + 4, completedAt: t + 7 }),
      ]),
    ).toEqual([
      {
        actionName: 'syncDevice',
        actionState: 'pending',
        startDateTime: '2025-01-01T12:00:00Z',
        lastUpdatedDateTime: '2025-01-01T12:00:00Z',
      },
      expect.objectContaining({
        actionName: 'rebootNow',
        actionState: 'active',
        lastUpdatedDateTime: '2025-01-01T12:00:00.005Z',
      }),
      expect.objectContaining({
        actionName: 'remoteLock',
        actionState: 'done',
        lastUpdatedDateTime: '2025-01-01T12:00:00.009Z',
      }),
      expect.objectContaining({ actionName: 'shutDown', actionState: 'failed' }),
      expect.objectContaining({ actionName: 'retire', actionState: 'canceled' }),
    ]);
  });

  it('shows only the latest request of each action', () => {
    const results = deviceActionResultsOf([
      command({ action: 'syncDevice', status: 'done', requestedAt: 1000, completedAt: 2000 }),
      command({ action: 'syncDevice', status: 'pending', requestedAt: 3000 }),
    ]);
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({
      actionState: 'pending',
      startDateTime: '1970-01-01T00:00:03Z',
    });
  });

  it('adds the reported location to a done locateDevice only', () => {
    const location = { latitude: 59.33, longitude: 18.07, accuracyInMeters: 10 };
    const [locate] = deviceActionResultsOf([
      command({ action: 'locateDevice', status: 'done', completedAt: 2, result: { location } }),
    ]);
    expect(locate).toMatchObject({
      '@odata.type': '#microsoft.graph.locateDeviceActionResult',
      deviceLocation: {
        latitude: 59.33,
        longitude: 18.07,
        horizontalAccuracy: 10,
        lastCollectedDateTime: null,
      },
    });
    const [sync] = deviceActionResultsOf([
      command({ action: 'syncDevice', status: 'done', result: { location } }),
    ]);
    expect(sync).not.toHaveProperty('deviceLocation');
    expect(sync).not.toHaveProperty('@odata.type');
  });
});
