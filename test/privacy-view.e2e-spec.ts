import { ManagedAppsService } from '../src/apps/managed-apps.service';
import {
  EnrollmentType,
  HARDWARE_FIELDS,
  HardwareField,
  PLATFORMS,
  Platform,
  PrivacyViewEntry,
} from '../src/collection-rules';
import { CompliancePoliciesService } from '../src/compliance/compliance-policies.service';
import { columnsOfHardwareField } from '../src/devices/hardware-inventory';
import { devicePseudonym } from '../src/privacy/pseudonyms';
import { adminCall } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { checkIn, EnrolledDevice, enroll, postJson } from './support/device-channel';
import { deviceFixture, phoneFor } from './support/device-fixtures';
import { startTestServer, systemActor, TestServer } from './support/test-server';

const KEY = 'privacy-view-test-key-0123456789abcdefghijk';

type Variant = 'corporate' | 'personal' | 'personal with compliant-app rule';

interface Case {
  platform: Platform;
  variant: Variant;
  enrollmentType?: EnrollmentType;
}

/** Every platform × ownership × rule, and Android's two work-profile enrollments in each. */
const CASES: Case[] = PLATFORMS.flatMap((platform) =>
  (['corporate', 'personal', 'personal with compliant-app rule'] as const).flatMap(
    (variant): Case[] => [
      { platform, variant },
      ...(platform === 'android'
        ? [
            {
              platform,
              variant,
              enrollmentType: (variant === 'corporate'
                ? 'androidCorporateWorkProfile'
                : 'androidPersonalWorkProfile') as EnrollmentType,
            },
          ]
        : []),
    ],
  ),
);

const managedAppId = (platform: Platform) => `com.contoso.managed.${platform}`;

/**
 * The device user's privacy view ("what my organization can see") compared with what the database
 * actually holds for the same device, category by category: the view is derived from the rules
 * that decide storage, and this proves the two agree — before and after an ownership change.
 */
describeEachDatabase('the privacy view agrees with the database', (kind) => {
  let server: TestServer;
  let plain: Awaited<ReturnType<TestServer['createTenant']>>;
  let ruled: Awaited<ReturnType<TestServer['createTenant']>>;
  let phones = 0;

  beforeAll(async () => {
    server = await startTestServer(kind, { PSEUDONYM_KEY: KEY });
    plain = await server.createTenant('Plain');
    ruled = await server.createTenant('Ruled');
    for (const tenant of [plain, ruled]) {
      for (const platform of PLATFORMS) {
        await server.service(ManagedAppsService).create(
          tenant.tenantId,
          {
            platform,
            appId: managedAppId(platform),
            displayName: 'Contoso',
            assignmentIntent: 'required',
          },
          systemActor,
        );
      }
    }
    for (const platform of PLATFORMS) {
      await server.service(CompliancePoliciesService).create(
        ruled.tenantId,
        {
          platform,
          displayName: `No games on ${platform}`,
          appListType: 'restricted',
          apps: [{ appId: 'com.example.prohibited' }],
        },
        systemActor,
      );
    }
    // One tenant with diagnostics on, so that both forms of that category are compared too.
    await adminCall(server.url, ruled.adminToken, 'PATCH', '/v1.0/admin/settings', {
      diagnosticsEnabled: true,
    });
  });
  afterAll(() => server.close());

  /** What the device reported, as the view's categories name it. */
  interface Reported {
    hardware: Partial<Record<HardwareField, string | number>>;
    apps: { appId: string; displayName: string; version: string; profile?: 'work' | 'personal' }[];
  }

  const reportedAppsOf = (device: EnrolledDevice): Reported['apps'] => {
    const workProfile = device.payload.enrollmentType.endsWith('WorkProfile');
    const app = (appId: string, profile: 'work' | 'personal') => ({
      appId,
      displayName: appId,
      version: '1.0',
      ...(workProfile && { profile }),
    });
    return [
      app(managedAppId(device.payload.platform), 'work'),
      app('com.example.worktool', 'work'),
      app('com.example.personalgame', 'personal'),
    ];
  };

  async function checkInEverything(device: EnrolledDevice, reported: Reported) {
    const hardware =
      device.payload.platform === 'macos' ? {} : { phoneNumber: phoneFor(90_000 + ++phones) };
    Object.assign(reported.hardware, hardware);
    const answer = await checkIn(server.url, device, {
      hardware,
      apps: reported.apps,
      diagnostics: [
        { type: 'checkInLatency', occurredDateTime: new Date().toISOString(), value: 50 },
      ],
    });
    expect(answer.status).toBe(200);
  }

  async function viewOf(device: EnrolledDevice) {
    const answer = await postJson<{ ownership: string; categories: PrivacyViewEntry[] }>(
      `${server.url}/enrollment/v1/devices/${device.id}/privacy`,
      device.credential,
      undefined,
      'GET',
    );
    expect(answer.status).toBe(200);
    return answer.body;
  }

  async function expectViewMatchesDatabase(
    device: EnrolledDevice,
    reported: Reported,
    tenant: typeof plain,
  ) {
    const view = await viewOf(device);
    const entry = (category: string) => {
      const found = view.categories.find((e) => e.category === category);
      if (!found) throw new Error(`no ${category} in the view`);
      return found;
    };
    const [row] = await server.query<Record<string, unknown>>('SELECT * FROM device WHERE id = ?', [
      device.id,
    ]);
    const mismatches: string[] = [];
    const check = (what: string, ok: boolean) => {
      if (!ok) mismatches.push(what);
    };

    check(
      'user',
      entry('user').form === 'full' &&
        row.user_principal_name === device.payload.user!.userPrincipalName,
    );

    for (const field of HARDWARE_FIELDS) {
      const { form } = entry(field);
      const value = reported.hardware[field];
      const stored = columnsOfHardwareField(field).map((column) => row[column]);
      if (form === 'notCollected') {
        check(`${field} not collected`, value === undefined && stored.every((s) => s === null));
      } else if (form === 'lastFourDigits') {
        check(
          `${field} last four digits`,
          row.phone_number === null && row.phone_number_last4 === String(value).slice(-4),
        );
      } else if (value !== undefined) {
        const kept = field === 'phoneNumber' ? row.phone_number : stored[0];
        check(`${field} in full`, String(kept).toLowerCase() === String(value).toLowerCase());
      }
    }

    const storedApps = (
      await server.query<{ app_id: string }>(
        'SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id WHERE l.device_id = ? ORDER BY c.app_id',
        [device.id],
      )
    ).map((app) => app.app_id);
    const { form: appForm } = entry('appInventory');
    const expectedApps = reported.apps
      .filter((app) =>
        appForm === 'full'
          ? true
          : appForm === 'workProfileAppsOnly'
            ? app.profile === 'work'
            : app.appId === managedAppId(device.payload.platform),
      )
      .map((app) => app.appId)
      .sort();
    check(
      `appInventory ${appForm}: ${storedApps.join(',')}`,
      JSON.stringify(storedApps) === JSON.stringify(expectedApps),
    );

    const locate = await adminCall(
      server.url,
      tenant.adminToken,
      'POST',
      `/v1.0/deviceManagement/managedDevices/${device.id}/locateDevice`,
    );
    check(
      `location ${entry('location').form}: ${locate.status}`,
      entry('location').form === 'onLocateRequestOnly'
        ? locate.status === 204
        : locate.status === 403,
    );

    const [{ count }] = await server.query<{ count: number | string }>(
      'SELECT COUNT(*) AS count FROM diagnostic_event WHERE device_pseudonym = ?',
      [devicePseudonym(KEY, device.id)],
    );
    check(
      `diagnostics ${entry('diagnostics').form}: ${count}`,
      entry('diagnostics').form === 'pseudonymized' ? Number(count) > 0 : Number(count) === 0,
    );
    return mismatches;
  }

  it.each(
    CASES.map((c) => [c.platform, c.enrollmentType ?? 'default enrollment', c.variant, c] as const),
  )(
    '%s (%s), %s — and after its ownership changes',
    async (_platform, _enrollment, variant, { platform, enrollmentType }) => {
      const tenant = variant === 'personal with compliant-app rule' ? ruled : plain;
      const payload = deviceFixture(platform, {
        ownership: variant === 'corporate' ? 'corporate' : 'personal',
        enrollmentType,
      });
      // A personally-owned work profile on Android 12+ cannot read the serial number.
      if (enrollmentType === 'androidPersonalWorkProfile') delete payload.hardware.serialNumber;
      const device = await enroll(server.url, tenant.enrollmentToken, payload);
      const reported: Reported = {
        hardware: { ...payload.hardware },
        apps: reportedAppsOf(device),
      };
      await checkInEverything(device, reported);
      expect(await expectViewMatchesDatabase(device, reported, tenant)).toEqual([]);

      const changed = await adminCall(
        server.url,
        tenant.adminToken,
        'PATCH',
        `/v1.0/deviceManagement/managedDevices/${device.id}`,
        { managedDeviceOwnerType: variant === 'corporate' ? 'personal' : 'company' },
      );
      expect(changed.status).toBe(200);
      const after = await viewOf(device);
      expect(after.ownership).toBe(variant === 'corporate' ? 'personal' : 'corporate');
      // Narrowing takes effect at once; widening from the next check-in on.
      if (variant === 'corporate') {
        expect(await expectViewMatchesDatabase(device, reported, tenant)).toEqual([]);
      }
      await checkInEverything(device, reported);
      expect(await expectViewMatchesDatabase(device, reported, tenant)).toEqual([]);
    },
  );
});
