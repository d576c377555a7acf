import { appInventoryHash } from './contract/app-inventory-hash';
import { CheckInResponse } from './contract/device-channel.types';
import { GraphError } from '../platform/http/graph-error';
import { DeviceReport } from './device-report';
import { CheckInDecision, decide, receiptOf, StoredDevice, WritePlan } from './decide';
import { TenantPolicy } from '../rules/tenant-policy';

const NOW = Date.parse('2026-12-07T09:00:00Z');
const MANAGED_APP = {
  mobileAppId: '6f1c2a4e-8b3d-4c5e-9f7a-1b2c3d4e5f60',
  appId: 'com.microsoft.Office.Outlook',
};

const device = (overrides: Partial<StoredDevice> = {}): StoredDevice => ({
  id: 'a1b2c3d4-0000-4000-8000-000000000001',
  tenantId: 'tenant',
  platform: 'ios',
  enrollmentType: 'automatedDeviceEnrollment',
  ownership: 'corporate',
  managementState: 'managed',
  complianceState: 'compliant',
  complianceDetail: null,
  compliancePolicyStates: null,
  lastSequence: 4,
  appInventoryHash: null,
  osVersion: '17.1',
  userPrincipalName: 'ada@contoso.com',
  checkInWindow: { windowStart: 0, count: 0 },
  hardwareColumns: { device_name: 'iPhone', os_version: '17.1' },
  receipt: null,
  commands: [],
  installStates: new Map(),
  ...overrides,
});

const policy = (overrides: Partial<TenantPolicy> = {}): TenantPolicy => ({
  deployedApps: [{ ...MANAGED_APP, displayName: 'Outlook', intent: 'required' }],
  assignedAppIds: new Set([MANAGED_APP.appId]),
  appListRules: [],
  compliancePolicies: [],
  compliantAppListOn: false,
  diagnosticsEnabled: false,
  ...overrides,
});

const settings = {
  now: NOW,
  rateLimit: { limit: 10, windowMs: 60_000 },
  checkInIntervalSeconds: 900,
};

const apps = (...ids: string[]) =>
  ids.map((appId) => ({ appId, displayName: appId, version: '1.0' }));

function applied(decision: CheckInDecision): { plan: WritePlan; response: CheckInResponse } {
  if (decision.kind !== 'apply') throw new Error(`expected a plan, got ${decision.kind}`);
  return decision;
}

function refusal(run: () => unknown): GraphError {
  try {
    run();
  } catch (error) {
    if (error instanceof GraphError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('decide: what a check-in writes and answers', () => {
  it('answers a repeated sequence from the receipt and plans nothing; an older one is a conflict', () => {
    const earlier = { sequence: 4, response: { deviceId: 'x', sequence: 4 } as CheckInResponse };
    expect(decide(device({ receipt: earlier }), { sequence: 4 }, policy(), settings)).toEqual({
      kind: 'replay',
      response: { deviceId: 'x', sequence: 4, replayed: true },
    });
    const stale = refusal(() =>
      decide(device({ receipt: earlier }), { sequence: 3 }, policy(), settings),
    );
    expect({ status: stale.getStatus(), target: stale.target }).toEqual({
      status: 409,
      target: 'sequence',
    });
  });

  it('refuses a check-in over the device’s rate limit, planning nothing', () => {
    const busy = device({ checkInWindow: { windowStart: NOW - (NOW % 60_000), count: 10 } });
    expect(refusal(() => decide(busy, { sequence: 5 }, policy(), settings)).getStatus()).toBe(429);
  });

  it('keeps only managed apps and the last four phone digits of a personal device, and says so', () => {
    const personal = device({ ownership: 'personal', enrollmentType: 'companyPortal' });
    const report: DeviceReport = {
      sequence: 5,
      hardware: { phoneNumber: '+46701234567' },
      apps: apps(MANAGED_APP.appId, 'com.example.game', 'com.example.dating'),
    };
    const { plan, response } = applied(decide(personal, report, policy(), settings));
    expect(plan.apps?.map((app) => app.appId)).toEqual([MANAGED_APP.appId]);
    expect(plan.deviceColumns.phone_number_last4).toBe('4567');
    expect(plan.deviceColumns.phone_number ?? null).toBeNull();
    expect(JSON.stringify(plan)).not.toContain('com.example');
    expect(JSON.stringify(plan)).not.toContain('+46701234567');
    expect(response.discarded).toEqual([
      { field: 'hardware.phoneNumber', reason: 'personalDeviceKeepsLastFourDigits' },
      { field: 'apps', reason: 'notManagedOnPersonalDevice', count: 2 },
    ]);
    expect(response.appInventory).toMatchObject({ status: 'updated', reported: 3, stored: 1 });
    expect(plan.keepsReceipt).toBe(true);
  });

  it('writes no apps when the inventory did not change, and asks for the list when only a stale hash came', () => {
    const list = apps('com.example.a', 'com.example.b');
    const known = device({ appInventoryHash: appInventoryHash(list) });
    const same = applied(decide(known, { sequence: 5, apps: list }, policy(), settings));
    expect(same.plan.apps).toBeNull();
    expect(same.response.appInventory.status).toBe('unchanged');
    const stale = applied(
      decide(known, { sequence: 5, appInventoryHash: 'f'.repeat(64) }, policy(), settings),
    );
    expect(stale.plan.apps).toBeNull();
    expect(stale.response.appInventory.status).toBe('resendRequired');
  });

  it('stores nothing else once the device acknowledges retire, and keeps no receipt', () => {
    const retire = {
      id: 'c0000000-0000-4000-8000-000000000001',
      action: 'retire' as const,
      status: 'delivered',
      parameters: null,
    };
    const report: DeviceReport = {
      sequence: 5,
      commandResults: [{ commandId: retire.id, status: 'done' }],
      hardware: { deviceName: 'renamed' },
      apps: apps('com.example.a'),
    };
    const { plan, response } = applied(
      decide(device({ commands: [retire] }), report, policy(), settings),
    );
    expect(plan).toMatchObject({
      leftManagement: true,
      keepsReceipt: false,
      apps: null,
      installStates: [],
      diagnostics: null,
      deviceColumns: { last_checkin_at: NOW, last_sequence: 5 },
      managementAnswers: [{ outcome: { ended: true, state: 'retired' } }],
    });
    expect(response.managementState).toBe('retired');
    expect(response.discarded.map((d) => d.reason)).toEqual([
      'deviceLeftManagement',
      'deviceLeftManagement',
    ]);
  });

  it('stores the whole inventory and every install state again after a wipe that kept the enrollment', () => {
    const list = apps('com.example.a');
    const wipe = {
      id: 'c0000000-0000-4000-8000-000000000002',
      action: 'wipe' as const,
      status: 'delivered',
      parameters: { keepEnrollmentData: true },
    };
    const wiped = device({
      commands: [wipe],
      appInventoryHash: appInventoryHash(list),
      installStates: new Map([[MANAGED_APP.mobileAppId, { state: 'installed', errorCode: null }]]),
    });
    const { plan, response } = applied(
      decide(
        wiped,
        {
          sequence: 5,
          commandResults: [{ commandId: wipe.id, status: 'done' }],
          apps: list,
          installStates: [
            { mobileAppId: MANAGED_APP.mobileAppId, state: 'installed', errorCode: null },
          ],
        },
        policy(),
        settings,
      ),
    );
    expect(plan.apps).toEqual(list);
    expect(plan.installStates).toHaveLength(1);
    expect(response.managementState).toBe('managed');
  });

  it('refuses install states of apps the tenant does not deploy, and locations from personal devices', () => {
    const unknown = refusal(() =>
      decide(
        device(),
        {
          sequence: 5,
          installStates: [{ mobileAppId: 'nope', state: 'installed', errorCode: null }],
        },
        policy(),
        settings,
      ),
    );
    expect(unknown.target).toBe('installStates[0].mobileAppId');
    const locate = {
      id: 'c0000000-0000-4000-8000-000000000003',
      action: 'locateDevice' as const,
      status: 'delivered',
      parameters: null,
    };
    const personal = device({ ownership: 'personal', commands: [locate] });
    const located = refusal(() =>
      decide(
        personal,
        {
          sequence: 5,
          commandResults: [
            { commandId: locate.id, status: 'done', location: { latitude: 59.3, longitude: 18.1 } },
          ],
        },
        policy(),
        settings,
      ),
    );
    expect(located.target).toBe('commandResults[0].location');
  });

  it('discards diagnostics with the tenant’s setting off; with it on, keeps the events but never their free text', () => {
    const events = [
      { type: 'crash', occurredDateTime: '2026-12-07T08:00:00Z', detail: 'Ada’s iPhone' },
    ];
    const off = applied(decide(device(), { sequence: 5, diagnostics: events }, policy(), settings));
    expect(off.plan.diagnostics).toBeNull();
    expect(off.response.discarded).toEqual([
      { field: 'diagnostics', reason: 'diagnosticsOff', count: 1 },
    ]);
    const on = applied(
      decide(
        device(),
        { sequence: 5, diagnostics: events },
        policy({ diagnosticsEnabled: true }),
        settings,
      ),
    );
    expect(on.plan.diagnostics?.events).toEqual(events);
    expect(on.response.discarded).toEqual([
      { field: 'diagnostics.detail', reason: 'freeTextNotKept', count: 1 },
    ]);
    expect(on.response.stored.diagnostics).toBe(1);
  });

  it('delivers pending and unacknowledged commands, and keeps their secrets out of the receipt', () => {
    const wipe = {
      id: 'c0000000-0000-4000-8000-000000000004',
      action: 'wipe' as const,
      status: 'pending',
      parameters: { macOsUnlockCode: '123456' },
    };
    const sync = {
      id: 'c0000000-0000-4000-8000-000000000005',
      action: 'syncDevice' as const,
      status: 'delivered',
      parameters: null,
    };
    const { plan, response } = applied(
      decide(
        device({ platform: 'macos', commands: [wipe, sync] }),
        { sequence: 5 },
        policy(),
        settings,
      ),
    );
    expect(plan.delivered).toEqual([wipe.id]);
    expect(response.commands.map((c) => c.commandId)).toEqual([wipe.id, sync.id]);
    expect(response.commands[0].parameters).toEqual({ macOsUnlockCode: '123456' });
    expect(JSON.stringify(receiptOf(response))).not.toContain('123456');
  });

  describe('complianceState from compliance policies and compliant-app lists', () => {
    const passcode = {
      id: 'p-passcode',
      version: 2,
      platform: 'ios' as const,
      settings: { passcodeRequired: true },
    };
    const minimumOs = {
      id: 'p-os',
      version: 1,
      platform: 'ios' as const,
      settings: { osMinimumVersion: '17.0' },
    };
    const prohibited = {
      appListType: 'appsNotInListCompliant' as const,
      apps: [{ appId: 'com.king.candycrushsaga' }],
    };

    it('is noncompliant when one of several policies is, and stores each policy’s result', () => {
      const { plan, response } = applied(
        decide(
          device({ complianceState: 'unknown' }),
          { sequence: 5, security: { passcodePresent: false } },
          policy({ compliancePolicies: [passcode, minimumOs] }),
          settings,
        ),
      );
      expect(response.complianceState).toBe('noncompliant');
      expect(JSON.parse(plan.deviceColumns.compliance_policy_states as string)).toEqual({
        evaluatedAt: NOW,
        security: { passcodePresent: false },
        policies: [
          {
            policyId: 'p-passcode',
            version: 2,
            state: 'nonCompliant',
            settings: [
              { setting: 'passcodeRequired', state: 'nonCompliant', currentValue: 'false' },
            ],
          },
          {
            policyId: 'p-os',
            version: 1,
            state: 'compliant',
            settings: [{ setting: 'osMinimumVersion', state: 'compliant', currentValue: '17.1' }],
          },
        ],
      });
    });

    it('is noncompliant for a prohibited app even when every policy is met, naming the app', () => {
      const { plan, response } = applied(
        decide(
          device(),
          {
            sequence: 5,
            security: { passcodePresent: true },
            apps: apps('com.king.candycrushsaga'),
          },
          policy({
            compliancePolicies: [passcode],
            appListRules: [prohibited],
            compliantAppListOn: true,
          }),
          settings,
        ),
      );
      expect(response.complianceState).toBe('noncompliant');
      expect(JSON.parse(plan.deviceColumns.compliance_detail as string)).toMatchObject({
        offendingApp: { appId: 'com.king.candycrushsaga' },
      });
    });

    it('re-evaluates a changed policy from the last reported state, and writes nothing when no result changed', () => {
      const stored = JSON.stringify({
        evaluatedAt: NOW - 1000,
        security: { passcodePresent: true },
        policies: [
          {
            policyId: 'p-passcode',
            version: 2,
            state: 'compliant',
            settings: [{ setting: 'passcodeRequired', state: 'compliant', currentValue: 'true' }],
          },
        ],
      });
      const same = applied(
        decide(
          device({ compliancePolicyStates: stored }),
          { sequence: 5 },
          policy({ compliancePolicies: [passcode] }),
          settings,
        ),
      );
      expect(same.plan.deviceColumns).not.toHaveProperty('compliance_policy_states');
      expect(same.plan.deviceColumns).not.toHaveProperty('compliance_state');

      const raised = applied(
        decide(
          device({ compliancePolicyStates: stored, osVersion: '16.7' }),
          { sequence: 5 },
          policy({ compliancePolicies: [passcode, minimumOs] }),
          settings,
        ),
      );
      expect(raised.response.complianceState).toBe('noncompliant');
    });

    it('takes a steady check-in’s results from storage under the same policy versions; a new version, a new OS or a reported state is evaluated again', () => {
      // Stored as met; evaluated now, the stored state (no passcode) would break the policy.
      const stored = JSON.stringify({
        evaluatedAt: NOW - 1000,
        security: { passcodePresent: false },
        policies: [{ policyId: 'p-passcode', version: 2, state: 'compliant', settings: [] }],
      });
      const steady = (policyVersion: number, report: Partial<DeviceReport> = {}) =>
        applied(
          decide(
            device({ compliancePolicyStates: stored, complianceState: 'compliant' }),
            { sequence: 5, ...report },
            policy({ compliancePolicies: [{ ...passcode, version: policyVersion }] }),
            settings,
          ),
        ).response.complianceState;
      expect(steady(2)).toBe('compliant');
      expect(steady(3)).toBe('noncompliant');
      expect(steady(2, { security: { passcodePresent: false } })).toBe('noncompliant');
      expect(steady(2, { hardware: { osVersion: '17.5' } })).toBe('noncompliant');
    });

    it('keeps today’s behaviour without policies: only a reported app list changes the state', () => {
      const { plan, response } = applied(
        decide(
          device({ complianceState: 'unknown' }),
          { sequence: 5, security: { passcodePresent: false } },
          policy(),
          settings,
        ),
      );
      expect(plan.deviceColumns).not.toHaveProperty('compliance_state');
      expect(plan.deviceColumns).not.toHaveProperty('compliance_policy_states');
      expect(response.discarded).toEqual([{ field: 'security', reason: 'noCompliancePolicy' }]);
    });

    it('refuses a security state the platform cannot report, naming it', () => {
      const error = refusal(() =>
        decide(device(), { sequence: 5, security: { bitLockerEnabled: true } }, policy(), settings),
      );
      expect(error.message).toContain("'security.bitLockerEnabled'");
    });
  });
});
