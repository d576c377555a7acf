import { appInventoryHash } from '../../src/device-channel/contract/app-inventory-hash';
import type { DeployedApp } from '../../src/device-channel/contract/device-channel.types';
import type {
  CheckInResponse,
  DeliveredCommand,
} from '../../src/device-channel/contract/device-channel.types';
import { ENROLLMENT_MODES } from '../fleet/catalog/platform-facts';
import { generateFleet, SimulatedDevice } from '../fleet';
import {
  absorbCheckIn,
  assumeServerHasReport,
  buildCheckIn,
  carryOut,
  DeviceMemory,
  installStateOf,
  newMemory,
  SentCheckIn,
} from './device-behaviour';
import { newDeviceRecord } from './device-record';

const { plan, devices } = generateFleet({ seed: 17, size: 160, longTailAppsPerPlatform: 200 });
const now = new Date('2025-06-01T10:00:00Z');

function enrolledMemory(
  device: SimulatedDevice,
  directives: Partial<{
    appInventory: 'all' | 'managedOnly';
    diagnostics: 'on' | 'off';
    securityState: 'on' | 'off';
  }> = {},
  unfiltered = false,
): DeviceMemory {
  const record = newDeviceRecord(device.index, 0);
  Object.assign(record, {
    status: 'enrolled',
    deviceId: 'd',
    deviceCredential: 'c',
    ownership: device.ownership === 'corporate' ? 'corporate' : 'personal',
    appInventory: directives.appInventory ?? 'all',
    diagnostics: directives.diagnostics ?? 'off',
    securityState: directives.securityState ?? 'off',
    platform: device.platform,
  });
  return newMemory(record, device, unfiltered);
}

function answerTo(
  sent: SentCheckIn,
  overrides: Partial<CheckInResponse> = {},
  status: CheckInResponse['appInventory']['status'] = sent.fullList ? 'updated' : 'unchanged',
): CheckInResponse {
  return {
    deviceId: 'd',
    sequence: sent.body.sequence,
    receivedDateTime: now.toISOString(),
    ownership: 'corporate',
    managementState: 'managed',
    complianceState: 'compliant',
    directives: {
      appInventory: 'all',
      phoneNumber: 'full',
      diagnostics: 'off',
      securityState: 'off',
      checkInIntervalSeconds: 900,
    },
    deployedApps: [],
    commands: [],
    appInventory: { status, reported: 0, stored: 0, added: 0, removed: 0 },
    stored: { hardwareFieldsChanged: [], installStates: 0, commandResults: 0, diagnostics: 0 },
    discarded: [],
    ...overrides,
  };
}

const command = (
  action: DeliveredCommand['action'],
  parameters = null as never,
): DeliveredCommand => ({
  commandId: `00000000-0000-4000-8000-00000000000${action.length % 10}`,
  action,
  parameters,
});

const ios = devices.find((d) => d.platform === 'ios' && d.ownership === 'corporate')!;
const deployedFor = (platform: SimulatedDevice['platform']): DeployedApp[] =>
  platform === 'ios'
    ? [
        {
          mobileAppId: '11111111-1111-4111-8111-111111111111',
          appId: 'com.microsoft.Office.Outlook',
          displayName: 'Outlook',
          intent: 'required',
        },
        {
          mobileAppId: '22222222-2222-4222-8222-222222222222',
          appId: 'com.contoso.expenses',
          displayName: 'Contoso Expenses',
          intent: 'required',
        },
      ]
    : [
        {
          mobileAppId: '33333333-3333-4333-8333-333333333333',
          appId: 'com.contoso.field',
          displayName: 'Contoso Field',
          intent: 'required',
        },
      ];

describe('a simulated device’s check-ins', () => {
  it('sends the full list first, then only its hash while nothing changed', () => {
    const memory = enrolledMemory(ios);
    const first = buildCheckIn(plan, memory, [], 1, now);
    expect(first.fullList).toBe(true);
    expect(first.body.apps).toEqual(ios.apps);
    expect(first.body.appInventoryHash).toBeUndefined();
    absorbCheckIn(memory, first, answerTo(first));

    const second = buildCheckIn(plan, memory, [], 2, now);
    expect(second.body.apps).toBeUndefined();
    expect(second.body.appInventoryHash).toBe(appInventoryHash(ios.apps));
    absorbCheckIn(memory, second, answerTo(second));

    memory.device = { ...ios, apps: ios.apps.slice(1) };
    const third = buildCheckIn(plan, memory, [], 3, now);
    expect(third.body.apps).toEqual(ios.apps.slice(1));
  });

  it('sends the full list again at once when the server asks for it', () => {
    const memory = enrolledMemory(ios);
    const first = buildCheckIn(plan, memory, [], 1, now);
    absorbCheckIn(memory, first, answerTo(first));
    const hashOnly = buildCheckIn(plan, memory, [], 2, now);
    const absorbed = absorbCheckIn(memory, hashOnly, answerTo(hashOnly, {}, 'resendRequired'));
    expect(absorbed.followUp).toBe(true);
    expect(buildCheckIn(plan, memory, [], 3, now).body.apps).toHaveLength(ios.apps.length);
  });

  it('after a resume, assumes the server has its last list: the hash if unchanged, else the list', () => {
    const memory = enrolledMemory(ios);
    memory.record.inventoryReported = true;
    assumeServerHasReport(plan, memory, []);
    const sent = buildCheckIn(plan, memory, [], 40, now);
    expect(sent.body.apps).toBeUndefined();
    expect(sent.body.appInventoryHash).toBe(appInventoryHash(ios.apps));

    const churned = enrolledMemory(ios);
    churned.record.inventoryReported = true;
    assumeServerHasReport(plan, churned, []);
    churned.device = { ...ios, apps: ios.apps.slice(2) };
    expect(buildCheckIn(plan, churned, [], 40, now).body.apps).toEqual(ios.apps.slice(2));

    const never = enrolledMemory(ios);
    assumeServerHasReport(plan, never, []);
    expect(buildCheckIn(plan, never, [], 1, now).body.apps).toEqual(ios.apps);
  });

  it('reports only deployed apps when the directive says managedOnly', () => {
    const personal = devices.find((d) => d.platform === 'ios' && d.ownership === 'personal')!;
    const memory = enrolledMemory(personal, { appInventory: 'managedOnly' });
    const deployed = deployedFor('ios');
    const sent = buildCheckIn(plan, memory, deployed, 1, now);
    const installed = deployed.filter(
      (app) => installStateOf(plan, memory.record, app) === 'installed',
    );
    expect(sent.body.apps!.map((app) => app.appId).sort()).toEqual(
      installed.map((app) => app.appId).sort(),
    );
    expect(personal.apps.length).toBeGreaterThan(installed.length);
  });

  it('reports everything, whatever the directive, from an unfiltered agent', () => {
    const personal = devices.find((d) => d.platform === 'ios' && d.ownership === 'personal')!;
    const memory = enrolledMemory(personal, { appInventory: 'managedOnly' }, true);
    const sent = buildCheckIn(plan, memory, deployedFor('ios'), 1, now);
    for (const app of personal.apps) expect(sent.body.apps).toContainEqual(app);
  });

  it('installs required deployed apps and reports their install state when it changes', () => {
    const memory = enrolledMemory(ios);
    const deployed = deployedFor('ios');
    const first = buildCheckIn(plan, memory, deployed, 1, now);
    expect(first.body.installStates!.map((s) => s.mobileAppId)).toEqual(
      deployed.map((app) => app.mobileAppId),
    );
    for (const state of first.body.installStates!) {
      const app = deployed.find((a) => a.mobileAppId === state.mobileAppId)!;
      const present = first.body.apps!.some((a) => a.appId === app.appId);
      expect(present).toBe(
        state.state === 'installed' || ios.apps.some((a) => a.appId === app.appId),
      );
    }
    absorbCheckIn(memory, first, answerTo(first));
    expect(buildCheckIn(plan, memory, deployed, 2, now).body.installStates).toBeUndefined();
  });

  it('installs a share of available apps, and required ones almost always', () => {
    const states = { required: new Map<string, number>(), available: new Map<string, number>() };
    for (const device of devices) {
      const record = newDeviceRecord(device.index, 0);
      for (const intent of ['required', 'available'] as const) {
        const state = installStateOf(plan, record, {
          mobileAppId: 'x',
          appId: 'com.contoso.app',
          displayName: 'App',
          intent,
        });
        states[intent].set(state, (states[intent].get(state) ?? 0) + 1);
      }
    }
    expect(states.required.get('installed')).toBeGreaterThan(devices.length * 0.9);
    expect(states.required.get('notInstalled')).toBeUndefined();
    expect(states.available.get('installed')).toBeGreaterThan(devices.length * 0.15);
    expect(states.available.get('installed')).toBeLessThan(devices.length * 0.6);
  });

  it('puts every reported app of an Android work profile in the work profile', () => {
    const workProfile = devices.find((d) => ENROLLMENT_MODES[d.enrollmentType].workProfile)!;
    const memory = enrolledMemory(workProfile);
    const sent = buildCheckIn(plan, memory, deployedFor('android'), 1, now);
    expect(sent.body.apps!.length).toBeGreaterThan(0);
    for (const app of sent.body.apps!) expect(app.profile).toBe('work');
  });

  it('sends only the hardware fields that changed', () => {
    const memory = enrolledMemory(ios);
    expect(buildCheckIn(plan, memory, [], 1, now).body.hardware).toBeUndefined();
    memory.changedHardware.add('ipAddress');
    const sent = buildCheckIn(plan, memory, [], 2, now);
    expect(sent.body.hardware).toEqual({ ipAddress: ios.hardware.ipAddress });
    absorbCheckIn(memory, sent, answerTo(sent));
    expect(buildCheckIn(plan, memory, [], 3, now).body.hardware).toBeUndefined();
  });

  it('sends diagnostics only when the directive says on', () => {
    const off = enrolledMemory(ios, { diagnostics: 'off' });
    off.lastLatencyMs = 12;
    for (let sequence = 1; sequence < 50; sequence++)
      expect(buildCheckIn(plan, off, [], sequence, now).body.diagnostics).toBeUndefined();
    const on = enrolledMemory(ios, { diagnostics: 'on' });
    on.lastLatencyMs = 12.4;
    expect(buildCheckIn(plan, on, [], 1, now).body.diagnostics).toContainEqual({
      type: 'checkInLatency',
      occurredDateTime: now.toISOString(),
      value: 12,
    });
  });

  it('sends its security state only when the directive says on, the same at every check-in', () => {
    const off = enrolledMemory(ios, { securityState: 'off' });
    expect(buildCheckIn(plan, off, [], 1, now).body.security).toBeUndefined();
    const on = enrolledMemory(ios, { securityState: 'on' });
    const first = buildCheckIn(plan, on, [], 1, now).body.security;
    expect(first).toEqual({
      passcodePresent: expect.any(Boolean),
      storageEncrypted: expect.any(Boolean),
      jailBroken: expect.any(Boolean),
    });
    expect(buildCheckIn(plan, on, [], 2, now).body.security).toEqual(first);
  });

  it('learns the directives and ownership the server answers with', () => {
    const memory = enrolledMemory(ios);
    const sent = buildCheckIn(plan, memory, [], 1, now);
    absorbCheckIn(
      memory,
      sent,
      answerTo(sent, {
        ownership: 'personal',
        directives: {
          appInventory: 'managedOnly',
          phoneNumber: 'last4',
          diagnostics: 'on',
          securityState: 'on',
          checkInIntervalSeconds: 60,
        },
      }),
    );
    expect(memory.record).toMatchObject({
      ownership: 'personal',
      appInventory: 'managedOnly',
      diagnostics: 'on',
    });
    expect(memory.checkInIntervalSeconds).toBe(60);
  });
});

describe('commands', () => {
  const deliver = (memory: DeviceMemory, commands: DeliveredCommand[]) => {
    const sent = buildCheckIn(plan, memory, [], memory.record.sequence + 1, now);
    memory.record.sequence++;
    return { sent, absorbed: absorbCheckIn(memory, sent, answerTo(sent, { commands })) };
  };

  it('are carried out once, answered in the next check-in, and forgotten once accepted', () => {
    const memory = enrolledMemory(ios);
    const reboot = command('rebootNow');
    const { absorbed } = deliver(memory, [reboot]);
    expect(absorbed).toMatchObject({ commands: [reboot], followUp: true });
    expect(carryOut(plan, memory, reboot, now)).toEqual({
      commandId: reboot.commandId,
      status: 'done',
    });
    // Delivered again before the answer got through: not carried out twice.
    const again = deliver(memory, [reboot]);
    expect(again.absorbed.commands).toEqual([]);
    expect(again.sent.body.commandResults).toEqual([
      { commandId: reboot.commandId, status: 'done' },
    ]);
    expect(buildCheckIn(plan, memory, [], 9, now).body.commandResults).toBeUndefined();
  });

  it('sync asks for the full inventory at once', () => {
    const memory = enrolledMemory(ios);
    const first = buildCheckIn(plan, memory, [], 1, now);
    absorbCheckIn(memory, first, answerTo(first));
    carryOut(plan, memory, command('syncDevice'), now);
    expect(buildCheckIn(plan, memory, [], 2, now).body.apps).toHaveLength(ios.apps.length);
  });

  it('locate reports a location from a corporate device only', () => {
    const corporate = enrolledMemory(ios);
    const located = carryOut(plan, corporate, command('locateDevice'), now);
    expect(located.status).toBe('done');
    expect(located.location!.latitude).toBeGreaterThan(-90);
    expect(located.location!.accuracyInMeters).toBeGreaterThan(0);
    const personal = enrolledMemory(ios);
    personal.record.ownership = 'personal';
    const refused = carryOut(plan, personal, command('locateDevice'), now);
    expect(refused.status).toBe('failed');
    expect(refused.location).toBeUndefined();
  });

  it('retire ends the enrollment once the server has the acknowledgement', () => {
    const memory = enrolledMemory(ios);
    const retire = command('retire');
    carryOut(plan, memory, retire, now);
    const sent = buildCheckIn(plan, memory, [], 5, now);
    expect(sent.body.commandResults).toEqual([{ commandId: retire.commandId, status: 'done' }]);
    const absorbed = absorbCheckIn(
      memory,
      sent,
      answerTo(sent, { commands: [command('rebootNow')] }),
    );
    expect(absorbed).toEqual({
      commands: [],
      ended: { action: 'retire', commandId: retire.commandId },
      followUp: false,
    });
  });

  it('wipe says whether the enrollment is kept', () => {
    const memory = enrolledMemory(ios);
    carryOut(plan, memory, command('wipe'), now);
    expect(memory.ending).toMatchObject({ action: 'wipe', keepEnrollment: false });
    carryOut(plan, memory, { ...command('wipe'), parameters: { keepEnrollmentData: true } }, now);
    expect(memory.ending).toMatchObject({ action: 'wipe', keepEnrollment: true });
  });

  it('an unknown action is answered as failed', () => {
    const memory = enrolledMemory(ios);
    const result = carryOut(
      plan,
      memory,
      { ...command('rebootNow'), action: 'selfDestruct' as never },
      now,
    );
    expect(result).toMatchObject({ status: 'failed' });
    expect(memory.ending).toBeNull();
  });
});
