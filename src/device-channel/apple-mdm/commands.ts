import { AppInventoryScope, Platform } from '../../rules';
import { InstallState } from '../../platform/database/entities/managed-app-install-state.entity';
import { RemoteAction } from '../../platform/database/entities/device-command.entity';
import { AppleCommandRequest } from '../contract/apple-mdm';
import { MDM_PAYLOAD_IDENTIFIER } from './enrollment-profile';

/**
 * The Apple commands the server queues (docs/apple-mdm.md): the inventory it asks for, and the
 * command each Graph remote action becomes. Pure: the service stores and sends them.
 */

/** DeviceInformation's Queries: the keys the inventory keeps, and what the rules need to decide. */
export const DEVICE_INFORMATION_QUERIES = [
  'UDID',
  'SerialNumber',
  'IMEI',
  'MEID',
  'ModelName',
  'Model',
  'ProductName',
  'OSVersion',
  'BuildVersion',
  'DeviceName',
  'DeviceCapacity',
  'AvailableDeviceCapacity',
  'WiFiMAC',
  'BluetoothMAC',
  'EthernetMAC',
  'ICCID',
  'PhoneNumber',
  'SubscriberCarrierNetwork',
  'CurrentCarrierNetwork',
  'ServiceSubscriptions',
  'IsSupervised',
  'IsMDMLostModeEnabled',
] as const;

export interface InventoryTarget {
  platform: Platform;
  userEnrollment: boolean;
  /** What the collection rules keep of this device's apps (the directives of its last check-in). */
  appInventory: AppInventoryScope;
  /** Whether a compliance policy needs the device's security state (the directives say). */
  securityState: 'on' | 'off';
}

/**
 * Inventory commands: DeviceInformation, SecurityInfo while a compliance policy applies, then the app list — the full list only where the rules
 * keep it (corporate devices, or the compliant-app feature); everywhere else the device is asked for
 * managed apps only, so that what is not kept is not collected (the directives say which). A Mac under User Enrollment cannot
 * answer InstalledApplicationList at all (Apple's schema): its managed apps come from
 * ManagedApplicationList, which every device is asked for.
 */
export function inventoryCommands(target: InventoryTarget): AppleCommandRequest[] {
  const commands: AppleCommandRequest[] = [
    { RequestType: 'DeviceInformation', Queries: [...DEVICE_INFORMATION_QUERIES] },
  ];
  // The security state is asked for only while a compliance policy would evaluate it.
  if (target.securityState === 'on') commands.push({ RequestType: 'SecurityInfo' });
  if (!(target.platform === 'macos' && target.userEnrollment)) {
    // Under User Enrollment a device lists only the apps management installed, whatever is asked.
    const fullList = target.appInventory === 'all' && !target.userEnrollment;
    commands.push({
      RequestType: 'InstalledApplicationList',
      ...(fullList ? {} : { ManagedAppsOnly: true }),
    });
  }
  commands.push({ RequestType: 'ManagedApplicationList' });
  return commands;
}

/**
 * The Apple commands a Graph remote action becomes. The first carries the action (its answer is the
 * action's result); syncDevice's app list follows as an inventory command of its own.
 */
export function commandsForRemoteAction(
  action: RemoteAction,
  parameters: Record<string, unknown> | null,
  target: InventoryTarget,
): AppleCommandRequest[] {
  switch (action) {
    case 'syncDevice':
      return inventoryCommands(target);
    case 'remoteLock':
      return [{ RequestType: 'DeviceLock' }];
    case 'rebootNow':
      return [{ RequestType: 'RestartDevice' }];
    case 'shutDown':
      return [{ RequestType: 'ShutDownDevice' }];
    case 'wipe': {
      const pin = parameters?.macOsUnlockCode;
      const keepPlan = parameters?.persistEsimDataPlan === true;
      return [
        {
          RequestType: 'EraseDevice',
          ...(typeof pin === 'string' ? { PIN: pin } : {}),
          ...(keepPlan ? { PreserveDataPlan: true } : {}),
        },
      ];
    }
    case 'retire':
      return [{ RequestType: 'RemoveProfile', Identifier: MDM_PAYLOAD_IDENTIFIER }];
    case 'locateDevice':
      return [{ RequestType: 'DeviceLocation' }];
  }
}

/** Where an app command is going: the platform and the enrollment type. */
export interface AppTarget {
  platform: Platform;
  userEnrollment: boolean;
}

/**
 * InstallApplication for an app the tenant requires (mdm/commands/application.install.yaml), by
 * its bundle identifier. Device enrollment installs it as managed and takes over a copy the user
 * installed (ChangeManagementState; on macOS with InstallAsManaged), removed with the MDM profile
 * (ManagementFlags 1). User Enrollment forbids those keys, and an iOS app reaches a User-Enrollment
 * device only as a Volume Purchase assignment (PurchaseMethod 1).
 */
export function installApplication(bundleId: string, target: AppTarget): AppleCommandRequest {
  if (target.userEnrollment) {
    return {
      RequestType: 'InstallApplication',
      Identifier: bundleId,
      ...(target.platform === 'ios' ? { Options: { PurchaseMethod: 1 as const } } : {}),
    };
  }
  return {
    RequestType: 'InstallApplication',
    Identifier: bundleId,
    ManagementFlags: 1,
    ChangeManagementState: 'Managed',
    ...(target.platform === 'macos' ? { InstallAsManaged: true } : {}),
  };
}

/** What the server knows about one app and one Apple device, to decide whether to send a command. */
export interface AppOnDevice {
  bundleId: string;
  /** Assigned as required now (available apps are not pushed; a deleted app is not required). */
  required: boolean;
  /** Assigned at all now (required or available): an available app is left where it is. */
  assigned: boolean;
  /** The install state the device last reported for it (ManagedApplicationList, InstallApplication). */
  state: InstallState | null;
  /** The last InstallApplication or RemoveApplication this server queued for it on this device. */
  last: {
    requestType: 'InstallApplication' | 'RemoveApplication';
    status: 'queued' | 'sent' | 'acknowledged' | 'error';
    queuedAt: number;
  } | null;
}

/**
 * The app commands a device needs now (docs/apple-mdm.md "Apps"), decided once its inventory has
 * answered (the server knows which apps it holds as managed):
 * - a required app the device does not hold as managed (installed or on its way) is installed —
 *   once per inventory round: a failed install is tried again after the next inventory;
 * - an app this server installed whose assignment was removed (or which was deleted) is removed —
 *   not on a Mac under User Enrollment, where Apple forbids RemoveApplication;
 * - nothing while a command for the app is still waiting for its answer.
 */
export function appCommands(
  target: AppTarget,
  apps: readonly AppOnDevice[],
  inventoryRequestedAt: number,
): AppleCommandRequest[] {
  const commands: AppleCommandRequest[] = [];
  for (const app of apps) {
    const last = app.last;
    if (last && (last.status === 'queued' || last.status === 'sent')) continue;
    if (app.required) {
      if (app.state === 'installed' || app.state === 'pendingInstall') continue;
      if (last?.requestType === 'InstallApplication' && last.queuedAt >= inventoryRequestedAt)
        continue;
      commands.push(installApplication(app.bundleId, target));
    } else if (
      !app.assigned &&
      last?.requestType === 'InstallApplication' &&
      last.status === 'acknowledged' &&
      app.state !== 'notInstalled' &&
      !(target.platform === 'macos' && target.userEnrollment)
    ) {
      commands.push({ RequestType: 'RemoveApplication', Identifier: app.bundleId });
    }
  }
  return commands;
}
