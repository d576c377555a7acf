import {
  AuthenticationProvider,
  Client,
  GraphError,
  PageCollection,
  PageIterator,
} from '@microsoft/microsoft-graph-client';
import type {
  DetectedApp,
  ManagedDevice,
  ManagedDeviceOverview,
} from '@microsoft/microsoft-graph-types';
import type { MobileAppInstallSummary } from '@microsoft/microsoft-graph-types-beta';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Agent } from 'undici';
import { ManagedAppsService } from '../src/graph/mobile-apps/managed-apps.service';
import { Platform } from '../src/rules';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll, EnrolledDevice } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { expectGraphShape, MANAGED_DEVICE_SHAPE, DETECTED_APP_SHAPE } from './support/graph-shapes';
import { startTestServer, systemActor, TestServer } from './support/test-server';

const PLATFORMS: Platform[] = ['ios', 'android', 'windows', 'macos'];
const FLEET = 260;

/** The official Graph JS SDK, pointed at our HTTPS listener exactly as a user would point it. */
function graphClient(server: TestServer, token: string, dispatcher: Agent): Client {
  const port = new URL(server.httpsUrl!).port;
  const authProvider: AuthenticationProvider = { getAccessToken: async () => token };
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: `https://localhost:${port}/`,
    customHosts: new Set(['localhost']),
    // Trust our development certificate for these requests only (no global TLS switch-off).
    fetchOptions: { dispatcher } as RequestInit,
  });
}

describeEachDatabase('the official Graph SDK over HTTPS', (kind) => {
  let server: TestServer;
  let dispatcher: Agent;
  let client: Client;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  const fleet: EnrolledDevice[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind, { HTTPS_PORT: '0' });
    const ca = readFileSync(join(server.dataDir, 'tls', 'dev-cert.pem'));
    dispatcher = new Agent({ connect: { ca } });
    tenant = await server.createTenant('Contoso');
    client = graphClient(server, tenant.adminToken, dispatcher);
    for (let i = 0; i < FLEET; i++) {
      const platform = PLATFORMS[i % PLATFORMS.length];
      fleet.push(await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform)));
    }
  });
  afterAll(async () => {
    await dispatcher.close();
    await server.close();
  });

  it('lists with $filter, $select and $orderby', async () => {
    const page = (await client
      .api('/deviceManagement/managedDevices')
      .filter("operatingSystem eq 'Windows' and startswith(deviceName,'windows-')")
      .select(['id', 'deviceName', 'operatingSystem'])
      .orderby('deviceName desc')
      .top(1000)
      .get()) as { '@odata.context': string; value: ManagedDevice[] };

    const windows = fleet.filter((d) => d.payload.platform === 'windows');
    expect(page.value).toHaveLength(windows.length);
    expect(page['@odata.context']).toMatch(
      /^https:\/\/localhost:\d+\/v1\.0\/\$metadata#deviceManagement\/managedDevices\(id,deviceName,operatingSystem\)$/,
    );
    for (const device of page.value) {
      expect(Object.keys(device).sort()).toEqual(['deviceName', 'id', 'operatingSystem']);
      expect(device.operatingSystem).toBe('Windows');
    }
    const names = page.value.map((d) => d.deviceName!.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    expect(new Set(page.value.map((d) => d.id))).toEqual(new Set(windows.map((d) => d.id)));
  });

  it('visits every device exactly once with PageIterator and $top=50, while more devices enroll', async () => {
    const original = new Set(fleet.map((d) => d.id));
    const seen = new Map<string, number>();
    const enrolling: Promise<EnrolledDevice>[] = [];
    const first = (await client
      .api('/deviceManagement/managedDevices')
      .select(['id', 'deviceName'])
      .top(50)
      .get()) as PageCollection;
    const iterator = new PageIterator(client, first, (device: ManagedDevice) => {
      seen.set(device.id!, (seen.get(device.id!) ?? 0) + 1);
      // Every 25 devices visited, another device enrolls before the next page is fetched.
      if (seen.size % 25 === 0) {
        enrolling.push(enroll(server.url, tenant.enrollmentToken, deviceFixture('android')));
      }
      return true;
    });
    await iterator.iterate();
    const added = await Promise.all(enrolling);

    expect(iterator.isComplete()).toBe(true);
    expect(added.length).toBeGreaterThanOrEqual(10);
    expect([...seen.values()].every((visits) => visits === 1)).toBe(true);
    for (const id of original) expect(seen.get(id)).toBe(1);
    // Devices that enrolled meanwhile are seen at most once; nothing else appears.
    const allowed = new Set([...original, ...added.map((d) => d.id)]);
    for (const id of seen.keys()) expect(allowed.has(id)).toBe(true);
    fleet.push(...added);
  });

  it('answers $count=true with the total, not the page size', async () => {
    const page = (await client
      .api('/deviceManagement/managedDevices')
      .count(true)
      .filter("managedDeviceOwnerType eq 'company'")
      .top(5)
      .get()) as { '@odata.count': number; '@odata.nextLink'?: string; value: ManagedDevice[] };
    expect(page['@odata.count']).toBe(fleet.length);
    expect(page.value).toHaveLength(5);
    expect(page['@odata.nextLink']).toMatch(
      /^https:\/\/localhost:\d+\/v1\.0\/deviceManagement\/managedDevices\?/,
    );
  });

  it('surfaces a 404 as a GraphError with our code and request id', async () => {
    const error = await client
      .api(`/deviceManagement/managedDevices/${randomUUID()}`)
      .get()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(GraphError);
    const graphError = error as GraphError;
    expect(graphError.statusCode).toBe(404);
    expect(graphError.code).toBe('itemNotFound');
    expect(graphError.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('returns devices and detected apps that type-check against the Graph interfaces', async () => {
    const [device] = fleet;
    await checkIn(server.url, device, { apps: appsFixture('sdk.shape', 5) });

    const single = (await client
      .api(`/deviceManagement/managedDevices/${device.id}`)
      .get()) as ManagedDevice;
    expectGraphShape(single, MANAGED_DEVICE_SHAPE);
    expect(single.id).toBe(device.id);
    expect(single.udid).toBe(device.payload.hardware.udid ?? null);

    const apps = (await client
      .api('/deviceManagement/detectedApps')
      .filter("startswith(displayName,'sdk.shape')")
      .orderby('deviceCount desc')
      .get()) as { value: DetectedApp[] };
    expect(apps.value).toHaveLength(5);
    for (const app of apps.value) {
      expectGraphShape(app, DETECTED_APP_SHAPE);
      expect(app.deviceCount).toBe(1);
    }
    const overview = (await client
      .api('/deviceManagement/managedDeviceOverview')
      .get()) as ManagedDeviceOverview;
    expect(overview.enrolledDeviceCount).toBe(fleet.length);
    const summary = overview.deviceOperatingSystemSummary!;
    expect(
      summary.iosCount! + summary.androidCount! + summary.macOSCount! + summary.windowsCount!,
    ).toBe(fleet.length);
  });

  it('does not show another tenant’s device: it is a 404 like an unknown id', async () => {
    const other = await server.createTenant('Fabrikam');
    const theirs = await enroll(server.url, other.enrollmentToken, deviceFixture('ios'));
    const error = (await client
      .api(`/deviceManagement/managedDevices/${theirs.id}`)
      .get()
      .catch((e: unknown) => e)) as GraphError;
    expect(error).toBeInstanceOf(GraphError);
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('itemNotFound');
    const listed = (await client
      .api('/deviceManagement/managedDevices')
      .filter(`id eq '${theirs.id}'`)
      .get()) as { value: ManagedDevice[] };
    expect(listed.value).toEqual([]);
    // And their token sees it.
    const theirClient = graphClient(server, other.adminToken, dispatcher);
    const mine = (await theirClient
      .api(`/deviceManagement/managedDevices/${theirs.id}`)
      .get()) as ManagedDevice;
    expect(mine.id).toBe(theirs.id);
  });

  it('counts install states in the install summary exactly as the devices reported them', async () => {
    const app = await server.service(ManagedAppsService).create(
      tenant.tenantId,
      {
        platform: 'ios',
        appId: 'com.contoso.sdk',
        displayName: 'Contoso',
        assignmentIntent: 'required',
      },
      systemActor,
    );
    const ios = fleet.filter((d) => d.payload.platform === 'ios').slice(0, 12);
    const states = [
      'installed',
      'failed',
      'notInstalled',
      'notApplicable',
      'pendingInstall',
    ] as const;
    const reported = new Map<string, (typeof states)[number]>();
    for (const [i, device] of ios.entries()) {
      const state = states[i % states.length];
      await checkIn(server.url, device, { installStates: [{ mobileAppId: app.id, state }] });
      reported.set(device.id, state);
    }
    // A later report replaces the earlier one: pendingInstall → installed.
    const changed = ios[4];
    await checkIn(server.url, changed, {
      installStates: [{ mobileAppId: app.id, state: 'installed' }],
    });
    reported.set(changed.id, 'installed');

    const summary = (await client
      .api(`/deviceAppManagement/mobileApps/${app.id}/installSummary`)
      .version('beta')
      .get()) as MobileAppInstallSummary;
    const count = (state: string) => [...reported.values()].filter((s) => s === state).length;
    expect(summary).toMatchObject({
      installedDeviceCount: count('installed'),
      failedDeviceCount: count('failed'),
      notInstalledDeviceCount: count('notInstalled'),
      notApplicableDeviceCount: count('notApplicable'),
      pendingInstallDeviceCount: count('pendingInstall'),
    });
    // Every fixture device has its own user, so user counts equal device counts here.
    expect(summary.failedUserCount).toBe(count('failed'));
    expect(summary.installedUserCount).toBe(count('installed'));
  });
});
