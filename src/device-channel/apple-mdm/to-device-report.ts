import { Platform } from '../../rules';
import { InstallState } from '../../platform/database/entities/managed-app-install-state.entity';
import {
  CheckInHardware as CheckInHardwareDto,
  CheckInRequest as CheckInDto,
  CommandResult as CommandResultDto,
  EnrollRequest as EnrollDto,
  InstallStateReport as InstallStateReportDto,
  ReportedApp as ReportedAppDto,
} from '../json/messages';
import {
  AppleEnrollmentKind,
  AppleRequestType,
  AuthenticateMessage,
  INSTALL_REJECTION_REASONS,
  ManagedAppStatus,
  MANAGED_APP_STATUSES,
} from '../contract/apple-mdm';
import {
  asDict,
  CommandReport,
  MessageProblem,
  optionalArray,
  optionalBoolean,
  optionalNumber,
  optionalString,
} from './messages';

/**
 * The one place where Apple's messages become what the device channel stores: Authenticate becomes
 * the enrollment, and the answers to DeviceInformation, SecurityInfo, InstalledApplicationList,
 * ManagedApplicationList, InstallApplication, RemoveApplication and the remote actions become a
 * check-in (docs/apple-mdm.md). Pure: the
 * service hands it what it looked up and calls the enrollment and check-in services with the result.
 */

/** Apple reports capacities in gigabytes (decimal, as the Finder and Settings show them). */
const BYTES_PER_GB = 1e9;

export const APPLE_ENROLLMENT_TYPES = {
  device: 'automatedDeviceEnrollment',
  user: 'appleUserEnrollment',
} as const satisfies Record<AppleEnrollmentKind, EnrollDto['enrollmentType']>;

/** iPhone, iPad and iPod product names are iOS/iPadOS; every other Apple product name here is a Mac. */
export function platformOf(productName: string | undefined, modelName?: string): Platform | null {
  const name = productName ?? modelName;
  if (!name) return null;
  if (/^(iPhone|iPad|iPod)/.test(name)) return 'ios';
  if (/^(Mac|iMac|MacBook)/.test(name) || /^Mac/.test(modelName ?? '')) return 'macos';
  return null;
}

/**
 * The enrollment, from Authenticate. An iPhone's Authenticate carries no device name (Apple sends
 * DeviceName, ModelName and Model only from Macs): until DeviceInformation answers, its product name
 * stands in, as it does in Apple's own device lists.
 */
export function enrollmentOf(message: AuthenticateMessage, kind: AppleEnrollmentKind): EnrollDto {
  const platform = platformOf(message.ProductName, message.ModelName);
  if (!platform) {
    throw new MessageProblem(
      'ProductName',
      "Invalid field 'ProductName': not an iPhone, iPad or Mac product name.",
    );
  }
  if (!message.OSVersion) {
    throw new MessageProblem('OSVersion', "Invalid field 'OSVersion': is required.");
  }
  const model = message.ProductName ?? message.Model ?? (message.ModelName as string);
  const hardware: EnrollDto['hardware'] = {
    deviceName: message.DeviceName ?? model,
    manufacturer: 'Apple',
    model,
    osVersion: message.OSVersion,
  };
  copyPresent(hardware, {
    serialNumber: message.SerialNumber,
    udid: message.UDID,
    imei: message.IMEI,
    meid: message.MEID,
  });
  return { platform, enrollmentType: APPLE_ENROLLMENT_TYPES[kind], hardware } as EnrollDto;
}

/** Where each hardware field comes from in Apple's answer, for errors that name Apple's key. */
export const APPLE_KEY_OF_FIELD: Record<string, string> = {
  'hardware.deviceName': 'QueryResponses.DeviceName',
  'hardware.model': 'QueryResponses.ProductName',
  'hardware.osVersion': 'QueryResponses.OSVersion',
  'hardware.serialNumber': 'QueryResponses.SerialNumber',
  'hardware.udid': 'QueryResponses.UDID',
  'hardware.imei': 'QueryResponses.IMEI',
  'hardware.imei2': 'QueryResponses.ServiceSubscriptions.IMEI',
  'hardware.meid': 'QueryResponses.MEID',
  'hardware.iccid': 'QueryResponses.ICCID',
  'hardware.eid': 'QueryResponses.ServiceSubscriptions.EID',
  'hardware.phoneNumber': 'QueryResponses.PhoneNumber',
  'hardware.subscriberCarrier': 'QueryResponses.SubscriberCarrierNetwork',
  'hardware.wiFiMacAddress': 'QueryResponses.WiFiMAC',
  'hardware.ethernetMacAddress': 'QueryResponses.EthernetMAC',
  'hardware.totalStorageSpaceInBytes': 'QueryResponses.DeviceCapacity',
  'hardware.freeStorageSpaceInBytes': 'QueryResponses.AvailableDeviceCapacity',
  'security.passcodePresent': 'SecurityInfo.PasscodePresent',
  'security.storageEncrypted': 'SecurityInfo.FDE_Enabled',
  'security.systemIntegrityProtectionEnabled': 'SecurityInfo.SystemIntegrityProtectionEnabled',
  'security.firewallEnabled': 'SecurityInfo.FirewallSettings.FirewallEnabled',
};

/** The command a result answers, as the service found it in the device's queue. */
export interface AnsweredCommand {
  requestType: AppleRequestType;
  /** The Graph remote action this command carries out, if any. */
  remoteActionId: string | null;
  /** The bundle id of an InstallApplication or RemoveApplication. */
  appIdentifier?: string | null;
}

/** The tenant's deployed apps by bundle id, to name the apps of ManagedApplicationList and of app commands by their Graph id. */
export type DeployedAppsByBundleId = ReadonlyMap<string, string>;

/** A check-in body (without its sequence) for one message on the ServerURL. */
export type AppleCheckIn = Omit<CheckInDto, 'sequence'>;

export function checkInOf(
  report: CommandReport,
  command: AnsweredCommand | null,
  deployedApps: DeployedAppsByBundleId,
): AppleCheckIn {
  if (!command || report.status === 'NotNow') return {};
  const checkIn: AppleCheckIn = {};
  if (command.appIdentifier) {
    const installState = appCommandInstallState(report, command.requestType, command.appIdentifier);
    const mobileAppId = deployedApps.get(command.appIdentifier);
    if (installState && mobileAppId) checkIn.installStates = [{ mobileAppId, ...installState }];
  }
  if (report.status === 'Acknowledged') {
    switch (command.requestType) {
      case 'DeviceInformation':
        checkIn.hardware = hardwareOf(asDict(report.body.QueryResponses ?? {}, 'QueryResponses'));
        break;
      case 'InstalledApplicationList':
        checkIn.apps = appsOf(report.body);
        break;
      case 'ManagedApplicationList':
        checkIn.installStates = installStatesOf(report.body, deployedApps);
        break;
      case 'SecurityInfo':
        checkIn.security = securityOf(asDict(report.body.SecurityInfo ?? {}, 'SecurityInfo'));
        break;
    }
  }
  if (command.remoteActionId) {
    checkIn.commandResults = [commandResultOf(report, command.requestType, command.remoteActionId)];
  }
  return checkIn;
}

/**
 * DeviceInformation's QueryResponses as hardware inventory. Cellular identifiers follow the rule
 * Intune applies to dual-SIM iPhones: the first SIM slot, then the second, then the deprecated
 * top-level keys of devices without ServiceSubscriptions. Keys the inventory has no field for
 * (IsSupervised, BatteryLevel, BluetoothMAC, …) are not kept.
 */
export function hardwareOf(responses: Record<string, unknown>): CheckInHardwareDto {
  const path = (key: string) => `QueryResponses.${key}`;
  const text = (key: string) => nonEmpty(optionalString(responses, key, path(key)));
  const subscriptions = (
    optionalArray(responses, 'ServiceSubscriptions', path('ServiceSubscriptions')) ?? []
  )
    .map((item, index) => {
      const at = `${path('ServiceSubscriptions')}[${index}]`;
      const sim = asDict(item, at);
      const field = (key: string) => nonEmpty(optionalString(sim, key, `${at}.${key}`));
      return {
        slot: field('Slot') ?? '',
        iccid: field('ICCID'),
        eid: field('EID'),
        imei: field('IMEI'),
        meid: field('MEID'),
        phoneNumber: field('PhoneNumber'),
        carrier: field('SubscriberCarrierNetwork') ?? field('CurrentCarrierNetwork'),
      };
    })
    .sort((a, b) => slotOrder(a.slot) - slotOrder(b.slot));
  const fromSims = <K extends keyof (typeof subscriptions)[number]>(key: K, topLevel?: string) =>
    subscriptions.map((sim) => sim[key]).find((value) => value !== undefined) ??
    (topLevel ? text(topLevel) : undefined);
  const imeis = subscriptions
    .map((sim) => sim.imei)
    .filter((imei): imei is string => imei !== undefined);
  const imei = imeis[0] ?? text('IMEI');
  const imei2 = imeis.find((other) => compact(other) !== compact(imei ?? ''));
  const capacity = (key: string) => {
    const gigabytes = optionalNumber(responses, key, path(key));
    return gigabytes === undefined || gigabytes < 0
      ? undefined
      : Math.round(gigabytes * BYTES_PER_GB);
  };
  const phoneNumber = fromSims('phoneNumber', 'PhoneNumber');
  const hardware: CheckInHardwareDto = {};
  copyPresent(hardware, {
    deviceName: text('DeviceName'),
    model: text('ProductName'),
    osVersion: text('OSVersion'),
    serialNumber: text('SerialNumber'),
    udid: text('UDID'),
    imei,
    imei2,
    meid: fromSims('meid', 'MEID'),
    iccid: fromSims('iccid', 'ICCID'),
    eid: fromSims('eid'),
    phoneNumber: phoneNumber === undefined ? undefined : e164(phoneNumber),
    subscriberCarrier:
      fromSims('carrier', 'SubscriberCarrierNetwork') ?? text('CurrentCarrierNetwork'),
    wiFiMacAddress: text('WiFiMAC'),
    ethernetMacAddress: text('EthernetMAC'),
    totalStorageSpaceInBytes: capacity('DeviceCapacity'),
    freeStorageSpaceInBytes: capacity('AvailableDeviceCapacity'),
  });
  // Read so that a wrongly typed answer is refused like any other key the server looks at.
  optionalBoolean(responses, 'IsSupervised', path('IsSupervised'));
  return hardware;
}

/**
 * SecurityInfo's answer as the device's security state (mdm/commands/information.security.yaml):
 * - `PasscodePresent` → passcodePresent (iOS; Apple withholds it under User Enrollment, so such a
 *   device reports no passcode state and a passcode setting evaluates as unknown);
 * - storageEncrypted: a Mac's `FDE_Enabled` (FileVault); on iOS data protection, which Apple defines
 *   as `HardwareEncryptionCaps` 3 with `PasscodePresent` true;
 * - `SystemIntegrityProtectionEnabled`, `FirewallSettings.FirewallEnabled` (macOS).
 * Apple's protocol reports no jailbreak (Intune learns it from its own app): jailBroken stays unreported.
 */
export function securityOf(info: Record<string, unknown>): NonNullable<AppleCheckIn['security']> {
  const path = (key: string) => `SecurityInfo.${key}`;
  const flag = (dict: Record<string, unknown>, key: string, at = path(key)) =>
    optionalBoolean(dict, key, at);
  const passcodePresent = flag(info, 'PasscodePresent');
  const caps = optionalNumber(info, 'HardwareEncryptionCaps', path('HardwareEncryptionCaps'));
  const fileVault = flag(info, 'FDE_Enabled');
  const firewall =
    info.FirewallSettings === undefined
      ? undefined
      : flag(
          asDict(info.FirewallSettings, path('FirewallSettings')),
          'FirewallEnabled',
          path('FirewallSettings.FirewallEnabled'),
        );
  const dataProtection =
    caps === undefined || passcodePresent === undefined ? undefined : caps === 3 && passcodePresent;
  const security: NonNullable<AppleCheckIn['security']> = {};
  copyPresent(security, {
    passcodePresent,
    storageEncrypted: fileVault ?? dataProtection,
    systemIntegrityProtectionEnabled: flag(info, 'SystemIntegrityProtectionEnabled'),
    firewallEnabled: firewall,
  });
  return security;
}

/** InstalledApplicationList's answer: bundle id, name, the version users see, and size. */
export function appsOf(body: Record<string, unknown>): ReportedAppDto[] {
  const list = optionalArray(body, 'InstalledApplicationList') ?? [];
  return list.flatMap((item, index) => {
    const at = `InstalledApplicationList[${index}]`;
    const app = asDict(item, at);
    const identifier = nonEmpty(optionalString(app, 'Identifier', `${at}.Identifier`));
    // An app being installed for the first time has no identifier yet: not an installed app.
    if (!identifier) return [];
    const bundleSize = optionalNumber(app, 'BundleSize', `${at}.BundleSize`);
    const dynamicSize = optionalNumber(app, 'DynamicSize', `${at}.DynamicSize`);
    const version =
      nonEmpty(optionalString(app, 'ShortVersion', `${at}.ShortVersion`)) ??
      nonEmpty(optionalString(app, 'Version', `${at}.Version`)) ??
      'unknown';
    const reported: ReportedAppDto = {
      appId: identifier,
      displayName: nonEmpty(optionalString(app, 'Name', `${at}.Name`)) ?? identifier,
      version,
    };
    if (bundleSize !== undefined) reported.sizeInBytes = bundleSize + (dynamicSize ?? 0);
    return [reported];
  });
}

const INSTALL_STATE_OF_STATUS: Record<ManagedAppStatus, InstallState> = {
  Managed: 'installed',
  Installing: 'pendingInstall',
  Queued: 'pendingInstall',
  NeedsRedemption: 'pendingInstall',
  Redeeming: 'pendingInstall',
  Prompting: 'pendingInstall',
  PromptingForLogin: 'pendingInstall',
  ValidatingPurchase: 'pendingInstall',
  PromptingForUpdate: 'pendingInstall',
  PromptingForUpdateLogin: 'pendingInstall',
  PromptingForManagement: 'pendingInstall',
  ValidatingUpdate: 'pendingInstall',
  Updating: 'pendingInstall',
  ManagedButUninstalled: 'notInstalled',
  UserInstalledApp: 'notInstalled',
  UserRejected: 'failed',
  UpdateRejected: 'failed',
  ManagementRejected: 'failed',
  Failed: 'failed',
  Unknown: 'notApplicable',
};

/** ManagedApplicationList's answer, for the tenant's deployed apps only (others are not ours). */
export function installStatesOf(
  body: Record<string, unknown>,
  deployedApps: DeployedAppsByBundleId,
): InstallStateReportDto[] {
  const list = asDict(body.ManagedApplicationList ?? {}, 'ManagedApplicationList');
  return Object.entries(list).flatMap(([bundleId, value]) => {
    const at = `ManagedApplicationList.${bundleId.slice(0, 64)}`;
    const status = optionalString(asDict(value, at), 'Status', `${at}.Status`);
    if (!status || !(MANAGED_APP_STATUSES as readonly string[]).includes(status)) {
      throw new MessageProblem(
        `${at}.Status`,
        `Invalid field '${at}.Status': not a status Apple defines.`,
      );
    }
    const mobileAppId = deployedApps.get(bundleId);
    return mobileAppId
      ? [{ mobileAppId, state: INSTALL_STATE_OF_STATUS[status as ManagedAppStatus] }]
      : [];
  });
}

/**
 * What an answer to InstallApplication or RemoveApplication says about the app's install state
 * (mdm/commands/application.install.yaml `responsekeys`): the `State` it reached (an install the
 * device accepted and queued is pending), `failed` with the `RejectionReason` or the first error of
 * the chain; a removed app is not installed. A failed removal leaves the state as it was.
 */
export function appCommandInstallState(
  report: CommandReport,
  requestType: AppleRequestType,
  bundleId: string,
): { state: InstallState; errorCode?: string } | null {
  if (requestType === 'RemoveApplication') {
    return report.status === 'Acknowledged' ? { state: 'notInstalled' } : null;
  }
  if (requestType !== 'InstallApplication') return null;
  if (report.status !== 'Acknowledged') {
    const first = report.errorChain[0];
    return {
      state: 'failed',
      errorCode: (first ? `${first.ErrorDomain} ${first.ErrorCode}` : report.status).slice(0, 64),
    };
  }
  const identifier = optionalString(report.body, 'Identifier');
  if (identifier !== undefined && identifier !== bundleId) {
    throw new MessageProblem(
      'Identifier',
      "Invalid field 'Identifier': not the app this InstallApplication was for.",
    );
  }
  const rejection = optionalString(report.body, 'RejectionReason');
  if (rejection !== undefined) {
    if (!(INSTALL_REJECTION_REASONS as readonly string[]).includes(rejection)) {
      throw new MessageProblem(
        'RejectionReason',
        "Invalid field 'RejectionReason': not a reason Apple defines.",
      );
    }
    return { state: 'failed', errorCode: rejection };
  }
  const state = optionalString(report.body, 'State') ?? 'Queued';
  if (!(MANAGED_APP_STATUSES as readonly string[]).includes(state)) {
    throw new MessageProblem('State', "Invalid field 'State': not a state Apple defines.");
  }
  return { state: INSTALL_STATE_OF_STATUS[state as ManagedAppStatus] };
}

/** A remote action's answer, as the JSON channel's commandResults carry it. */
export function commandResultOf(
  report: CommandReport,
  requestType: AppleRequestType,
  remoteActionId: string,
): CommandResultDto {
  if (report.status !== 'Acknowledged') {
    const first = report.errorChain[0];
    const detail = first
      ? `${first.ErrorDomain} ${first.ErrorCode}${first.USEnglishDescription ? `: ${first.USEnglishDescription}` : ''}`
      : report.status;
    return { commandId: remoteActionId, status: 'failed', errorDetail: detail.slice(0, 500) };
  }
  const result: CommandResultDto = { commandId: remoteActionId, status: 'done' };
  if (requestType === 'DeviceLocation') {
    const latitude = optionalNumber(report.body, 'Latitude');
    const longitude = optionalNumber(report.body, 'Longitude');
    if (latitude === undefined || longitude === undefined) {
      throw new MessageProblem(
        'Latitude',
        "Invalid field 'Latitude': DeviceLocation's answer needs Latitude and Longitude.",
      );
    }
    const accuracy = optionalNumber(report.body, 'HorizontalAccuracy');
    const timestamp = nonEmpty(optionalString(report.body, 'Timestamp'));
    result.location = {
      latitude,
      longitude,
      ...(accuracy !== undefined && accuracy >= 0 ? { accuracyInMeters: accuracy } : {}),
      ...(timestamp ? { observedDateTime: timestamp } : {}),
    };
  }
  return result;
}

function slotOrder(slot: string): number {
  if (slot === 'CTSubscriptionSlotOne') return 1;
  if (slot === 'CTSubscriptionSlotTwo') return 2;
  return 3;
}

const nonEmpty = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value;

const compact = (value: string): string => value.replace(/\s+/g, '');

/** Apple writes the number as the carrier formats it (`+1 (555) 010-0199`); E.164 keeps the digits. */
function e164(number: string): string {
  const digits = number.replace(/[\s\-().]/g, '');
  return digits.startsWith('+') ? digits : `+${digits}`;
}

function copyPresent<T extends object>(target: T, values: Partial<Record<keyof T, unknown>>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
