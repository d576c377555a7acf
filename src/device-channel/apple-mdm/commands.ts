import { AppInventoryScope, Platform } from '../../rules';
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
}

/**
 * Inventory commands: DeviceInformation, then the app list — the full list only where the rules
 * keep it (corporate devices, or the compliant-app feature); everywhere else the device is asked for
 * managed apps only, so that what is not kept is not collected (the directives say which). A Mac under User Enrollment cannot
 * answer InstalledApplicationList at all (Apple's schema): its managed apps come from
 * ManagedApplicationList, which every device is asked for.
 */
export function inventoryCommands(target: InventoryTarget): AppleCommandRequest[] {
  const commands: AppleCommandRequest[] = [
    { RequestType: 'DeviceInformation', Queries: [...DEVICE_INFORMATION_QUERIES] },
  ];
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
