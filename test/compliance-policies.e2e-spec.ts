import { adminCall, Method } from './support/admin-api';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll, EnrolledDevice } from './support/device-channel';
import { deviceFixture } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

type Json = Record<string, unknown>;
type Platform = 'ios' | 'android' | 'macos' | 'windows';

const POLICIES = '/v1.0/deviceManagement/deviceCompliancePolicies';
const ALL_DEVICES = {
  assignments: [
    {
      '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
      target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
    },
  ],
};

interface Break {
  setting: string;
  broken: Json;
  fixed: Json;
}

/**
 * Per platform: a policy as Microsoft's create page documents it (its example body, with real
 * versions instead of the placeholder text), a healthy device's report, and one way to break and
 * fix each evaluated setting.
 */
const PLATFORMS: Record<
  Platform,
  { policy: Json; healthy: Json; osVersion: string; breaks: Break[] }
> = {
  ios: {
    policy: {
      '@odata.type': '#microsoft.graph.iosCompliancePolicy',
      description: 'Description value',
      displayName: 'iOS baseline',
      version: 7,
      passcodeBlockSimple: true,
      passcodeExpirationDays: 6,
      passcodeMinimumLength: 5,
      passcodeMinutesOfInactivityBeforeLock: 5,
      passcodePreviousPasscodeBlockCount: 2,
      passcodeMinimumCharacterSetCount: 0,
      passcodeRequiredType: 'alphanumeric',
      passcodeRequired: true,
      osMinimumVersion: '17.0',
      osMaximumVersion: '17.99',
      securityBlockJailbrokenDevices: true,
      deviceThreatProtectionEnabled: true,
      deviceThreatProtectionRequiredSecurityLevel: 'secured',
      managedEmailProfileRequired: true,
    },
    osVersion: '17.4.1',
    healthy: { passcodePresent: true, storageEncrypted: true, jailBroken: false },
    breaks: [
      {
        setting: 'osMinimumVersion',
        broken: { osVersion: '16.7.8' },
        fixed: { osVersion: '17.4.1' },
      },
      {
        setting: 'osMaximumVersion',
        broken: { osVersion: '18.1' },
        fixed: { osVersion: '17.4.1' },
      },
      {
        setting: 'passcodeRequired',
        broken: { passcodePresent: false },
        fixed: { passcodePresent: true },
      },
      {
        setting: 'securityBlockJailbrokenDevices',
        broken: { jailBroken: true },
        fixed: { jailBroken: false },
      },
    ],
  },
  android: {
    policy: {
      '@odata.type': '#microsoft.graph.androidCompliancePolicy',
      description: 'Description value',
      displayName: 'Android baseline',
      version: 7,
      passwordRequired: true,
      passwordMinimumLength: 6,
      passwordRequiredType: 'alphabetic',
      passwordMinutesOfInactivityBeforeLock: 5,
      passwordExpirationDays: 6,
      passwordPreviousPasswordBlockCount: 2,
      securityPreventInstallAppsFromUnknownSources: true,
      securityDisableUsbDebugging: true,
      securityRequireVerifyApps: true,
      deviceThreatProtectionEnabled: true,
      deviceThreatProtectionRequiredSecurityLevel: 'secured',
      securityBlockJailbrokenDevices: true,
      osMinimumVersion: '13',
      osMaximumVersion: '14.99',
      minAndroidSecurityPatchLevel: '2024-03-01',
      storageRequireEncryption: true,
      securityRequireSafetyNetAttestationBasicIntegrity: true,
      securityRequireSafetyNetAttestationCertifiedDevice: true,
      securityRequireGooglePlayServices: true,
      securityRequireUpToDateSecurityProviders: true,
      securityRequireCompanyPortalAppIntegrity: true,
    },
    osVersion: '14',
    healthy: {
      passcodePresent: true,
      passcodeMinimumLength: 6,
      storageEncrypted: true,
      jailBroken: false,
      securityPatchLevel: '2024-06-05',
    },
    breaks: [
      { setting: 'osMinimumVersion', broken: { osVersion: '12' }, fixed: { osVersion: '14' } },
      { setting: 'osMaximumVersion', broken: { osVersion: '15' }, fixed: { osVersion: '14' } },
      {
        setting: 'passwordRequired',
        broken: { passcodePresent: false },
        fixed: { passcodePresent: true },
      },
      {
        setting: 'passwordMinimumLength',
        broken: { passcodeMinimumLength: 4 },
        fixed: { passcodeMinimumLength: 6 },
      },
      {
        setting: 'storageRequireEncryption',
        broken: { storageEncrypted: false },
        fixed: { storageEncrypted: true },
      },
      {
        setting: 'securityBlockJailbrokenDevices',
        broken: { jailBroken: true },
        fixed: { jailBroken: false },
      },
      {
        setting: 'minAndroidSecurityPatchLevel',
        broken: { securityPatchLevel: '2023-12-01' },
        fixed: { securityPatchLevel: '2024-06-05' },
      },
    ],
  },
  macos: {
    policy: {
      '@odata.type': '#microsoft.graph.macOSCompliancePolicy',
      description: 'Description value',
      displayName: 'macOS baseline',
      version: 7,
      passwordRequired: true,
      passwordBlockSimple: true,
      passwordExpirationDays: 6,
      passwordMinimumLength: 6,
      passwordMinutesOfInactivityBeforeLock: 5,
      passwordPreviousPasswordBlockCount: 2,
      passwordMinimumCharacterSetCount: 0,
      passwordRequiredType: 'alphanumeric',
      osMinimumVersion: '14.0',
      osMaximumVersion: '14.99',
      systemIntegrityProtectionEnabled: true,
      deviceThreatProtectionEnabled: true,
      deviceThreatProtectionRequiredSecurityLevel: 'secured',
      storageRequireEncryption: true,
      firewallEnabled: true,
      firewallBlockAllIncoming: true,
      firewallEnableStealthMode: true,
    },
    osVersion: '14.4',
    healthy: {
      passcodePresent: true,
      storageEncrypted: true,
      systemIntegrityProtectionEnabled: true,
      firewallEnabled: true,
    },
    breaks: [
      {
        setting: 'osMinimumVersion',
        broken: { osVersion: '13.6.7' },
        fixed: { osVersion: '14.4' },
      },
      { setting: 'osMaximumVersion', broken: { osVersion: '15.1' }, fixed: { osVersion: '14.4' } },
      {
        setting: 'passwordRequired',
        broken: { passcodePresent: false },
        fixed: { passcodePresent: true },
      },
      {
        setting: 'storageRequireEncryption',
        broken: { storageEncrypted: false },
        fixed: { storageEncrypted: true },
      },
      {
        setting: 'systemIntegrityProtectionEnabled',
        broken: { systemIntegrityProtectionEnabled: false },
        fixed: { systemIntegrityProtectionEnabled: true },
      },
      {
        setting: 'firewallEnabled',
        broken: { firewallEnabled: false },
        fixed: { firewallEnabled: true },
      },
    ],
  },
  windows: {
    policy: {
      '@odata.type': '#microsoft.graph.windows10CompliancePolicy',
      description: 'Description value',
      displayName: 'Windows baseline',
      version: 7,
      passwordRequired: true,
      passwordBlockSimple: true,
      passwordRequiredToUnlockFromIdle: true,
      passwordMinutesOfInactivityBeforeLock: 5,
      passwordExpirationDays: 6,
      passwordMinimumLength: 8,
      passwordMinimumCharacterSetCount: 0,
      passwordRequiredType: 'alphanumeric',
      passwordPreviousPasswordBlockCount: 2,
      requireHealthyDeviceReport: true,
      osMinimumVersion: '10.0.22621',
      osMaximumVersion: '10.0.22631.9999',
      mobileOsMinimumVersion: '10.0',
      mobileOsMaximumVersion: '10.0.99999',
      earlyLaunchAntiMalwareDriverEnabled: true,
      bitLockerEnabled: true,
      secureBootEnabled: true,
      codeIntegrityEnabled: true,
      storageRequireEncryption: true,
    },
    osVersion: '10.0.22631.3447',
    healthy: {
      passcodePresent: true,
      passcodeMinimumLength: 8,
      storageEncrypted: true,
      bitLockerEnabled: true,
      secureBootEnabled: true,
      codeIntegrityEnabled: true,
    },
    breaks: [
      {
        setting: 'osMinimumVersion',
        broken: { osVersion: '10.0.19045.4529' },
        fixed: { osVersion: '10.0.22631.3447' },
      },
      {
        setting: 'osMaximumVersion',
        broken: { osVersion: '10.0.26100.1742' },
        fixed: { osVersion: '10.0.22631.3447' },
      },
      {
        setting: 'passwordRequired',
        broken: { passcodePresent: false },
        fixed: { passcodePresent: true },
      },
      {
        setting: 'passwordMinimumLength',
        broken: { passcodeMinimumLength: 6 },
        fixed: { passcodeMinimumLength: 8 },
      },
      {
        setting: 'storageRequireEncryption',
        broken: { storageEncrypted: false },
        fixed: { storageEncrypted: true },
      },
      {
        setting: 'bitLockerEnabled',
        broken: { bitLockerEnabled: false },
        fixed: { bitLockerEnabled: true },
      },
      {
        setting: 'secureBootEnabled',
        broken: { secureBootEnabled: false },
        fixed: { secureBootEnabled: true },
      },
      {
        setting: 'codeIntegrityEnabled',
        broken: { codeIntegrityEnabled: false },
        fixed: { codeIntegrityEnabled: true },
      },
    ],
  },
};

/** A check-in carrying `change`: osVersion goes in hardware, the rest in security. */
function reportOf(change: Json): Json {
  const { osVersion, ...security } = change;
  return {
    ...(osVersion ? { hardware: { osVersion } } : {}),
    ...(Object.keys(security).length ? { security } : {}),
  };
}

describeEachDatabase('device compliance policies, evaluated at each check-in', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  const policyIds: Partial<Record<Platform, string>> = {};
  const devices: Partial<Record<Platform, EnrolledDevice>> = {};

  const call = <T = Json>(method: Method, path: string, body?: unknown) =>
    adminCall<T>(server.url, tenant.adminToken, method, path, body);
  const policyStates = async (device: EnrolledDevice) =>
    (
      await call<{ value: Json[] }>(
        'GET',
        `/beta/deviceManagement/managedDevices/${device.id}/deviceCompliancePolicyStates`,
      )
    ).body.value;
  const storedPolicyCount = async () =>
    Number(
      (await server.query<{ n: number }>('SELECT COUNT(*) AS n FROM device_compliance_policy'))[0]
        .n,
    );

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    for (const platform of Object.keys(PLATFORMS) as Platform[]) {
      devices[platform] = await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform));
    }
  });
  afterAll(() => server.close());

  it.each(Object.keys(PLATFORMS) as Platform[])(
    'creates a %s compliance policy as Microsoft documents it, answering every documented property',
    async (platform) => {
      const { policy } = PLATFORMS[platform];
      const created = await call('POST', POLICIES, policy);
      expect(created.status).toBe(201);
      // version is read-only: the example's 7 is ignored, a new policy is at version 1.
      const { version, ...settings } = policy;
      expect(version).toBe(7);
      expect(created.body).toMatchObject({ ...settings, version: 1 });
      expect(created.body).toEqual(
        expect.objectContaining({
          id: expect.any(String),
          createdDateTime: expect.any(String),
          lastModifiedDateTime: expect.any(String),
        }),
      );
      policyIds[platform] = created.body.id as string;

      const read = await call('GET', `${POLICIES}/${policyIds[platform]}`);
      expect(read.body).toMatchObject({ ...settings, version: 1 });
      // Read and sent back unchanged (as SDK objects are): accepted, nothing changes.
      const object = { ...read.body };
      delete object['@odata.context'];
      const patched = await call('PATCH', `${POLICIES}/${policyIds[platform]}`, object);
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject({ ...settings, version: 1 });

      const assigned = await call('POST', `${POLICIES}/${policyIds[platform]}/assign`, ALL_DEVICES);
      expect(assigned.status).toBe(200);
      expect(assigned.body.value).toEqual([
        {
          '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
          id: expect.any(String),
          target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
        },
      ]);
    },
  );

  it('refuses an unknown property, a setting of another type and a bad version, storing nothing', async () => {
    const before = await storedPolicyCount();
    const ios = PLATFORMS.ios.policy;
    for (const [body, target] of [
      [{ ...ios, passcodeColour: 'blue' }, 'passcodeColour'],
      [{ ...ios, bitLockerEnabled: true }, 'bitLockerEnabled'],
      [{ ...ios, osMinimumVersion: 'Os Minimum Version value' }, 'osMinimumVersion'],
      [{ ...ios, passcodeMinimumLength: 99 }, 'passcodeMinimumLength'],
    ] as const) {
      const refused = await call<{ error: { message: string; innerError?: Json } }>(
        'POST',
        POLICIES,
        body,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.error.message).toContain(`'${target}'`);
      expect(JSON.stringify(refused.body)).not.toContain('blue');
    }
    expect(await storedPolicyCount()).toBe(before);
  });

  it('keeps and answers the settings Graph documents on beta only on /beta; v1.0 refuses them and does not show them', async () => {
    const BETA = '/beta/deviceManagement/deviceCompliancePolicies';
    const betaSettings = {
      osMinimumBuildVersion: '21E219',
      osMaximumBuildVersion: '22A3354',
      passcodeMinutesOfInactivityBeforeScreenTimeout: 5,
      advancedThreatProtectionRequiredSecurityLevel: 'low',
      restrictedApps: [
        {
          '@odata.type': 'microsoft.graph.appListItem',
          name: 'Torrent',
          appId: 'com.example.torrent',
        },
      ],
    };
    const before = await storedPolicyCount();
    // v1.0 has none of them: refused, naming the setting and the version, nothing stored.
    const refused = await call<{ error: { target: string; message: string } }>('POST', POLICIES, {
      ...PLATFORMS.ios.policy,
      osMinimumBuildVersion: '21E219',
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.target).toBe('osMinimumBuildVersion');
    expect(refused.body.error.message).toContain('v1.0');
    // A complex element with a property its type does not have: named down to the element.
    const badElement = await call<{ error: { target: string } }>('POST', BETA, {
      ...PLATFORMS.ios.policy,
      restrictedApps: [{ name: 'Torrent', sideloaded: true }],
    });
    expect(badElement.status).toBe(400);
    expect(badElement.body.error.target).toBe('restrictedApps[0].sideloaded');
    expect(await storedPolicyCount()).toBe(before);

    const created = await call('POST', BETA, { ...PLATFORMS.ios.policy, ...betaSettings });
    expect(created.status).toBe(201);
    const answered = {
      ...betaSettings,
      restrictedApps: [
        {
          '@odata.type': '#microsoft.graph.appListItem',
          name: 'Torrent',
          publisher: null,
          appStoreUrl: null,
          appId: 'com.example.torrent',
        },
      ],
    };
    expect(created.body).toMatchObject(answered);
    const id = created.body.id as string;
    const onV1 = await call('GET', `${POLICIES}/${id}`);
    for (const name of Object.keys(betaSettings)) expect(onV1.body).not.toHaveProperty(name);
    // A v1.0 PATCH changes what it names and keeps the beta settings.
    expect((await call('PATCH', `${POLICIES}/${id}`, { displayName: 'Renamed' })).status).toBe(200);
    const onBeta = await call('GET', `${BETA}/${id}`);
    expect(onBeta.body).toMatchObject({ ...answered, displayName: 'Renamed' });
    // A beta policy read and sent back unchanged is accepted.
    const object = { ...onBeta.body };
    delete object['@odata.context'];
    expect((await call('PATCH', `${BETA}/${id}`, object)).body).toMatchObject({ version: 2 });
    // Graph's empty values for a type's beta settings never set.
    const windows = await call('GET', `${BETA}/${policyIds.windows}`);
    expect(windows.body).toMatchObject({
      validOperatingSystemBuildRanges: [],
      wslDistributions: [],
      deviceCompliancePolicyScript: null,
      defenderVersion: null,
      tpmRequired: false,
    });
    expect((await call('DELETE', `${POLICIES}/${id}`)).status).toBe(204);
  });

  it("evaluates beta's validOperatingSystemBuildRanges against the build a Windows device reports", async () => {
    const BETA = '/beta/deviceManagement/deviceCompliancePolicies';
    const device = devices.windows!;
    const [major, minor, build] = String(deviceFixture('windows').hardware.osVersion).split('.');
    const range = (from: number, to: number) => ({
      lowestVersion: `${major}.${minor}.${from}.0`,
      highestVersion: `${major}.${minor}.${to}.9999`,
    });
    const created = await call('POST', BETA, {
      '@odata.type': '#microsoft.graph.windows10CompliancePolicy',
      displayName: 'Supported builds',
      validOperatingSystemBuildRanges: [range(Number(build) + 1, Number(build) + 100)],
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    await call('POST', `${POLICIES}/${id}/assign`, ALL_DEVICES);
    const outside = await checkIn<{ complianceState: string }>(server.url, device, {
      security: PLATFORMS.windows.healthy,
    });
    expect(outside.body.complianceState).toBe('noncompliant');
    const states = await policyStates(device);
    expect(states.find((state) => state.id === id)).toMatchObject({
      state: 'nonCompliant',
      settingStates: [
        expect.objectContaining({
          settingName: 'validOperatingSystemBuildRanges',
          state: 'nonCompliant',
        }),
      ],
    });

    await call('PATCH', `${BETA}/${id}`, {
      validOperatingSystemBuildRanges: [range(Number(build), Number(build))],
    });
    const inside = await checkIn<{ complianceState: string }>(server.url, device, {
      security: PLATFORMS.windows.healthy,
    });
    expect(inside.body.complianceState).toBe('compliant');
    // A range that is no version is refused, naming it, and the policy keeps its ranges.
    const refused = await call<{ error: { target: string } }>('PATCH', `${BETA}/${id}`, {
      validOperatingSystemBuildRanges: [{ lowestVersion: 'Lowest Version value' }],
    });
    expect(refused.body.error.target).toBe('validOperatingSystemBuildRanges[0].lowestVersion');
    expect((await call('DELETE', `${POLICIES}/${id}`)).status).toBe(204);
  });

  it.each(Object.keys(PLATFORMS) as Platform[])(
    'makes a %s device noncompliant for each broken setting, naming it, and compliant once fixed',
    async (platform) => {
      const { healthy, breaks } = PLATFORMS[platform];
      const device = devices[platform]!;
      const first = await checkIn<{ complianceState: string }>(server.url, device, {
        security: healthy,
      });
      expect(first.status).toBe(200);
      expect(first.body.complianceState).toBe('compliant');

      for (const { setting, broken, fixed } of breaks) {
        const bad = await checkIn<{ complianceState: string }>(
          server.url,
          device,
          reportOf(broken),
        );
        expect({ setting, state: bad.body.complianceState }).toEqual({
          setting,
          state: 'noncompliant',
        });
        const [state] = await policyStates(device);
        expect(state).toMatchObject({ id: policyIds[platform], state: 'nonCompliant' });
        expect(
          (state.settingStates as Json[])
            .filter((s) => s.state === 'nonCompliant')
            .map((s) => s.settingName),
        ).toEqual([setting]);

        const good = await checkIn<{ complianceState: string }>(
          server.url,
          device,
          reportOf(fixed),
        );
        expect({ setting, state: good.body.complianceState }).toEqual({
          setting,
          state: 'compliant',
        });
      }
      const [state] = await policyStates(device);
      expect(state).toMatchObject({
        '@odata.type': '#microsoft.graph.deviceCompliancePolicyState',
        displayName: PLATFORMS[platform].policy.displayName,
        version: 1,
        state: 'compliant',
        settingCount: breaks.length,
      });
    },
  );

  it('lists the devices a policy applies to with their status; a device of another platform is not listed', async () => {
    const statuses = await call<{ value: Json[] }>(
      'GET',
      `${POLICIES}/${policyIds.android}/deviceStatuses`,
    );
    expect(statuses.status).toBe(200);
    expect(statuses.body.value).toEqual([
      {
        '@odata.type': '#microsoft.graph.deviceComplianceDeviceStatus',
        id: devices.android!.id,
        deviceDisplayName: expect.any(String),
        userName: expect.any(String),
        deviceModel: 'Galaxy S24',
        complianceGracePeriodExpirationDateTime: '9999-12-31T23:59:59Z',
        status: 'compliant',
        lastReportedDateTime: expect.any(String),
        userPrincipalName: devices.android!.payload.user!.userPrincipalName,
      },
    ]);
    const overview = await call('GET', `${POLICIES}/${policyIds.android}/deviceStatusOverview`);
    expect(overview.body).toMatchObject({ successCount: 1, failedCount: 0, pendingCount: 0 });
    // managedDevice shows what the device reported: Graph's jailBroken, isEncrypted and patch level.
    const android = await call(
      'GET',
      `/v1.0/deviceManagement/managedDevices/${devices.android!.id}`,
    );
    expect(android.body).toMatchObject({
      jailBroken: 'False',
      isEncrypted: true,
      androidSecurityPatchLevel: '2024-06-05',
      complianceState: 'compliant',
    });
    // The iOS device's states name its own platform's policy only.
    expect((await policyStates(devices.ios!)).map((state) => state.id)).toEqual([policyIds.ios]);
  });

  it('evaluates a changed policy at the next check-in, from the state the device last reported', async () => {
    const device = devices.android!;
    const raised = await call('PATCH', `${POLICIES}/${policyIds.android}`, {
      '@odata.type': '#microsoft.graph.androidCompliancePolicy',
      minAndroidSecurityPatchLevel: '2024-09-01',
    });
    expect(raised.status).toBe(200);
    expect(raised.body).toMatchObject({ version: 2, minAndroidSecurityPatchLevel: '2024-09-01' });

    const next = await checkIn<{ complianceState: string }>(server.url, device, {});
    expect(next.body.complianceState).toBe('noncompliant');
    const statuses = await call<{ value: Json[] }>(
      'GET',
      `${POLICIES}/${policyIds.android}/deviceStatuses`,
    );
    expect(statuses.body.value.map((status) => status.status)).toEqual(['nonCompliant']);
    const overview = await call('GET', `${POLICIES}/${policyIds.android}/deviceStatusOverview`);
    expect(overview.body).toMatchObject({
      successCount: 0,
      failedCount: 1,
      configurationVersion: 2,
    });
  });

  it('combines several policies: one noncompliant policy makes the device noncompliant', async () => {
    const device = devices.windows!;
    const strict = await call('POST', POLICIES, {
      '@odata.type': '#microsoft.graph.windows10CompliancePolicy',
      displayName: 'Windows 11 24H2 only',
      osMinimumVersion: '10.0.26100',
    });
    await call('POST', `${POLICIES}/${strict.body.id as string}/assign`, ALL_DEVICES);
    const answer = await checkIn<{ complianceState: string }>(server.url, device, {});
    expect(answer.body.complianceState).toBe('noncompliant');
    const states = await policyStates(device);
    expect(Object.fromEntries(states.map((state) => [state.displayName, state.state]))).toEqual({
      'Windows baseline': 'compliant',
      'Windows 11 24H2 only': 'nonCompliant',
    });

    // Unassigned, it no longer applies: the device is compliant again at its next check-in.
    await call('POST', `${POLICIES}/${strict.body.id as string}/assign`, { assignments: [] });
    const after = await checkIn<{ complianceState: string }>(server.url, device, {});
    expect(after.body.complianceState).toBe('compliant');
    expect((await policyStates(device)).map((state) => state.displayName)).toEqual([
      'Windows baseline',
    ]);
  });

  it('refuses a security state the platform cannot report, naming the field, storing nothing', async () => {
    const device = devices.ios!;
    const [before] = await server.query<{
      compliance_policy_states: string;
      last_sequence: number;
    }>('SELECT compliance_policy_states, last_sequence FROM device WHERE id = ?', [device.id]);
    const refused = await checkIn<{ error: { message: string } }>(server.url, device, {
      security: { bitLockerEnabled: false },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain("'security.bitLockerEnabled'");
    const badDate = await checkIn<{ error: { message: string } }>(server.url, devices.android!, {
      security: { securityPatchLevel: 'last tuesday' },
    });
    expect(badDate.status).toBe(400);
    expect(badDate.body.error.message).toContain("'security.securityPatchLevel'");
    expect(JSON.stringify(badDate.body)).not.toContain('tuesday');
    const [after] = await server.query<{ compliance_policy_states: string; last_sequence: number }>(
      'SELECT compliance_policy_states, last_sequence FROM device WHERE id = ?',
      [device.id],
    );
    expect(after).toEqual(before);
  });

  it('deletes a policy: its devices are evaluated without it, and their security state is no longer kept', async () => {
    const device = devices.macos!;
    const deleted = await call('DELETE', `${POLICIES}/${policyIds.macos}`);
    expect(deleted.status).toBe(204);
    expect((await call('GET', `${POLICIES}/${policyIds.macos}`)).status).toBe(404);
    const next = await checkIn<{ complianceState: string; discarded: unknown[] }>(
      server.url,
      device,
      {
        security: { ...PLATFORMS.macos.healthy, firewallEnabled: false },
      },
    );
    expect(next.body.complianceState).toBe('compliant');
    expect(await policyStates(device)).toEqual([]);
    // The security state is kept only to evaluate policies: with none left, nothing of it stays.
    expect(next.body.discarded).toEqual([{ field: 'security', reason: 'noCompliancePolicy' }]);
    const [row] = await server.query<{ compliance_policy_states: string | null }>(
      'SELECT compliance_policy_states FROM device WHERE id = ?',
      [device.id],
    );
    expect(row.compliance_policy_states).toBeNull();
  });
});
