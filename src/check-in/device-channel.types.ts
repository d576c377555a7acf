import {
  AppDiscardReason,
  CollectionDirectives,
  Ownership,
  OwnershipReason,
} from '../collection-rules';
import { ComplianceState, ManagementState } from '../devices/device.entity';
import { RemoteAction } from '../remote-actions/device-command.entity';
import { DeployedApp } from './collection-context';

/** What the server tells a device after enrollment and after every check-in. */
export interface DeviceDirectives extends CollectionDirectives {
  checkInIntervalSeconds: number;
}

export interface EnrollmentResponse {
  deviceId: string;
  /** Shown once: the server keeps only its hash. */
  deviceCredential: string;
  ownership: Ownership;
  ownershipReason: OwnershipReason;
  managementState: ManagementState;
  directives: DeviceDirectives;
  deployedApps: DeployedApp[];
  checkInPath: string;
}

export interface DeliveredCommand {
  commandId: string;
  action: RemoteAction;
  parameters: Record<string, unknown> | null;
}

export type AppInventoryStatus = 'updated' | 'unchanged' | 'resendRequired' | 'notReported';

/** Something the device sent that was not stored (or only partly), and why. */
export interface DiscardedData {
  field: string;
  reason:
    | AppDiscardReason
    | 'personalDeviceKeepsLastFourDigits'
    | 'diagnosticsOff'
    /** The device acknowledged retire or wipe in this check-in: nothing else of it is stored. */
    | 'deviceLeftManagement';
  count?: number;
}

export interface CheckInResponse {
  deviceId: string;
  sequence: number;
  receivedDateTime: string;
  ownership: Ownership;
  managementState: ManagementState;
  complianceState: ComplianceState;
  directives: DeviceDirectives;
  deployedApps: DeployedApp[];
  commands: DeliveredCommand[];
  appInventory: {
    status: AppInventoryStatus;
    reported: number;
    stored: number;
    added: number;
    removed: number;
  };
  stored: {
    hardwareFieldsChanged: string[];
    installStates: number;
    commandResults: number;
  };
  discarded: DiscardedData[];
  /** True when this answer comes from the receipt of an earlier delivery of the same sequence. */
  replayed?: true;
}
