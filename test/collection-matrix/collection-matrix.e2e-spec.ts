import { ManagedAppsService } from '../../src/graph/mobile-apps/managed-apps.service';
import { DeviceConfigurationsService } from '../../src/graph/device-configurations/device-configurations.service';
import { hexLuhnCheckDigit, mod97 } from '../../src/rules/identifiers';
import { adminCall } from '../support/admin-api';
import { dumpEveryTable } from '../support/database-scan';
import { describeEachDatabase } from '../support/databases';
import { checkIn, enroll, EnrolledDevice } from '../support/device-channel';
import { deviceFixture, EnrollmentPayload, imeiFor } from '../support/device-fixtures';
import { startTestServer, systemActor, TestServer } from '../support/test-server';
import {
  appsKept,
  COMPLIANT_APP_FEATURE,
  ENROLLMENTS,
  fieldRefusal,
  HARDWARE_FIELDS,
  OS_VERSIONS,
  OWNERSHIP_BY_ENROLLMENT,
  WORK_PROFILE,
} from './collection-matrix';
import type {
  EnrollmentType,
  HardwareField,
  Platform,
} from '../../src/device-channel/contract/wire-vocabulary';

/**
 * The collection matrix through HTTP: every platform × enrollment type × OS version × ownership ×
 * compliant-app list on/off, each data category — what is kept, what is refused with which error,
 * and that nothing refused or discarded is in any table afterwards. One server per database; the
 * cases run a few at a time.
 */

type Ownership = 'corporate' | 'personal';
const ASSIGNED = 'com.contoso.assigned';
const CATALOG_ONLY = 'com.contoso.catalogonly';
const digits = (n: number, width: number) => String(n).padStart(width, '0').slice(-width);

let unique = 0;
/** A valid value of every hardware field for `platform`, unique to this call. */
function everyField(platform: Platform): Record<HardwareField, string | number> {
  const n = ++unique;
  const own = deviceFixture(platform).hardware;
  const ios = deviceFixture('ios').hardware;
  const android = deviceFixture('android').hardware;
  const macos = deviceFixture('macos').hardware;
  const windows = deviceFixture('windows').hardware;
  const meid = `A1${digits(n, 4)}${digits(process.pid, 8)}`;
  const eidBody = `890490320000${digits(process.pid, 8)}${digits(n, 10)}`;
  return {
    ...own,
    imei: android.imei,
    imei2: imeiFor(900_000 + n + process.pid * 1000),
    meid: meid + hexLuhnCheckDigit(meid),
    iccid: ios.iccid,
    eid: eidBody + digits(98 - mod97(eidBody + '00'), 2),
    udid: platform === 'macos' ? macos.udid : ios.udid,
    wiFiMacAddress: own.wiFiMacAddress ?? android.wiFiMacAddress,
    ethernetMacAddress: macos.ethernetMacAddress,
    phoneNumber: android.phoneNumber,
    subscriberCarrier: `Carrier ${n}x${process.pid}`,
    physicalMemoryInBytes: 8 * 2 ** 30,
    appleId: `user${n}.${process.pid}@appleid.contoso.example`,
    androidId: android.androidId,
    windowsDeviceId: windows.windowsDeviceId,
  } as Record<HardwareField, string | number>;
}

/** Runs `work` over `items`, `width` at a time. */
async function inBatches<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += width) {
    await Promise.all(items.slice(i, i + width).map(work));
  }
}

interface Case {
  platform: Platform;
  enrollmentType: EnrollmentType;
  osVersion: string;
  compliantAppListOn: boolean;
  /** The ownership the enrollment type gives, or the other one (set by an administrator). */
  ownership: Ownership;
}

const CASES: Case[] = ENROLLMENTS.flatMap(({ platform, enrollmentType }) =>
  OS_VERSIONS[platform].flatMap((osVersion) =>
    [false, true].flatMap((compliantAppListOn) =>
      (['corporate', 'personal'] as const).map((ownership) => ({
        platform,
        enrollmentType,
        osVersion,
        compliantAppListOn,
        ownership,
      })),
    ),
  ),
);

const name = (c: Case) =>
  `${c.platform} ${c.enrollmentType} ${c.osVersion} ${c.ownership}${c.compliantAppListOn ? ' +list' : ''}`;

describeEachDatabase('the collection matrix through HTTP', (kind) => {
  let server: TestServer;
  const tenants: Record<
    'on' | 'off',
    Awaited<ReturnType<TestServer['createTenant']>>
  > = {} as never;
  /** Values that must be stored nowhere: refused fields, discarded apps, personal phone numbers. */
  const mustNotBeStored: { value: string; why: string }[] = [];
  const failures: string[] = [];
  let cases = 0;

  beforeAll(async () => {
    server = await startTestServer(kind);
    for (const key of ['off', 'on'] as const) {
      tenants[key] = await server.createTenant(`Matrix ${key}`);
      for (const platform of ['ios', 'android', 'macos', 'windows'] as const) {
        const apps = server.service(ManagedAppsService);
        const id = tenants[key].tenantId;
        await apps.create(
          id,
          { platform, appId: ASSIGNED, displayName: 'Assigned', assignmentIntent: 'available' },
          systemActor,
        );
        await apps.create(
          id,
          { platform, appId: CATALOG_ONLY, displayName: 'In the catalog only' },
          systemActor,
        );
        if (key === 'on' && COMPLIANT_APP_FEATURE[platform]) {
          await server.service(DeviceConfigurationsService).create(
            id,
            {
              platform: platform as 'ios' | 'android' | 'macos',
              displayName: 'No prohibited app',
              compliantAppListType: 'appsNotInListCompliant',
              compliantAppsList: [{ appId: 'com.example.prohibited' }],
            },
            systemActor,
          );
        }
      }
    }
  });
  afterAll(() => server.close());

  const expectThat = (ok: boolean, c: Case, what: string) => {
    if (!ok) failures.push(`${name(c)}: ${what}`);
  };

  async function runCase(c: Case): Promise<void> {
    const tenant = tenants[c.compliantAppListOn ? 'on' : 'off'];
    const caseNumber = ++cases;
    const values = everyField(c.platform);
    const hardware: Record<string, string | number> = { osVersion: c.osVersion };
    const refused: { field: HardwareField; because: string }[] = [];
    for (const field of HARDWARE_FIELDS) {
      if (field === 'osVersion') continue;
      const refusal = fieldRefusal(c.platform, c.enrollmentType, field, c.osVersion);
      if (refusal) refused.push({ field, because: refusal.because });
      else hardware[field] = values[field];
    }
    const payload: EnrollmentPayload = {
      platform: c.platform,
      enrollmentType: c.enrollmentType,
      user: { userPrincipalName: `matrix${caseNumber}@contoso.example` },
      hardware,
    };
    let device: EnrolledDevice;
    try {
      device = await enroll(server.url, tenant.enrollmentToken, payload);
    } catch (error) {
      failures.push(`${name(c)}: enrollment of what the matrix keeps: ${(error as Error).message}`);
      return;
    }
    const byType = OWNERSHIP_BY_ENROLLMENT[c.enrollmentType];
    expectThat(device.ownership === byType, c, `ownership ${device.ownership}, expected ${byType}`);
    if (c.ownership !== byType) {
      const patched = await adminCall(
        server.url,
        tenant.adminToken,
        'PATCH',
        `/v1.0/deviceManagement/managedDevices/${device.id}`,
        { managedDeviceOwnerType: c.ownership === 'corporate' ? 'company' : 'personal' },
      );
      expectThat(patched.status === 200, c, `ownership change answered ${patched.status}`);
    }

    // Refusals depend on neither ownership nor tenant: checked once per platform, type and version.
    if (c.ownership === byType && !c.compliantAppListOn) {
      for (const { field, because } of refused) {
        const answer = await checkIn<{ error?: { target?: string; message?: string } }>(
          server.url,
          device,
          { hardware: { [field]: values[field] } },
        );
        const error = answer.body.error;
        expectThat(
          answer.status === 400 &&
            error?.target === `hardware.${field}` &&
            (error.message ?? '').includes(`${field} ${because}`),
          c,
          `${field} answered ${answer.status} ${JSON.stringify(error)}, expected 400 "${field} ${because}"`,
        );
        mustNotBeStored.push({ value: String(values[field]), why: `${name(c)} refused ${field}` });
      }
    }

    const workProfile = WORK_PROFILE.has(c.enrollmentType);
    const personalApp = `com.personal.app${caseNumber}x${process.pid}`;
    const app = (appId: string, profile: 'work' | 'personal') => ({
      appId,
      displayName: appId,
      version: '1.0',
      ...(workProfile && { profile }),
    });
    const sent = await checkIn<{ discarded: { field: string; reason: string; count: number }[] }>(
      server.url,
      device,
      {
        hardware: 'phoneNumber' in hardware ? { phoneNumber: hardware.phoneNumber } : {},
        apps: [app(ASSIGNED, 'work'), app(CATALOG_ONLY, 'work'), app(personalApp, 'personal')],
      },
    );
    expectThat(sent.status === 200, c, `apps check-in answered ${sent.status}`);
    const expected = appsKept(c.platform, c.enrollmentType, c.ownership, c.compliantAppListOn);
    const keptIds =
      expected.kept === 'all'
        ? [ASSIGNED, CATALOG_ONLY, personalApp]
        : expected.kept === 'workProfileApps'
          ? [ASSIGNED, CATALOG_ONLY]
          : [ASSIGNED];
    const stored = (
      await server.query<{ app_id: string }>(
        `SELECT c.app_id FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id = ? ORDER BY c.app_id`,
        [device.id],
      )
    ).map((row) => row.app_id);
    expectThat(
      JSON.stringify(stored) === JSON.stringify([...keptIds].sort()),
      c,
      `apps stored ${JSON.stringify(stored)}, expected ${expected.kept}`,
    );
    const discardedCount = (sent.body.discarded ?? [])
      .filter((d) => d.field === 'apps')
      .reduce((sum, d) => sum + d.count, 0);
    expectThat(discardedCount === 3 - keptIds.length, c, `discarded ${discardedCount} apps`);
    if (!keptIds.includes(personalApp)) {
      mustNotBeStored.push({ value: personalApp, why: `${name(c)} discarded a personal app` });
    }

    if ('phoneNumber' in hardware) {
      const [row] = await server.query<{ phone_number: string | null }>(
        'SELECT phone_number FROM device WHERE id = ?',
        [device.id],
      );
      const full = String(hardware.phoneNumber);
      expectThat(
        row.phone_number === (c.ownership === 'corporate' ? full : null),
        c,
        `phone number stored as ${row.phone_number}`,
      );
      if (c.ownership !== 'corporate') {
        mustNotBeStored.push({ value: full, why: `${name(c)} personal phone number` });
      }
    }
  }

  it(`keeps, refuses and discards as the matrix says (${CASES.length} cases)`, async () => {
    await inBatches(CASES, 6, runCase);
    expect(failures).toEqual([]);
  }, 600_000);

  it('stores nothing refused or discarded, in any table', async () => {
    expect(mustNotBeStored.length).toBeGreaterThan(100);
    const dump = (await dumpEveryTable(server)).replace(/[:-]/g, '').toUpperCase();
    const found = mustNotBeStored.filter(({ value }) =>
      dump.includes(value.replace(/[:-]/g, '').toUpperCase()),
    );
    expect(found).toEqual([]);
  });
});
