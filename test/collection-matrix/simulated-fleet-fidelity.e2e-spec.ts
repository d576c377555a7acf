import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDevice, planFleet } from '../../simulators/fleet';
import { runSimulation, SimulationResult } from '../../simulators/runner';
import type { EnrollmentType, Platform } from '../../src/device-channel/contract/wire-vocabulary';
import { adminCall } from '../support/admin-api';
import { describeEachDatabase } from '../support/databases';
import { startTestServer, TestServer } from '../support/test-server';
import { appsKept, ENROLLMENTS } from './collection-matrix';

const DEVICES = 80;
/** Every enrollment type of a platform equally likely, so that a small fleet has them all. */
const enrollmentTypes = Object.fromEntries(
  (['ios', 'android', 'macos', 'windows'] as const).map((platform) => [
    platform,
    Object.fromEntries(
      ENROLLMENTS.filter((e) => e.platform === platform).map((e) => [e.enrollmentType, 1]),
    ),
  ]),
) as Record<Platform, Partial<Record<EnrollmentType, number>>>;
const fleet = {
  seed: 4,
  longTailAppsPerPlatform: 200,
  corporateRatio: 0.5,
  platformMix: { ios: 1, android: 1.6, macos: 1, windows: 1.4 },
  enrollmentTypes,
};
const ASSIGNED: Record<Platform, { odataType: string; property: string; appId: string }> = {
  ios: {
    odataType: '#microsoft.graph.iosStoreApp',
    property: 'bundleId',
    appId: 'com.microsoft.Office.Outlook',
  },
  android: {
    odataType: '#microsoft.graph.androidManagedStoreApp',
    property: 'packageId',
    appId: 'com.microsoft.office.outlook',
  },
  macos: {
    odataType: '#microsoft.graph.macOSLobApp',
    property: 'bundleId',
    appId: 'com.microsoft.CompanyPortalMac',
  },
  windows: {
    odataType: '#microsoft.graph.win32LobApp',
    property: 'fileName',
    appId: 'Microsoft.CompanyPortal',
  },
};

/**
 * A fleet of every platform × enrollment type against the server: the devices report what their
 * platform reports, so the server refuses nothing (zero 400s), and what it discards is what the
 * collection matrix says it keeps not.
 */
describeEachDatabase('a fleet of every platform and enrollment type', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let dir: string;
  let result: SimulationResult;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    dir = mkdtempSync(join(tmpdir(), 'fidelity-'));
    for (const platform of Object.keys(ASSIGNED) as Platform[]) {
      const { odataType, property, appId } = ASSIGNED[platform];
      const created = await adminCall<{ id: string }>(
        server.url,
        tenant.adminToken,
        'POST',
        '/v1.0/deviceAppManagement/mobileApps',
        { '@odata.type': odataType, displayName: appId, [property]: appId },
      );
      await adminCall(
        server.url,
        tenant.adminToken,
        'POST',
        `/v1.0/deviceAppManagement/mobileApps/${created.body.id}/assign`,
        {
          mobileAppAssignments: [
            {
              intent: 'required',
              target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
            },
          ],
        },
      );
    }
    result = await runSimulation({
      servers: [server.url],
      enrollmentToken: tenant.enrollmentToken,
      devices: DEVICES,
      fleet,
      checkIns: 2,
      concurrency: 8,
      // Agents that ignore the managedOnly directive send every app: the server must discard them.
      unfilteredAgents: 0.5,
      stateFile: join(dir, 'fleet.json'),
    });
  }, 300_000);
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has every platform × enrollment type', () => {
    const plan = planFleet(fleet);
    const seen = new Set(
      Array.from({ length: DEVICES }, (_, i) => generateDevice(plan, i)).map(
        (d) => `${d.platform} ${d.enrollmentType}`,
      ),
    );
    expect([...seen].sort()).toEqual(
      ENROLLMENTS.map((p) => `${p.platform} ${p.enrollmentType}`).sort(),
    );
  });

  it('enrolls and checks in every device without one refusal', () => {
    expect(result.summary.errors).toEqual([]);
    expect(result.summary.enrollments).toMatchObject({ ok: DEVICES, failed: 0 });
    expect(result.summary.checkIns.failed).toBe(0);
  });

  it('discards what the matrix does not keep, and nothing else', async () => {
    const plan = planFleet(fleet);
    const devices = result.records.map((record) => ({
      record,
      device: generateDevice(plan, record.index),
    }));
    // A work-profile agent sees only the work profile's apps, so nothing is discarded as outside
    // it; a phone number is sent at enrollment, and again only when it changes.
    const allowedReasons = new Set(['hardware.phoneNumber: personalDeviceKeepsLastFourDigits']);
    const requiredReasons = new Set<string>();
    for (const { record, device } of devices) {
      const kept = appsKept(device.platform, device.enrollmentType, record.ownership!, false).kept;
      if (kept === 'assignedApps') requiredReasons.add('apps: notManagedOnPersonalDevice');

      const stored = await server.query<{ app_id: string }>(
        `SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id = ?`,
        [record.deviceId],
      );
      if (kept === 'assignedApps') {
        expect(
          stored.map((s) => s.app_id).filter((id) => id !== ASSIGNED[device.platform].appId),
        ).toEqual([]);
      } else {
        expect(stored.length).toBeGreaterThan(0);
      }
    }
    const reasons = new Set(result.summary.discarded.map((d) => `${d.field}: ${d.reason}`));
    expect([...requiredReasons].filter((reason) => !reasons.has(reason))).toEqual([]);
    expect(
      [...reasons].filter((reason) => !requiredReasons.has(reason) && !allowedReasons.has(reason)),
    ).toEqual([]);
    const appsDiscarded = result.summary.discarded
      .filter((d) => d.field === 'apps')
      .reduce((sum, d) => sum + d.count, 0);
    expect(appsDiscarded).toBe(result.summary.apps.reported - result.summary.apps.stored);
  });
});
