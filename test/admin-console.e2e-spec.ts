import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DeliveredCommand } from '../src/check-in/device-channel.types';
import { PLATFORMS } from '../src/collection-rules';
import { AdminApi } from '../simulators/demo/admin-api';
import { DEMO_APP_LIST_RULE, DEMO_APPS } from '../simulators/demo/demo-setup';
import { runSimulation } from '../simulators/runner';
import { adminCall, adminWithRole } from './support/admin-api';
import {
  describeInBrowser,
  eventually,
  launchBrowser,
  screenshotDirectory,
} from './support/browser';
import { checkIn, enroll } from './support/device-channel';
import { deviceFixture, imeiFor } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

/** The admin console in Chromium against a real server with a small simulated fleet. */
describeInBrowser('admin console in a browser', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const shots = screenshotDirectory();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer('sqlite'), launchBrowser()]);
    tenant = await server.createTenant('Contoso');
    const admin = new AdminApi(server.url, tenant.adminToken);
    for (const platform of PLATFORMS) {
      for (const app of DEMO_APPS[platform]) await admin.deployApp(platform, app, app.intent);
    }
    await admin.createAppListRule(DEMO_APP_LIST_RULE.platform, DEMO_APP_LIST_RULE);
    await runSimulation({
      servers: [server.url],
      enrollmentToken: tenant.enrollmentToken,
      devices: 40,
      fleet: { seed: 2025, longTailAppsPerPlatform: 200 },
      checkIns: 2,
      concurrency: 8,
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    page.on('console', (message) => {
      // Refused requests (a wrong token, a wiped device's 404) are expected answers, not errors.
      const expected = message
        .text()
        .startsWith('Failed to load resource: the server responded with a status of 4');
      if (message.type() === 'error' && !expected) pageErrors.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  afterEach(() => {
    // A CSP violation or a script error shows here: the console must run clean.
    expect(pageErrors).toEqual([]);
  });

  const get = async <T>(path: string) => {
    const answer = await adminCall<T>(server.url, tenant.adminToken, 'GET', path);
    expect(answer.status).toBe(200);
    return answer.body;
  };
  /** The window (1280×900, or a phone's), or the whole page for the shorter ones. */
  const shoot = (name: string, target = page, fullPage = false) =>
    target.screenshot({ path: join(shots, `${name}.png`), fullPage });
  const signIn = async (target: Page, token: string) => {
    await target.goto(server.url);
    await target.getByLabel('Admin token').fill(token);
    await target.getByRole('button', { name: 'Sign in' }).click();
  };
  const deviceRows = () => page.locator('table.devices tbody tr');

  it('signs in with an admin token, and says so clearly when a token is wrong', async () => {
    const response = await page.goto(server.url);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await signIn(page, 'adm_not-a-real-token');
    await eventually(async () =>
      expect(await page.getByRole('alert').textContent()).toMatch(/token was not accepted/),
    );
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }
        ).sessionStorage.getItem('dic.adminToken'),
      ),
    ).toBeNull();
    await shoot('sign-in');
    await signIn(page, tenant.adminToken);
    await deviceRows().first().waitFor();
    expect(await page.locator('#who').textContent()).toContain('administrator');
    expect(
      await page.evaluate(() =>
        (
          globalThis as unknown as { sessionStorage: { getItem(key: string): string | null } }
        ).sessionStorage.getItem('dic.adminToken'),
      ),
    ).toBe(tenant.adminToken);
    const total = await get<{ '@odata.count': number }>(
      '/v1.0/deviceManagement/managedDevices?$count=true&$top=1',
    );
    await eventually(async () =>
      expect(await page.locator('.count-table caption').textContent()).toBe(
        `${total['@odata.count']} managed devices`,
      ),
    );
    await shoot('devices');
  });

  it('filters devices by platform and shows only those', async () => {
    await page.getByLabel('Platform', { exact: true }).selectOption('Android');
    await page.waitForURL(/platform=Android/);
    const android = await get<{ '@odata.count': number }>(
      `/v1.0/deviceManagement/managedDevices?$count=true&$top=1&$filter=${encodeURIComponent("operatingSystem eq 'Android'")}`,
    );
    await eventually(async () =>
      expect(await page.locator('#device-range').textContent()).toBe(
        `Devices 1–${Math.min(50, android['@odata.count'])} of ${android['@odata.count']}`,
      ),
    );
    const platforms = await deviceRows().locator('td:nth-child(3)').allTextContents();
    expect(platforms.length).toBe(Math.min(50, android['@odata.count']));
    expect(new Set(platforms)).toEqual(new Set(['Android']));

    // The CSV export of the same filter: every Android device, nothing else.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('managed-devices.csv');
    const csv = readFileSync(await download.path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(csv[0]).toMatch(/^id,deviceName,operatingSystem,/);
    expect(csv.slice(1).map((line) => line.split(',')[2])).toEqual(
      Array(android['@odata.count']).fill('Android'),
    );
  });

  it('opens a personal device and says its apps are not collected, from the privacy view', async () => {
    const [personal] = (
      await get<{ value: { id: string; deviceName: string }[] }>(
        `/v1.0/deviceManagement/managedDevices?$top=1&$filter=${encodeURIComponent("managedDeviceOwnerType eq 'personal' and operatingSystem eq 'iOS'")}`,
      )
    ).value;
    await page.goto(`${server.url}/#/devices/${personal.id}`);
    await eventually(async () =>
      expect(await page.locator('h1').textContent()).toBe(personal.deviceName),
    );
    await eventually(async () =>
      expect(await page.locator('#apps-not-collected').textContent()).toMatch(
        /not collected: personal device/,
      ),
    );
    await eventually(async () =>
      expect(await page.locator('#privacy').textContent()).toContain('managed apps only'),
    );
    await shoot('device-personal', page, true);
  });

  it('opens a corporate device and lists its apps', async () => {
    const [corporate] = (
      await get<{ value: { id: string; deviceName: string }[] }>(
        `/v1.0/deviceManagement/managedDevices?$top=1&$filter=${encodeURIComponent("managedDeviceOwnerType eq 'company' and operatingSystem eq 'Windows'")}`,
      )
    ).value;
    const apps = await get<{ value: { displayName: string; version: string }[] }>(
      `/v1.0/deviceManagement/managedDevices/${corporate.id}/detectedApps?$top=1000&$orderby=displayName`,
    );
    expect(apps.value.length).toBeGreaterThan(10);
    await page.goto(`${server.url}/#/devices/${corporate.id}`);
    const rows = page.locator('#apps tbody tr');
    await eventually(async () => expect(await rows.count()).toBe(apps.value.length));
    await eventually(async () => expect(await page.locator('#apps-not-collected').count()).toBe(0));
    await eventually(async () =>
      expect(await rows.first().locator('td').nth(1).textContent()).toBe(apps.value[0].displayName),
    );
    await eventually(async () =>
      expect(await rows.first().locator('td').nth(2).textContent()).toBe(apps.value[0].version),
    );
    await shoot('device-corporate');
  });

  it('wipes a device: pending at once, done after the device checks in', async () => {
    const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture('android'));
    const name = device.payload.hardware.deviceName as string;
    await page.goto(`${server.url}/#/devices/${device.id}`);
    await page.getByRole('button', { name: 'Wipe', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await eventually(async () => expect(await dialog.textContent()).toContain(`Wipe ${name}?`));
    await dialog.getByRole('button', { name: `Wipe ${name}` }).click();
    const wipe = page.locator('#action-history tbody tr', { hasText: 'Wipe' });
    await eventually(async () =>
      expect(await wipe.locator('[data-status]').getAttribute('data-status')).toBe('pending'),
    );
    await eventually(async () =>
      expect(await page.locator('#management-state').textContent()).toBe('wipePending'),
    );
    await shoot('device-wipe-pending', page, true);

    const delivered = await checkIn<{ commands: DeliveredCommand[] }>(server.url, device, {});
    expect(delivered.body.commands.map((command) => command.action)).toEqual(['wipe']);
    await eventually(async () =>
      expect(await wipe.locator('[data-status]').getAttribute('data-status')).toBe('delivered'),
    );
    await checkIn(server.url, device, {
      commandResults: [{ commandId: delivered.body.commands[0].commandId, status: 'done' }],
    });
    await eventually(async () =>
      expect(await page.locator('#device-gone').textContent()).toContain('wiped'),
    );
    await eventually(async () =>
      expect(await wipe.locator('[data-status]').getAttribute('data-status')).toBe('done'),
    );
    await shoot('device-wiped', page, true);
  });

  it('shows the wipe in the audit log, filtered by category and actor', async () => {
    await page.goto(`${server.url}/#/audit`);
    await page.getByLabel('Category', { exact: true }).selectOption('Device');
    await page.getByLabel('Actor (UPN)').fill(tenant.adminUserPrincipalName);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/category=Device/);
    const row = page.locator('#audit-results tbody tr', { hasText: 'wipe ManagedDevice' });
    await eventually(async () => expect(await row.count()).toBe(1));
    await eventually(async () =>
      expect(await row.textContent()).toContain(tenant.adminUserPrincipalName),
    );
    const categories = await page.locator('#audit-results tbody td:nth-child(2)').allTextContents();
    expect(new Set(categories)).toEqual(new Set(['Device']));
    await shoot('audit', page, true);
  });

  it('shows detected and deployed apps, and the settings', async () => {
    await page.goto(`${server.url}/#/apps`);
    await page.locator('#deployed-apps svg.chart').first().waitFor();
    const top = (
      await get<{ value: { id: number; deviceCount: number }[] }>(
        '/v1.0/deviceManagement/detectedApps?$orderby=deviceCount desc&$top=1',
      )
    ).value[0];
    await eventually(async () =>
      expect(
        await page.locator('#detected-apps tbody tr').first().locator('td').last().textContent(),
      ).toBe(String(top.deviceCount)),
    );
    await shoot('apps');
    await page.locator('#detected-apps tbody tr').first().locator('td').nth(1).locator('a').click();
    await eventually(async () =>
      expect(await page.locator('tbody tr').count()).toBe(Math.min(50, top.deviceCount)),
    );
    await page.goto(`${server.url}/#/settings`);
    await eventually(async () =>
      expect(await page.locator('#compliance-rules').textContent()).toContain(
        DEMO_APP_LIST_RULE.displayName,
      ),
    );
    await shoot('settings', page, true);
  });

  it('pages through detected apps with Next and Previous, each app once', async () => {
    const total = (
      await get<{ '@odata.count': number }>(
        '/v1.0/deviceManagement/detectedApps?$count=true&$top=1',
      )
    )['@odata.count'];
    expect(total).toBeGreaterThan(50);
    await page.goto(`${server.url}/#/apps`);
    const rows = page.locator('#detected-apps tbody tr');
    const names = async () => {
      await eventually(async () => expect(await rows.count()).toBeGreaterThan(0));
      return rows.evaluateAll((trs) => trs.map((tr) => tr.textContent ?? ''));
    };
    const first = await names();
    expect(first).toHaveLength(50);
    expect(await page.getByRole('button', { name: 'Previous' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Next' }).click();
    await eventually(async () => expect((await names())[0]).not.toBe(first[0]));
    const second = await names();
    expect(second).toHaveLength(Math.min(50, total - 50));
    expect(second.filter((row) => first.includes(row))).toEqual([]);
    await page.getByRole('button', { name: 'Previous' }).click();
    await eventually(async () => expect(await names()).toEqual(first));
  });

  it('uploads corporate identifiers as CSV and reports each line', async () => {
    await page.goto(`${server.url}/#/settings`);
    const upload = (text: string) =>
      page
        .locator('#identifiers-file')
        .setInputFiles({ name: 'imeis.csv', mimeType: 'text/csv', buffer: Buffer.from(text) })
        .then(() => page.getByRole('button', { name: 'Upload' }).click());
    const [first, second] = [imeiFor(990_001), imeiFor(990_002)];
    await upload(`${first},Spare phone\n12345,broken\n`);
    await eventually(async () =>
      expect(await page.locator('#import-result').textContent()).toMatch(
        /Nothing was imported.*line 2/s,
      ),
    );
    await upload(`${first},Spare phone\n${second}\n`);
    await eventually(async () =>
      expect(
        await page
          .locator('#import-result tbody tr')
          .evaluateAll((rows) => rows.map((row) => (row.textContent ?? '').trim())),
      ).toEqual([`1${first}imported`, `2${second}imported`]),
    );
    await eventually(async () =>
      expect(await page.locator('#corporate-identifiers caption').last().textContent()).toBe(
        '2 identifiers',
      ),
    );
  });

  it('registers an application, shows its secret once, and switches fault injection', async () => {
    await page.goto(`${server.url}/#/settings`);
    await page.locator('#applications form').waitFor();
    await page.locator('#app-name').fill('CMDB sync');
    await page.getByLabel('DeviceManagementManagedDevices.Read.All').check();
    await page.getByRole('button', { name: 'Register application' }).click();
    const secret = page.locator('#new-secret');
    await secret.waitFor();
    const secretText = (await secret.textContent()) ?? '';
    expect(secretText).toMatch(/^app_/);
    const apps = await get<{ value: { appId: string; displayName: string; roles: string[] }[] }>(
      '/v1.0/admin/applications',
    );
    expect(apps.value).toContainEqual(
      expect.objectContaining({
        displayName: 'CMDB sync',
        roles: ['DeviceManagementManagedDevices.Read.All'],
      }),
    );
    // Listed by hint only: after a reload the secret is nowhere on the page.
    await page.reload();
    await page.locator('#applications table').waitFor();
    expect(await page.content()).not.toContain(secretText);

    await page.locator('#fault-429').fill('0.25');
    await page.locator('#fault-seed').fill('9');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await eventually(async () =>
      expect(await page.locator('#fault-state').textContent()).toBe('On (set for this tenant).'),
    );
    expect(await get('/v1.0/admin/faultInjection')).toMatchObject({
      source: 'tenant',
      settings: { tooManyRequestsShare: 0.25, seed: 9 },
    });
    await shoot('settings-consumers', page, true);
    await page.getByRole('button', { name: 'Turn off' }).click();
    await eventually(async () =>
      expect(await page.locator('#fault-state').textContent()).toBe('Off.'),
    );
  });

  it('offers a read-only token no action buttons and no changes', async () => {
    const reader = await adminWithRole(server, tenant.tenantId, 'readOnlyOperator');
    const readOnly = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await signIn(readOnly, reader.token);
    await readOnly.locator('table.devices tbody tr').first().waitFor();
    await shoot('devices-phone', readOnly);
    const [corporate] = (
      await get<{ value: { id: string }[] }>(
        `/v1.0/deviceManagement/managedDevices?$top=1&$filter=${encodeURIComponent("managedDeviceOwnerType eq 'company'")}`,
      )
    ).value;
    await readOnly.goto(`${server.url}/#/devices/${corporate.id}`);
    await readOnly.locator('#privacy').waitFor();
    await eventually(async () => expect(await readOnly.locator('[data-action]').count()).toBe(0));
    await eventually(async () =>
      expect(await readOnly.getByRole('button', { name: 'Change ownership' }).count()).toBe(0),
    );
    await readOnly.goto(`${server.url}/#/settings`);
    await readOnly.locator('#compliance-rules table').waitFor();
    await eventually(async () =>
      expect(
        await readOnly.getByRole('button', { name: /Save|Add rule|Upload|Delete/ }).count(),
      ).toBe(0),
    );
    await readOnly.close();
  });
});
