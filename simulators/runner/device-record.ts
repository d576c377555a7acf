import type { AppleIdentity } from '../apple-mdm/apple-mdm-device';
import type {
  AppInventoryScope,
  Ownership,
  Platform,
} from '../../src/device-channel/contract/wire-vocabulary';

/**
 * Where a simulated device stands: not enrolled yet (`new`), enrolled, or stopped for good —
 * retired or wiped at an admin's request, refused at enrollment, or its credential refused
 * without a command that explains it (`lost`).
 */
export type DeviceStatus = 'new' | 'enrolled' | 'retired' | 'wiped' | 'refused' | 'lost';

/**
 * What the simulator must remember of one device between runs (the state file holds one per
 * device). Everything else — identifiers, apps, their churn — is recomputed from the fleet's seed.
 */
export interface DeviceRecord {
  index: number;
  /** Factory resets so far: the device re-enrolled after a wipe is generation 1, and so on. */
  generation: number;
  /** Churn steps applied so far (one per scheduled check-in) … */
  step: number;
  /** … and the step at which the current generation started. */
  baseStep: number;
  status: DeviceStatus;
  /** Index in the server list of the device's home server. */
  home: number;
  /** Set once the device enrolled over Apple's MDM protocol (its iPhones, iPads and Macs). */
  protocol?: 'apple-mdm';
  /** JSON channel: the device's id and credential, as its enrollment answered them. */
  deviceId?: string;
  deviceCredential?: string;
  /**
   * Apple MDM: the installed profile (identity and URLs). Apple's protocol never tells a device
   * its id on the server, so an Apple device has no deviceId here.
   */
  appleIdentity?: AppleIdentity;
  /** The last sequence sent (accepted or not: a sequence is never used twice). */
  sequence: number;
  platform?: Platform;
  /**
   * The server's decision, as it last said it. Apple MDM says nothing of it: there, the ownership
   * the enrollment stands for in Apple's terms (device enrollment: the organization's device; User
   * Enrollment: the user's own).
   */
  ownership?: Ownership;
  appInventory?: AppInventoryScope;
  diagnostics?: 'on' | 'off';
  /** The server's last securityState directive: report `security` only while it is on. */
  securityState?: 'on' | 'off';
  /** The server has had this generation's full app list at least once. */
  inventoryReported?: boolean;
  /** Scheduled check-ins made over all runs. */
  checkIns: number;
  /** Device ids this hardware had before (each wipe and re-enrollment adds one). */
  formerDeviceIds?: string[];
}

export function newDeviceRecord(index: number, home: number): DeviceRecord {
  return {
    index,
    generation: 0,
    step: 0,
    baseStep: 0,
    status: 'new',
    home,
    sequence: 0,
    checkIns: 0,
  };
}

export const isStopped = (record: DeviceRecord): boolean =>
  record.status !== 'new' && record.status !== 'enrolled';
