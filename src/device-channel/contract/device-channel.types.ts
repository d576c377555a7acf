import {
  AppDiscardReason,
  AppInventoryScope,
  ComplianceState,
  EnrollmentType,
  ManagementState,
  Ownership,
  OwnershipReason,
  Platform,
  RemoteAction,
} from './wire-vocabulary';

/** An app the tenant assigns to the device's platform (or one it no longer assigns). */
export interface DeployedApp {
  mobileAppId: string;
  appId: string;
  displayName: string;
  intent: 'required' | 'available' | null;
}

/** What a well-behaved device sends, so that it minimises at the source. */
export interface CollectionDirectives {
  appInventory: AppInventoryScope;
  phoneNumber: 'full' | 'last4';
  diagnostics: 'on' | 'off';
  /** Send `security` (the device's security state): on while a compliance policy applies. */
  securityState: 'on' | 'off';
}

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
    /** A diagnostic event's free-text detail: never stored (it could name anyone or anything). */
    | 'freeTextNotKept'
    /** The device acknowledged retire or wipe in this check-in: nothing else of it is stored. */
    | 'deviceLeftManagement'
    /** The security state is kept only to evaluate compliance policies, and none applies. */
    | 'noCompliancePolicy';
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
    diagnostics: number;
  };
  discarded: DiscardedData[];
  /** True when this answer comes from the receipt of an earlier delivery of the same sequence. */
  replayed?: true;
}

/** One data category of the privacy view ("what my organization can see"). */
export interface PrivacyViewEntry {
  category: string;
  collected: boolean;
  form: string;
  reasons: string[];
}

/** GET /enrollment/v1/devices/{id}/privacy. */
export interface DevicePrivacyView {
  deviceId: string;
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  categories: PrivacyViewEntry[];
}
