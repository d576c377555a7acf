import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminCall, auditedDuring, Method } from './support/admin-api';
import { checkIn, enroll, EnrolledDevice } from './support/device-channel';
import { deviceFixture, imeiFor } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Microsoft's own documentation examples for the routes we serve, sent as documented: our answer
 * has the documented status and every documented property. Fixtures are the examples as published
 * (test/fixtures/graph-documentation, each naming its page of microsoftgraph/microsoft-graph-docs-contrib).
 * Where an example cannot pass here, DIFFERENCES says what we answer and why (also listed in
 * docs/graph-properties.md), and the example with the one offending value changed must pass.
 */
interface DocumentedExample {
  page: string;
  request: { method: Method; path: string; body?: Record<string, unknown> };
  response: { status: number; body?: Record<string, unknown> };
}

const FIXTURES = join(__dirname, 'fixtures', 'graph-documentation');
const EXAMPLES: DocumentedExample[] = readdirSync(FIXTURES)
  .filter((file) => /^(v1\.0|beta)-intune-.*\.json$/.test(file))
  .map((file) => JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')) as DocumentedExample);

interface Difference {
  /** What we answer to the example as documented. */
  status: number;
  /** The error target we name. */
  target: string;
  why: string;
  /** The example's body with the offending values changed: this must then pass as documented. */
  corrected: (body: Record<string, unknown>) => Record<string, unknown>;
}

/** Real versions and a patch level in place of the compliance examples' placeholder text. */
const REAL_VERSIONS: Record<string, string> = {
  osMinimumVersion: '10.0',
  osMaximumVersion: '99.0',
  mobileOsMinimumVersion: '10.0',
  mobileOsMaximumVersion: '99.0',
  minAndroidSecurityPatchLevel: '2024-03-01',
  lowestVersion: '10.0.22000.0',
  highestVersion: '10.0.26100.9999',
};

/** The example with real versions, in complex values too (beta's validOperatingSystemBuildRanges). */
const withRealVersions = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(body).map(([name, value]) => [
      name,
      REAL_VERSIONS[name] ??
        (Array.isArray(value)
          ? value.map((element: unknown) =>
              typeof element === 'object' && element !== null
                ? withRealVersions(element as Record<string, unknown>)
                : element,
            )
          : value),
    ]),
  );

const COMPLIANCE_POLICY_TYPES = ['ios', 'android', 'macos', 'windows10'] as const;

const DIFFERENCES: Record<string, Difference> = {
  ...Object.fromEntries(
    COMPLIANCE_POLICY_TYPES.flatMap((type) =>
      [
        ['v1.0', 'create'],
        ['v1.0', 'update'],
        ['beta', 'create'],
      ].map(([version, method]) => [
        `api-reference/${version}/api/intune-deviceconfig-${type}compliancepolicy-${method}.md`,
        {
          status: 400,
          target: 'osMinimumVersion',
          why: "OS versions (and Android's patch level, and beta's build ranges) are compared with what devices report; the example has placeholder text where a version goes",
          corrected: withRealVersions,
        },
      ]),
    ),
  ),
  'api-reference/beta/api/intune-enrollment-importeddeviceidentity-create.md': {
    status: 400,
    target: 'importedDeviceIdentifier',
    why: 'an IMEI is checked (15 digits, Luhn check digit); the example has placeholder text',
    corrected: (body) => ({ ...body, importedDeviceIdentifier: imeiFor(424_242) }),
  },
  'api-reference/v1.0/api/intune-devices-manageddevice-wipe.md': {
    status: 400,
    target: 'macOsUnlockCode',
    why: 'the example mixes Windows options with the macOS unlock code; a wipe refuses an option its device cannot honour (here a Windows device)',
    corrected: ({ keepEnrollmentData, keepUserData }) => ({ keepEnrollmentData, keepUserData }),
  },
  'api-reference/v1.0/api/intune-apps-mobileapp-assign.md': {
    status: 400,
    target: 'mobileAppAssignments[0].target.@odata.type',
    why: 'the example targets the abstract deviceAndAppManagementAssignmentTarget; apps are assigned to all devices of their platform here',
    corrected: (body) => ({
      mobileAppAssignments: (body.mobileAppAssignments as Record<string, unknown>[]).map(
        (assignment) => ({
          ...assignment,
          target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
        }),
      ),
    }),
  },
  'api-reference/beta/api/intune-reporting-devicemanagementexportjob-create.md': {
    status: 400,
    target: 'reportName',
    why: 'the example names no real report (and asks for pdf); DevicesWithInventory and AppInvRawData are exported, as csv or json',
    corrected: (body) => ({
      ...body,
      reportName: 'DevicesWithInventory',
      filter: "(OwnerType eq '1')",
      select: ['DeviceId', 'DeviceName'],
      format: 'csv',
      snapshotId: null,
    }),
  },
};

/** The documented property names our answer lacks, nested complex values included. */
function missingProperties(documented: unknown, ours: unknown, path = ''): string[] {
  if (typeof documented !== 'object' || documented === null) return [];
  if (Array.isArray(documented)) {
    // A documented list of objects: our first element, if any, has their properties.
    return Array.isArray(ours) && ours.length > 0
      ? missingProperties(documented[0], ours[0], `${path}[0]`)
      : [];
  }
  // Graph's empty value of a complex property is null.
  if (ours === null) return [];
  if (typeof ours !== 'object') return [path];
  const missing: string[] = [];
  for (const [name, value] of Object.entries(documented)) {
    // Annotations (@odata.type of nested values) are not properties.
    if (name.startsWith('@')) continue;
    if (!Object.hasOwn(ours, name)) missing.push(`${path}${path ? '.' : ''}${name}`);
    else missing.push(...missingProperties(value, (ours as Record<string, unknown>)[name], name));
  }
  return missing;
}

/** The doc pages of single GETs wrap the entity in "value"; a GET answers the entity itself. */
const documentedEntity = (example: DocumentedExample) => {
  const body = example.response.body;
  const wrapped = example.request.method === 'GET' && body && Object.keys(body).length === 1;
  return wrapped ? (body.value as Record<string, unknown>) : body;
};

describe('Microsoft Graph documentation examples', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let ios: EnrolledDevice;
  let windows: EnrolledDevice;
  const ids: Record<string, string> = {};

  const call = <T = Record<string, unknown>>(method: Method, path: string, body?: unknown) =>
    adminCall<T>(server.url, tenant.adminToken, method, path, body);

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    tenant = await server.createTenant('Contoso');
    ios = await enroll(server.url, tenant.enrollmentToken, deviceFixture('ios'));
    windows = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
    await checkIn(server.url, windows, {
      apps: [{ appId: 'Contoso.Reader', displayName: 'Reader', version: '2.1' }],
    });
    const apps = await call<{ value: { id: string }[] }>(
      'GET',
      `/v1.0/deviceManagement/managedDevices/${windows.id}/detectedApps`,
    );
    const events = await call<{ value: { id: string }[] }>(
      'GET',
      '/v1.0/deviceManagement/auditEvents?$top=1',
    );
    // The iosStoreApp the update example changes: its bundleId is the example's own.
    const app = await call<{ id: string }>('POST', '/v1.0/deviceAppManagement/mobileApps', {
      '@odata.type': '#microsoft.graph.iosStoreApp',
      displayName: 'Before the update',
      bundleId: 'Bundle Id value',
    });
    const job = await call<{ id: string }>('POST', '/beta/deviceManagement/reports/exportJobs', {
      reportName: 'DevicesWithInventory',
    });
    for (const type of COMPLIANCE_POLICY_TYPES) {
      const policy = await call<{ id: string }>(
        'POST',
        '/v1.0/deviceManagement/deviceCompliancePolicies',
        {
          '@odata.type': `#microsoft.graph.${type === 'macos' ? 'macOS' : type}CompliancePolicy`,
          displayName: `Before the ${type} examples`,
        },
      );
      ids[`${type}CompliancePolicyId`] = policy.body.id;
    }
    Object.assign(ids, {
      managedDeviceId: ios.id,
      detectedAppId: apps.body.value[0].id,
      auditEventId: events.body.value[0].id,
      mobileAppId: app.body.id,
      deviceManagementExportJobId: job.body.id,
    });
  });
  afterAll(() => server.close());

  const pathOf = (example: DocumentedExample) => {
    // Each compliance policy example acts on a policy of its own type.
    const policyType = /intune-deviceconfig-(\w+)compliancepolicy-/.exec(example.page)?.[1];
    const path = example.request.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'deviceCompliancePolicyId' ? ids[`${policyType}CompliancePolicyId`] : ids[name],
    );
    // The wipe example runs on the Windows device, whose options it (mostly) uses.
    return example.page.endsWith('manageddevice-wipe.md') ? path.replace(ios.id, windows.id) : path;
  };

  it('has the examples of every route family we serve', () => {
    expect(EXAMPLES.map((example) => example.page).sort()).toEqual(
      expect.arrayContaining([
        'api-reference/v1.0/api/intune-devices-manageddevice-update.md',
        'api-reference/beta/api/intune-devices-manageddevice-get.md',
        'api-reference/v1.0/api/intune-apps-iosstoreapp-update.md',
        'api-reference/beta/api/intune-apps-androidmanagedstoreapp-create.md',
        'api-reference/v1.0/api/intune-apps-macoslobapp-create.md',
        'api-reference/v1.0/api/intune-apps-win32lobapp-create.md',
        'api-reference/v1.0/api/intune-devices-detectedapp-get.md',
        'api-reference/v1.0/api/intune-auditing-auditevent-get.md',
        'api-reference/beta/api/intune-enrollment-importeddeviceidentity-create.md',
        'api-reference/beta/api/intune-reporting-devicemanagementexportjob-create.md',
        'api-reference/v1.0/api/intune-deviceconfig-ioscompliancepolicy-create.md',
        'api-reference/v1.0/api/intune-deviceconfig-androidcompliancepolicy-update.md',
        'api-reference/v1.0/api/intune-deviceconfig-macoscompliancepolicy-get.md',
        'api-reference/v1.0/api/intune-deviceconfig-windows10compliancepolicy-create.md',
        ...COMPLIANCE_POLICY_TYPES.flatMap((type) =>
          ['create', 'get'].map(
            (method) =>
              `api-reference/beta/api/intune-deviceconfig-${type}compliancepolicy-${method}.md`,
          ),
        ),
      ]),
    );
  });

  it.each(EXAMPLES.map((example) => [example.page, example] as const))(
    '%s',
    async (page, example) => {
      const difference = DIFFERENCES[page];
      let body = example.request.body;
      const asDocumented = await call(example.request.method, pathOf(example), body);
      if (difference) {
        expect({ status: asDocumented.status, target: errorTarget(asDocumented.body) }).toEqual({
          status: difference.status,
          target: difference.target,
        });
        body = difference.corrected(body ?? {});
      }
      const answer = difference
        ? await call(example.request.method, pathOf(example), body)
        : asDocumented;
      // The error, if any, is part of what is compared so that a failure shows it.
      expect({ page, status: answer.status, error: errorOf(answer.body) }).toEqual({
        page,
        status: example.response.status,
        error: undefined,
      });
      const documented = documentedEntity(example);
      if (documented) {
        expect({ page, missing: missingProperties(documented, answer.body) }).toEqual({
          page,
          missing: [],
        });
      }
    },
  );

  it('accepts a managedDevice read and sent back unchanged (as SDK objects do), changing nothing', async () => {
    for (const version of ['v1.0', 'beta']) {
      const path = `/${version}/deviceManagement/managedDevices/${windows.id}`;
      const read = await call<Record<string, unknown>>('GET', path);
      const { '@odata.context': context, ...device } = read.body;
      expect(context).toBeDefined();
      const sentBack = { '@odata.type': '#microsoft.graph.managedDevice', ...device };
      const events = await auditedDuring(server, tenant.tenantId, async () => {
        const answer = await call('PATCH', path, sentBack);
        expect({ version, status: answer.status }).toEqual({ version, status: 200 });
        expect(answer.body).toMatchObject({ id: windows.id, deviceName: device.deviceName });
      });
      expect(events).toEqual([]);
      const after = await call<Record<string, unknown>>('GET', path);
      expect(after.body).toEqual(read.body);
    }
  });

  it('accepts a mobileApp read and sent back unchanged, and keeps what a PATCH sets', async () => {
    const path = `/beta/deviceAppManagement/mobileApps/${ids.mobileAppId}`;
    const patched = await call('PATCH', path, {
      '@odata.type': '#microsoft.graph.iosStoreApp',
      notes: 'Approved by security',
      informationUrl: 'https://contoso.example/apps/reader',
      largeIcon: { type: 'image/png', value: 'iVBORw0KGgo=' },
      roleScopeTagIds: ['0', '7'],
    });
    expect(patched.status).toBe(200);
    const read = await call<Record<string, unknown>>('GET', path);
    expect(read.body).toMatchObject({
      notes: 'Approved by security',
      informationUrl: 'https://contoso.example/apps/reader',
      largeIcon: { type: 'image/png', value: 'iVBORw0KGgo=' },
      roleScopeTagIds: ['0', '7'],
    });
    const app = { ...read.body };
    delete app['@odata.context'];
    const events = await auditedDuring(server, tenant.tenantId, async () => {
      const answer = await call('PATCH', path, app);
      expect(answer.status).toBe(200);
    });
    expect(events).toEqual([]);
    expect((await call('GET', path)).body).toEqual(read.body);
  });

  it('refuses a property of another app type, an app id change and an unknown name, storing nothing', async () => {
    const path = `/v1.0/deviceAppManagement/mobileApps/${ids.mobileAppId}`;
    const before = (await call('GET', path)).body;
    for (const [body, target] of [
      [{ installCommandLine: 'setup.exe /quiet' }, 'installCommandLine'],
      [{ bundleId: 'com.contoso.other' }, 'bundleId'],
      [{ informationUrl: 'javascript:alert(1)' }, 'informationUrl'],
      [{ isFeatured: 'yes' }, 'isFeatured'],
      [{ notes: 'fine', shoeSize: 42 }, 'shoeSize'],
    ] as const) {
      const answer = await call('PATCH', path, body);
      expect({ body, status: answer.status, target: errorTarget(answer.body) }).toEqual({
        body,
        status: 400,
        target,
      });
    }
    expect((await call('GET', path)).body).toEqual(before);
  });

  it('expands detectedApps of one device and managedDevices of detected apps, bounded with a link to the rest', async () => {
    const device = await call<{ detectedApps: { displayName: string }[] }>(
      'GET',
      `/v1.0/deviceManagement/managedDevices/${windows.id}?$expand=detectedApps`,
    );
    expect(device.status).toBe(200);
    expect(device.body.detectedApps.map((app) => app.displayName)).toEqual(['Reader']);

    // 21 devices with one app: 20 shown inline, the rest behind managedDevices@odata.nextLink.
    const shared = { appId: 'com.contoso.shared', displayName: 'Shared', version: '1.0' };
    const holders = [windows.id];
    for (let i = 0; i < 20; i++) {
      const phone = await enroll(server.url, tenant.enrollmentToken, deviceFixture('windows'));
      await checkIn(server.url, phone, { apps: [shared] });
      holders.push(phone.id);
    }
    await checkIn(server.url, windows, {
      apps: [{ appId: 'Contoso.Reader', displayName: 'Reader', version: '2.1' }, shared],
    });
    type Expanded = {
      id: string;
      displayName: string;
      managedDevices: { id: string }[];
      'managedDevices@odata.nextLink'?: string;
    };
    const list = await call<{ value: Expanded[] }>(
      'GET',
      `/v1.0/deviceManagement/detectedApps?$expand=managedDevices&$filter=displayName eq 'Shared'`,
    );
    expect(list.status).toBe(200);
    const [app] = list.body.value;
    expect(app.managedDevices).toHaveLength(20);
    const rest = await adminCall<{ value: { id: string }[] }>(
      '',
      tenant.adminToken,
      'GET',
      app['managedDevices@odata.nextLink']!,
    );
    expect([...app.managedDevices, ...rest.body.value].map((d) => d.id).sort()).toEqual(
      holders.sort(),
    );
    const single = await call<Expanded>(
      'GET',
      `/beta/deviceManagement/detectedApps/${app.id}?$expand=managedDevices`,
    );
    expect(single.body.managedDevices).toHaveLength(20);

    for (const [path, target] of [
      [`/v1.0/deviceManagement/managedDevices/${windows.id}?$expand=users`, '$expand'],
      [`/v1.0/deviceManagement/detectedApps?$expand=managedDevices($select=id)`, '$expand'],
      [`/v1.0/deviceManagement/detectedApps?$expand=managedDevices&$top=500`, '$top'],
      [`/v1.0/deviceManagement/managedDevices?$expand=detectedApps`, '$expand'],
    ] as const) {
      const refused = await call('GET', path);
      expect({ path, status: refused.status, target: errorTarget(refused.body) }).toEqual({
        path,
        status: 400,
        target,
      });
    }
  });

  it('says in the OpenAPI document which documented properties are kept and which are ignored', async () => {
    const response = await fetch(`${server.url}/docs/openapi.json`);
    const document = (await response.json()) as {
      components: {
        schemas: Record<
          string,
          { properties: Record<string, { description?: string }>; required?: string[] }
        >;
      };
    };
    const { schemas } = document.components;
    expect(schemas.UpdateManagedDeviceDto.properties.serialNumber.description).toMatch(
      /accepted and ignored/,
    );
    expect(schemas.UpdateManagedDeviceDto.required ?? []).not.toContain('serialNumber');
    expect(schemas.UpdateMobileAppDto.properties.id.description).toMatch(/accepted and ignored/);
    expect(schemas.CreateMobileAppDto.properties.informationUrl.description).toMatch(
      /kept and answered back/,
    );
    expect(schemas.CreateExportJobDto.properties.status.description).toMatch(
      /accepted and ignored/,
    );
  });

  it('shows hardwareInformation on beta only when a single device selects it, with what we store', async () => {
    const path = `/beta/deviceManagement/managedDevices/${ios.id}`;
    const [stored] = await server.query<{ eid: string | null; serial_number: string | null }>(
      'SELECT eid, serial_number FROM device WHERE id = ?',
      [ios.id],
    );
    const selected = await call<{ hardwareInformation: Record<string, unknown> }>(
      'GET',
      `${path}?$select=id,hardwareInformation`,
    );
    expect(selected.status).toBe(200);
    expect(selected.body.hardwareInformation).toMatchObject({
      serialNumber: stored.serial_number,
      esimIdentifier: stored.eid,
    });
    const plain = await call<{ hardwareInformation: Record<string, unknown> }>('GET', path);
    expect(plain.body.hardwareInformation).toMatchObject({
      serialNumber: null,
      esimIdentifier: null,
    });
    const list = await call<{ value: { hardwareInformation: Record<string, unknown> }[] }>(
      'GET',
      '/beta/deviceManagement/managedDevices?$select=id,hardwareInformation',
    );
    expect(
      list.body.value.every((device) => device.hardwareInformation.serialNumber === null),
    ).toBe(true);
    const v1 = await call('GET', `/v1.0/deviceManagement/managedDevices/${ios.id}`);
    expect(v1.body).not.toHaveProperty('hardwareInformation');
  });
});

function errorOf(body: unknown): unknown {
  return (body as { error?: unknown }).error;
}

function errorTarget(body: unknown): string | undefined {
  return (body as { error?: { target?: string } }).error?.target;
}
