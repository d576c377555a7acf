/**
 * Apple's MDM protocol as it travels between a device and the server (docs/apple-mdm.md): the
 * messages' keys exactly as Apple's device-management schema names them (mdm/checkin/*.yaml,
 * mdm/commands/*.yaml). The server's decoder and the simulated devices both speak these shapes.
 */

/** Content types of the two endpoints a device calls. */
export const CHECK_IN_CONTENT_TYPE = 'application/x-apple-aspen-mdm-checkin';
export const COMMAND_CONTENT_TYPE = 'application/x-apple-aspen-mdm';
/** The enrollment profile. */
export const PROFILE_CONTENT_TYPE = 'application/x-apple-aspen-config';
/** Header carrying the base64 CMS detached signature over the body, made with the device identity. */
export const SIGNATURE_HEADER = 'Mdm-Signature';

/** Our server's paths; another server (NanoMDM: one `/mdm` for both) names its own in its profile. */
export const APPLE_MDM_PATHS = {
  enroll: '/mdm/apple/enroll',
  checkIn: '/mdm/apple/checkin',
  server: '/mdm/apple/server',
} as const;

/** `type` of the enrollment profile request: device enrollment, or Apple User Enrollment. */
export type AppleEnrollmentKind = 'device' | 'user';

/** Keys every message from a device carries to say who it is (UDID, or EnrollmentID under User Enrollment). */
export interface AppleEnrollmentIds {
  UDID?: string;
  EnrollmentID?: string;
}

export interface AuthenticateMessage extends AppleEnrollmentIds {
  MessageType: 'Authenticate';
  Topic: string;
  /** macOS only, with ModelName and Model. */
  DeviceName?: string;
  ModelName?: string;
  Model?: string;
  OSVersion?: string;
  BuildVersion?: string;
  ProductName?: string;
  SerialNumber?: string;
  IMEI?: string;
  MEID?: string;
}

export interface TokenUpdateMessage extends AppleEnrollmentIds {
  MessageType: 'TokenUpdate';
  Topic: string;
  Token: Uint8Array;
  PushMagic: string;
  UnlockToken?: Uint8Array;
  AwaitingConfiguration?: boolean;
  /** macOS. */
  NotOnConsole?: boolean;
  EnrollmentUserID?: string;
}

export interface CheckOutMessage extends AppleEnrollmentIds {
  MessageType: 'CheckOut';
  Topic: string;
}

export type CheckInMessage = AuthenticateMessage | TokenUpdateMessage | CheckOutMessage;
export const CHECK_IN_MESSAGE_TYPES = ['Authenticate', 'TokenUpdate', 'CheckOut'] as const;

/** What a device says on the ServerURL: idle, or the result of a command. */
export const COMMAND_STATUSES = [
  'Idle',
  'Acknowledged',
  'Error',
  'CommandFormatError',
  'NotNow',
] as const;
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

export interface ErrorChainItem {
  ErrorCode: number;
  ErrorDomain: string;
  LocalizedDescription?: string;
  USEnglishDescription?: string;
}

export interface CommandResultBase extends AppleEnrollmentIds {
  Status: CommandStatus;
  CommandUUID?: string;
  ErrorChain?: ErrorChainItem[];
}

/** One SIM of `ServiceSubscriptions` (iOS 12+), in slot order. */
export interface ServiceSubscription {
  Slot?: string;
  ICCID?: string;
  EID?: string;
  IMEI?: string;
  MEID?: string;
  PhoneNumber?: string;
  CurrentCarrierNetwork?: string;
  SubscriberCarrierNetwork?: string;
  CarrierSettingsVersion?: string;
  CurrentMCC?: string;
  CurrentMNC?: string;
  IsDataPreferred?: boolean;
  IsVoicePreferred?: boolean;
  IsRoaming?: boolean;
  Label?: string;
  LabelID?: string;
}

/** `QueryResponses` of DeviceInformation: the keys the inventory uses, typed as Apple sends them. */
export interface DeviceInformationResponses {
  UDID?: string;
  DeviceName?: string;
  OSVersion?: string;
  BuildVersion?: string;
  ModelName?: string;
  Model?: string;
  ProductName?: string;
  SerialNumber?: string;
  /** Gigabytes, as a `<real>`. */
  DeviceCapacity?: number;
  AvailableDeviceCapacity?: number;
  BatteryLevel?: number;
  IMEI?: string;
  MEID?: string;
  ICCID?: string;
  PhoneNumber?: string;
  WiFiMAC?: string;
  BluetoothMAC?: string;
  EthernetMAC?: string;
  SubscriberCarrierNetwork?: string;
  CurrentCarrierNetwork?: string;
  IsSupervised?: boolean;
  IsMDMLostModeEnabled?: boolean;
  IsAppleSilicon?: boolean;
  ServiceSubscriptions?: ServiceSubscription[];
  EASDeviceIdentifier?: string;
  [key: string]: unknown;
}

export interface InstalledApplication {
  Identifier?: string;
  Name?: string;
  Version?: string;
  ShortVersion?: string;
  BundleSize?: number;
  DynamicSize?: number;
  Installing?: boolean;
  [key: string]: unknown;
}

/** Status of one app in ManagedApplicationList's answer. */
export const MANAGED_APP_STATUSES = [
  'Queued',
  'NeedsRedemption',
  'Redeeming',
  'Prompting',
  'PromptingForLogin',
  'ValidatingPurchase',
  'PromptingForUpdate',
  'PromptingForUpdateLogin',
  'PromptingForManagement',
  'ValidatingUpdate',
  'Updating',
  'Installing',
  'Managed',
  'ManagedButUninstalled',
  'Unknown',
  'UserInstalledApp',
  'UserRejected',
  'UpdateRejected',
  'ManagementRejected',
  'Failed',
] as const;
export type ManagedAppStatus = (typeof MANAGED_APP_STATUSES)[number];

export interface ManagedApplication {
  Status: ManagedAppStatus;
  ManagementFlags?: number;
  [key: string]: unknown;
}

/** Why a device refused InstallApplication (its answer's `RejectionReason`). */
export const INSTALL_REJECTION_REASONS = [
  'AppAlreadyInstalled',
  'AppAlreadyQueued',
  'AppStoreDisabled',
  'CouldNotVerifyAppID',
  'ManagementChangeNotSupported',
  'NotAnApp',
  'NotSupported',
  'Other',
  'PurchaseMethodNotSupported',
  'PurchaseMethodNotSupportedInMultiUser',
] as const;
export type InstallRejectionReason = (typeof INSTALL_REJECTION_REASONS)[number];

/** InstallApplication's answer (mdm/commands/application.install.yaml `responsekeys`). */
export interface InstallApplicationAnswer {
  Identifier?: string;
  State?: ManagedAppStatus;
  RejectionReason?: InstallRejectionReason;
}

/**
 * SecurityInfo's answer, the keys the inventory reads (mdm/commands/information.security.yaml):
 * iOS reports PasscodePresent (not under User Enrollment) and HardwareEncryptionCaps; a Mac
 * FDE_Enabled, SystemIntegrityProtectionEnabled and FirewallSettings.
 */
export interface SecurityInfo {
  HardwareEncryptionCaps?: number;
  PasscodePresent?: boolean;
  PasscodeCompliant?: boolean;
  FDE_Enabled?: boolean;
  SystemIntegrityProtectionEnabled?: boolean;
  FirewallSettings?: { FirewallEnabled?: boolean; [key: string]: unknown };
  [key: string]: unknown;
}

export interface DeviceLocationAnswer {
  Latitude: number;
  Longitude: number;
  HorizontalAccuracy?: number;
  Timestamp?: string;
}

/** The commands this server sends (RequestType), with the request keys it uses. */
export type AppleCommandRequest =
  | { RequestType: 'DeviceInformation'; Queries: string[] }
  | { RequestType: 'InstalledApplicationList'; ManagedAppsOnly?: boolean; Identifiers?: string[] }
  | { RequestType: 'ManagedApplicationList'; Identifiers?: string[] }
  | { RequestType: 'DeviceLock'; Message?: string; PhoneNumber?: string; PIN?: string }
  | { RequestType: 'RestartDevice' }
  | { RequestType: 'ShutDownDevice' }
  | { RequestType: 'EraseDevice'; PIN?: string; PreserveDataPlan?: boolean }
  | { RequestType: 'RemoveProfile'; Identifier: string }
  | { RequestType: 'DeviceLocation' }
  | {
      RequestType: 'InstallApplication';
      iTunesStoreID?: number;
      Identifier?: string;
      /** 1: remove the app with the MDM profile; 4: no backup of its data. */
      ManagementFlags?: number;
      /** macOS 11+: install (or take over) the app as managed. */
      InstallAsManaged?: boolean;
      ChangeManagementState?: 'Managed';
      Options?: { PurchaseMethod?: 0 | 1 };
    }
  | { RequestType: 'RemoveApplication'; Identifier: string }
  | { RequestType: 'SecurityInfo' };
export type AppleRequestType = AppleCommandRequest['RequestType'];
export const APPLE_REQUEST_TYPES: readonly AppleRequestType[] = [
  'DeviceInformation',
  'InstalledApplicationList',
  'ManagedApplicationList',
  'DeviceLock',
  'RestartDevice',
  'ShutDownDevice',
  'EraseDevice',
  'RemoveProfile',
  'DeviceLocation',
  'InstallApplication',
  'RemoveApplication',
  'SecurityInfo',
];

/** What the server answers on the ServerURL when a command is waiting (an empty 200 otherwise). */
export interface AppleCommand {
  CommandUUID: string;
  Command: AppleCommandRequest;
}

/** The `com.apple.mdm` payload of an enrollment profile: what a device needs to reach the server. */
export interface MdmPayload {
  PayloadType: 'com.apple.mdm';
  ServerURL: string;
  CheckInURL?: string;
  Topic: string;
  IdentityCertificateUUID: string;
  SignMessage?: boolean;
  CheckOutWhenRemoved?: boolean;
  AccessRights?: number;
  /** User Enrollment: the Managed Apple ID the enrollment is for. */
  AssignedManagedAppleID?: string;
  EnrollmentMode?: 'BYOD' | 'ADDE';
  ServerCapabilities?: string[];
}
