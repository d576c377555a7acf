import { createHash } from 'node:crypto';
import { AppleCommandRequest, ManagedAppStatus } from '../../src/device-channel/contract/apple-mdm';
import { PlistValue } from '../../src/device-channel/contract/apple-plist';
import { AppleApp, AppleDeviceFacts } from './device-facts';

/**
 * What the App Store would deliver for a bundle id: the apps the scenarios install, and for any
 * other id an app named after it (the simulated store knows every app).
 */
const APP_STORE: Readonly<Record<string, Omit<AppleApp, 'identifier' | 'managed'>>> = {
  'com.microsoft.Office.Outlook': {
    name: 'Outlook',
    shortVersion: '4.2451.0',
    version: '4.2451.0',
    bundleSize: 310_000_000,
  },
  'com.microsoft.skype.teams': {
    name: 'Microsoft Teams',
    shortVersion: '6.25.1',
    version: '6.25.1',
    bundleSize: 260_000_000,
  },
  'com.microsoft.azureauthenticator': {
    name: 'Authenticator',
    shortVersion: '6.8.18',
    version: '6.8.18',
    bundleSize: 120_000_000,
  },
  'com.microsoft.Outlook': {
    name: 'Microsoft Outlook',
    shortVersion: '16.92',
    version: '16.92.24120731',
    bundleSize: 2_100_000_000,
  },
};

function fromStore(identifier: string): AppleApp {
  const known = APP_STORE[identifier];
  return {
    identifier,
    managed: true,
    ...(known ?? {
      name: identifier.split('.').pop() ?? identifier,
      shortVersion: '1.0',
      version: '1',
      bundleSize: 50_000_000,
    }),
  };
}

type Answer = Record<string, PlistValue>;
type InstallCommand = Extract<AppleCommandRequest, { RequestType: 'InstallApplication' }>;

/**
 * The apps MDM installed on a simulated device, as the device keeps them across the fleet's changes
 * to its own apps: an accepted install is `Installing` until the device handles its next command,
 * then `Managed` — or `Failed`, for the share of installs the device's `installFailureRate` says
 * (a download or a licence that did not work out), decided by a hash of the device, the app and the
 * attempt, so that a run can be repeated. Statuses and answers as Apple's schema gives them
 * (mdm/commands/application.install.yaml, application.remove.yaml, application.managed.list.yaml).
 */
export class ManagedAppsOnDevice {
  private readonly installs = new Map<
    string,
    { app: AppleApp; status: ManagedAppStatus; fails: boolean }
  >();
  /** Apps MDM removed: gone from the device, whatever the fleet's list says. */
  private readonly removed = new Set<string>();
  private attempts = 0;

  /** An accepted install finishes (or fails) by the time the device handles its next command. */
  settle(): void {
    for (const install of this.installs.values()) {
      if (install.status === 'Installing') install.status = install.fails ? 'Failed' : 'Managed';
    }
  }

  /** The apps installed on the device now: its own, and those MDM installed. */
  installed(facts: AppleDeviceFacts): AppleApp[] {
    const own = facts.apps
      .filter((app) => !this.removed.has(app.identifier))
      .map((app) =>
        this.installs.get(app.identifier)?.status === 'Managed' ? { ...app, managed: true } : app,
      );
    const ownIds = new Set(own.map((app) => app.identifier));
    const delivered = [...this.installs.values()]
      .filter((install) => install.status === 'Managed' && !ownIds.has(install.app.identifier))
      .map((install) => install.app);
    return [...own, ...delivered];
  }

  /** ManagedApplicationList's dictionary: each managed app and where its installation stands. */
  managedList(facts: AppleDeviceFacts, identifiers: readonly string[] | undefined): Answer {
    const list: Answer = {};
    for (const app of this.installed(facts).filter((app) => app.managed)) {
      list[app.identifier] = { Status: 'Managed', ManagementFlags: 1 };
    }
    for (const [identifier, install] of this.installs) {
      if (install.status !== 'Managed') list[identifier] = { Status: install.status };
    }
    if (!identifiers) return list;
    return Object.fromEntries(Object.entries(list).filter(([id]) => identifiers.includes(id)));
  }

  install(facts: AppleDeviceFacts, command: InstallCommand, deviceId: string): Answer {
    const identifier = command.Identifier;
    // This simulated store looks apps up by bundle id only.
    if (!identifier) return { Status: 'CommandFormatError' };
    if (facts.locked) return { Status: 'NotNow' };
    const current = this.installed(facts).find((app) => app.identifier === identifier);
    if (current?.managed)
      return { Status: 'Acknowledged', Identifier: identifier, State: 'Managed' };
    if (current) {
      // The user installed it: management takes it over only when asked to (and allowed).
      if (command.ChangeManagementState !== 'Managed' || facts.kind === 'user') {
        return { Status: 'Acknowledged', RejectionReason: 'AppAlreadyInstalled' };
      }
      this.removed.delete(identifier);
      this.installs.set(identifier, {
        app: { ...current, managed: true },
        status: 'Managed',
        fails: false,
      });
      return { Status: 'Acknowledged', Identifier: identifier, State: 'Managed' };
    }
    this.attempts += 1;
    const roll =
      createHash('sha256')
        .update(`${deviceId}:${identifier}:${this.attempts}`)
        .digest()
        .readUInt32BE(0) / 0x1_0000_0000;
    this.removed.delete(identifier);
    this.installs.set(identifier, {
      app: fromStore(identifier),
      status: 'Installing',
      fails: roll < (facts.installFailureRate ?? 0),
    });
    return { Status: 'Acknowledged', Identifier: identifier, State: 'Installing' };
  }

  remove(facts: AppleDeviceFacts, identifier: string): Answer {
    const app = this.installed(facts).find((candidate) => candidate.identifier === identifier);
    if (!app?.managed && !this.installs.has(identifier)) {
      return {
        Status: 'Error',
        ErrorChain: [
          {
            ErrorCode: 12029,
            ErrorDomain: 'MCMDMErrorDomain',
            LocalizedDescription: 'The app is not managed.',
            USEnglishDescription: 'The app is not managed.',
          },
        ],
      };
    }
    this.installs.delete(identifier);
    this.removed.add(identifier);
    return { Status: 'Acknowledged' };
  }
}
