import type * as GraphBeta from '@microsoft/microsoft-graph-types-beta';
import type * as Graph from '@microsoft/microsoft-graph-types';
import {
  ENROLLMENT_TYPE_NAMES,
  EnrollmentType,
  Ownership,
  Platform,
  ReportedSecurityState,
  StoredComplianceEvaluation,
} from '../../rules';
import type { DeviceRow } from '../../platform/database/entities/device.entity';
import { PropertyDefinition, ResourceDefinition } from '../odata';
import {
  DeviceActionResult,
  deviceActionResultsOf,
  DeviceCommandSummary,
} from './device-action-results';
import type {
  DeviceCommandStatus,
  RemoteAction,
} from '../../platform/database/entities/device-command.entity';
import {
  GraphVersion,
  graphDateTime,
  int64,
  NO_DATE_TIME,
  NO_GUID,
} from '../../platform/http/graph-values';

/**
 * managedDevice: the device table as Graph's managedDevice, in both directions — the OData whitelist
 * (Graph property → column) and the row → JSON mapping. This file is the only place where the two
 * shapes meet; every Intune default for data we do not have is decided here:
 *
 * - Strings Intune answers with `""` when unknown: imei, meid, serialNumber, phoneNumber,
 *   subscriberCarrier, wiFiMacAddress, userPrincipalName, userDisplayName, emailAddress, userId,
 *   easDeviceId, androidSecurityPatchLevel, remoteAssistanceSessionUrl/ErrorDetails. Their filter
 *   and sort columns are COALESCE(column, '') so that `serialNumber eq ''` finds what the client sees.
 * - `null`: activationLockBypassCode, configurationManagerClientEnabledFeatures,
 *   deviceHealthAttestationState, enrollmentProfileName, requireUserEnrollmentApproval.
 * - Dates we do not have: 0001-01-01T00:00:00Z; complianceGracePeriodExpirationDateTime is
 *   9999-12-31T23:59:59Z (no grace period running), as Intune writes it.
 * - Int64 sizes are numbers, 0 when unknown.
 * - iccid, udid, ethernetMacAddress, notes and physicalMemoryInBytes carry values only on a
 *   single-device GET; in lists they are null (0 for physicalMemoryInBytes), as in Intune.
 * - deviceEnrollmentType: Android Enterprise enrollments have members only in beta; v1.0 answers
 *   `unknownFutureValue` for them, as Graph does for evolvable enums.
 * - managementState exists only in beta.
 * - phoneNumber of a personal device: we keep only the last four digits; it is shown masked.
 * - jailBroken, isEncrypted, androidSecurityPatchLevel: from the security state the device reported,
 *   kept while a compliance policy applies to it; otherwise "Unknown", false, "".
 */

/** The stored columns the mapping reads (raw rows: lists are not hydrated into entities). */
export type ManagedDeviceRow = Pick<
  DeviceRow,
  | 'id'
  | 'platform'
  | 'enrollment_type'
  | 'ownership'
  | 'management_state'
  | 'compliance_state'
  | 'device_name'
  | 'managed_device_name'
  | 'manufacturer'
  | 'model'
  | 'os_version'
  | 'serial_number'
  | 'imei'
  | 'meid'
  | 'iccid'
  | 'udid'
  | 'wifi_mac'
  | 'ethernet_mac'
  | 'phone_number'
  | 'phone_number_last4'
  | 'subscriber_carrier'
  | 'total_storage_bytes'
  | 'free_storage_bytes'
  | 'physical_memory_bytes'
  | 'windows_device_id'
  | 'user_principal_name'
  | 'user_display_name'
  | 'user_email'
  | 'notes'
  | 'enrolled_at'
  | 'last_checkin_at'
> &
  Partial<Pick<DeviceRow, 'eid' | 'ip_address' | 'compliance_policy_states'>>;

/** Columns a single-device GET reads besides MANAGED_DEVICE_COLUMNS. */
export const SINGLE_DEVICE_COLUMNS: readonly (keyof ManagedDeviceRow)[] = ['eid', 'ip_address'];

export const MANAGED_DEVICE_COLUMNS: readonly (keyof ManagedDeviceRow)[] = [
  'id',
  'platform',
  'enrollment_type',
  'ownership',
  'management_state',
  'compliance_state',
  'device_name',
  'managed_device_name',
  'manufacturer',
  'model',
  'os_version',
  'serial_number',
  'imei',
  'meid',
  'iccid',
  'udid',
  'wifi_mac',
  'ethernet_mac',
  'phone_number',
  'phone_number_last4',
  'subscriber_carrier',
  'total_storage_bytes',
  'free_storage_bytes',
  'physical_memory_bytes',
  'windows_device_id',
  'user_principal_name',
  'user_display_name',
  'user_email',
  'notes',
  'enrolled_at',
  'last_checkin_at',
  'compliance_policy_states',
];

/** Devices the query API shows: a retired or wiped tombstone is gone for Graph, as in Intune. */
export const LIVE_DEVICE = 'd.retired_at IS NULL';

/** A queued remote action as stored (device_command). */
export interface DeviceCommandRow {
  device_id: string;
  action: RemoteAction;
  status: DeviceCommandStatus;
  requested_at: number | string;
  delivered_at: number | string | null;
  completed_at: number | string | null;
  /** The device's answer (JSON): a location for locateDevice. */
  result?: string | null;
}

/** Storage ownership word → managedDeviceOwnerType. */
const OWNER_TYPES: Readonly<Record<Ownership, Graph.ManagedDeviceOwnerType>> = {
  corporate: 'company',
  personal: 'personal',
  unknown: 'unknown',
};

export const OPERATING_SYSTEMS: Readonly<Record<Platform, string>> = {
  ios: 'iOS',
  android: 'Android',
  macos: 'macOS',
  windows: 'Windows',
};

type EnrollmentMember = { v1: Graph.DeviceEnrollmentType; beta: GraphBeta.DeviceEnrollmentType };
/** Apple Automated Device Enrollment and Configurator: with or without user affinity. */
const APPLE_BULK = 'appleBulk' as const;
const both = (member: Graph.DeviceEnrollmentType): EnrollmentMember => ({
  v1: member,
  beta: member,
});
const androidEnterprise = (beta: GraphBeta.DeviceEnrollmentType): EnrollmentMember => ({
  v1: 'unknownFutureValue',
  beta,
});

/** Our enrollment types as Graph's deviceEnrollmentType. */
const ENROLLMENT_MEMBERS: Readonly<Record<EnrollmentType, EnrollmentMember | typeof APPLE_BULK>> = {
  automatedDeviceEnrollment: APPLE_BULK,
  appleConfigurator: APPLE_BULK,
  appleUserEnrollment: both('appleUserEnrollment'),
  companyPortal: both('userEnrollment'),
  deviceEnrollmentManager: both('deviceEnrollmentManager'),
  androidFullyManaged: androidEnterprise('androidEnterpriseFullyManaged'),
  androidDedicated: androidEnterprise('androidEnterpriseDedicatedDevice'),
  androidCorporateWorkProfile: androidEnterprise('androidEnterpriseCorporateWorkProfile'),
  knoxMobileEnrollment: androidEnterprise('androidEnterpriseFullyManaged'),
  zeroTouch: androidEnterprise('androidEnterpriseFullyManaged'),
  androidPersonalWorkProfile: both('userEnrollment'),
  androidDeviceAdministrator: both('userEnrollment'),
  windowsAutopilot: both('windowsAzureADJoin'),
  windowsBulkEnrollment: both('windowsBulkUserless'),
  windowsCoManagement: both('windowsCoManagement'),
  windowsGroupPolicy: both('windowsAutoEnrollment'),
  windowsAddWorkAccount: both('userEnrollment'),
  entraRegistered: both('userEnrollment'),
  entraJoined: both('windowsAzureADJoin'),
};

export function deviceEnrollmentType(
  version: GraphVersion,
  enrollmentType: EnrollmentType,
  hasUser: boolean,
): GraphBeta.DeviceEnrollmentType {
  const member = ENROLLMENT_MEMBERS[enrollmentType];
  if (member === undefined) return 'unknown';
  if (member === APPLE_BULK) return hasUser ? 'appleBulkWithUser' : 'appleBulkWithoutUser';
  return version === 'beta' ? member.beta : member.v1;
}

/**
 * The same mapping as SQL, so `$filter=deviceEnrollmentType eq 'userEnrollment'` selects exactly the
 * devices shown with that value. Built from the table above (constants only, never input).
 */
export function deviceEnrollmentTypeSql(version: GraphVersion): string {
  const branches = ENROLLMENT_TYPE_NAMES.map((type) => {
    const member = ENROLLMENT_MEMBERS[type];
    const value =
      member === APPLE_BULK
        ? `CASE WHEN d.user_principal_name IS NULL THEN 'appleBulkWithoutUser' ELSE 'appleBulkWithUser' END`
        : `'${version === 'beta' ? member.beta : member.v1}'`;
    return `WHEN '${type}' THEN ${value}`;
  });
  return `(CASE d.enrollment_type ${branches.join(' ')} ELSE 'unknown' END)`;
}

const V1_ENROLLMENT_MEMBERS = [
  'unknown',
  'userEnrollment',
  'deviceEnrollmentManager',
  'appleBulkWithUser',
  'appleBulkWithoutUser',
  'windowsAzureADJoin',
  'windowsBulkUserless',
  'windowsAutoEnrollment',
  'windowsBulkAzureDomainJoin',
  'windowsCoManagement',
  'windowsAzureADJoinUsingDeviceAuth',
  'appleUserEnrollment',
  'appleUserEnrollmentWithServiceAccount',
  'unknownFutureValue',
] as const satisfies readonly Graph.DeviceEnrollmentType[];
const BETA_ENROLLMENT_MEMBERS = [
  ...V1_ENROLLMENT_MEMBERS.filter((member) => member !== 'unknownFutureValue'),
  'azureAdJoinUsingAzureVmExtension',
  'androidEnterpriseDedicatedDevice',
  'androidEnterpriseFullyManaged',
  'androidEnterpriseCorporateWorkProfile',
  'androidAOSPUserOwnedDeviceEnrollment',
  'androidAOSPUserlessDeviceEnrollment',
  'appleAccountDrivenUserEnrollment',
  'unknownFutureValue',
] as const satisfies readonly GraphBeta.DeviceEnrollmentType[];

const COMPLIANCE_MEMBERS = [
  'unknown',
  'compliant',
  'noncompliant',
  'conflict',
  'error',
  'inGracePeriod',
  'configManager',
] as const satisfies readonly Graph.ComplianceState[];
const MANAGEMENT_MEMBERS = [
  'managed',
  'retirePending',
  'retireFailed',
  'wipePending',
  'wipeFailed',
  'unhealthy',
  'deletePending',
  'retireIssued',
  'wipeIssued',
  'wipeCanceled',
  'retireCanceled',
  'discovered',
] as const satisfies readonly GraphBeta.ManagementState[];

/** Members we never store are still valid in a filter: they simply match nothing. */
const identity = (members: readonly string[]) =>
  Object.fromEntries(members.map((member) => [member, member]));

type DeviceProperty = PropertyDefinition<ManagedDeviceRow>;
const text = (column: string, value: (row: ManagedDeviceRow) => unknown): DeviceProperty => ({
  column,
  type: 'string',
  nullable: false,
  value,
});
/** A string shown as "" when we have no value: filtered and sorted as "" too. */
const textOrEmpty = (column: keyof ManagedDeviceRow): DeviceProperty =>
  text(`COALESCE(d.${column}, '')`, (row) => row[column] ?? '');
const int64OrZero = (column: keyof ManagedDeviceRow): DeviceProperty => ({
  column: `COALESCE(d.${column}, 0)`,
  type: 'int',
  nullable: false,
  value: (row) => int64(row[column]),
});
const dateTime = (column: keyof ManagedDeviceRow): DeviceProperty => ({
  column: `d.${column}`,
  type: 'datetime',
  nullable: false,
  value: (row) => Number(row[column]),
});
/** In $select only. */
const shownOnly: DeviceProperty = {
  column: 'NULL',
  type: 'string',
  filterable: false,
  sortable: false,
};

/**
 * The $filter/$orderby/$select whitelist. Every filterable and sortable property has an index
 * (migration 1732600000000) whose expression is exactly `column` here.
 */
export function managedDeviceResource(version: GraphVersion): ResourceDefinition<ManagedDeviceRow> {
  return version === 'beta' ? BETA_RESOURCE : V1_RESOURCE;
}

function buildResource(version: GraphVersion): ResourceDefinition<ManagedDeviceRow> {
  const properties: Record<string, DeviceProperty> = {
    id: { column: 'd.id', type: 'guid', nullable: false, value: (row) => row.id },
    deviceName: text('d.device_name', (row) => row.device_name),
    managedDeviceOwnerType: {
      column: 'd.ownership',
      type: 'enum',
      enumTypeName: 'microsoft.graph.managedDeviceOwnerType',
      values: { unknown: 'unknown', company: 'corporate', personal: 'personal' },
      nullable: false,
      value: (row) => row.ownership,
    },
    complianceState: {
      column: 'd.compliance_state',
      type: 'enum',
      enumTypeName: 'microsoft.graph.complianceState',
      values: identity(COMPLIANCE_MEMBERS),
      nullable: false,
      value: (row) => row.compliance_state,
    },
    deviceEnrollmentType: {
      column: deviceEnrollmentTypeSql(version),
      type: 'enum',
      enumTypeName: 'microsoft.graph.deviceEnrollmentType',
      values: identity(version === 'beta' ? BETA_ENROLLMENT_MEMBERS : V1_ENROLLMENT_MEMBERS),
      nullable: false,
      sortable: false,
    },
    // Graph's names lower-case to our platform words (iOS → ios), and strings compare
    // case-insensitively, so the stored column serves filter and sort directly.
    operatingSystem: text('d.platform', (row) => row.platform),
    osVersion: text('d.os_version', (row) => row.os_version),
    manufacturer: text('d.manufacturer', (row) => row.manufacturer),
    model: text('d.model', (row) => row.model),
    serialNumber: textOrEmpty('serial_number'),
    imei: textOrEmpty('imei'),
    meid: textOrEmpty('meid'),
    wiFiMacAddress: textOrEmpty('wifi_mac'),
    userPrincipalName: textOrEmpty('user_principal_name'),
    userDisplayName: textOrEmpty('user_display_name'),
    emailAddress: textOrEmpty('user_email'),
    enrolledDateTime: dateTime('enrolled_at'),
    lastSyncDateTime: dateTime('last_checkin_at'),
    totalStorageSpaceInBytes: int64OrZero('total_storage_bytes'),
    freeStorageSpaceInBytes: int64OrZero('free_storage_bytes'),
  };
  if (version === 'beta') {
    properties.managementState = {
      column: 'd.management_state',
      type: 'enum',
      enumTypeName: 'microsoft.graph.managementState',
      values: identity(MANAGEMENT_MEMBERS),
      nullable: false,
      sortable: false,
      value: (row) => row.management_state,
    };
  }
  for (const name of Object.keys(sampleManagedDevice(version))) {
    if (!Object.hasOwn(properties, name)) properties[name] = shownOnly;
  }
  return {
    name: 'managedDevices',
    key: 'id',
    properties,
    searchColumns: ['d.device_name', 'd.serial_number', 'd.imei', 'd.user_principal_name'],
  };
}

export type GraphManagedDevice = Graph.ManagedDevice & { managementState?: string } & Partial<
    Pick<
      GraphBeta.ManagedDevice,
      Exclude<keyof GraphBeta.ManagedDevice, keyof Graph.ManagedDevice | 'managementState'>
    >
  >;

export interface ManagedDeviceView {
  version: GraphVersion;
  /** A single-device GET shows the fields Intune leaves out of lists. */
  single: boolean;
  /**
   * beta's hardwareInformation filled from what we store: Intune fills it only on a single-device
   * GET that `$select`s it; everywhere else it carries empty values.
   */
  hardwareInformation?: boolean;
  /** The device's remote actions (any order); omitted = none. */
  commands?: readonly DeviceCommandRow[];
}

/**
 * The security state the device last reported, kept while a compliance policy applies to it
 * (docs/device-channel.md "Security state"): jailBroken, isEncrypted and androidSecurityPatchLevel
 * come from it; without it they are Intune's "not known" values.
 */
function reportedSecurity(row: ManagedDeviceRow): ReportedSecurityState | null {
  if (!row.compliance_policy_states) return null;
  return (JSON.parse(row.compliance_policy_states) as StoredComplianceEvaluation).security;
}

/** A stored device as Graph's managedDevice. */
export function toManagedDevice(
  row: ManagedDeviceRow,
  view: ManagedDeviceView,
): GraphManagedDevice {
  const hasUser = row.user_principal_name !== null;
  const security = reportedSecurity(row);
  const device: GraphManagedDevice = {
    id: row.id,
    userId: '',
    deviceName: row.device_name,
    managedDeviceOwnerType: OWNER_TYPES[row.ownership] ?? 'unknown',
    enrolledDateTime: graphDateTime(Number(row.enrolled_at)),
    lastSyncDateTime: graphDateTime(Number(row.last_checkin_at)),
    operatingSystem: OPERATING_SYSTEMS[row.platform],
    complianceState: row.compliance_state,
    jailBroken:
      security?.jailBroken === undefined ? 'Unknown' : security.jailBroken ? 'True' : 'False',
    managementAgent: 'mdm',
    osVersion: row.os_version,
    easActivated: false,
    easDeviceId: '',
    easActivationDateTime: NO_DATE_TIME,
    azureADRegistered: row.windows_device_id !== null,
    deviceEnrollmentType: deviceEnrollmentType(
      view.version,
      row.enrollment_type,
      hasUser,
    ) as Graph.DeviceEnrollmentType,
    activationLockBypassCode: null,
    emailAddress: row.user_email ?? '',
    azureADDeviceId: row.windows_device_id ?? NO_GUID,
    deviceRegistrationState: 'registered',
    deviceCategoryDisplayName: 'Unknown',
    isSupervised:
      row.platform === 'ios' &&
      (row.enrollment_type === 'automatedDeviceEnrollment' ||
        row.enrollment_type === 'appleConfigurator'),
    exchangeLastSuccessfulSyncDateTime: NO_DATE_TIME,
    exchangeAccessState: 'none',
    exchangeAccessStateReason: 'none',
    remoteAssistanceSessionUrl: '',
    remoteAssistanceSessionErrorDetails: '',
    isEncrypted: security?.storageEncrypted ?? false,
    userPrincipalName: row.user_principal_name ?? '',
    model: row.model,
    manufacturer: row.manufacturer,
    imei: row.imei ?? '',
    complianceGracePeriodExpirationDateTime: '9999-12-31T23:59:59Z',
    serialNumber: row.serial_number ?? '',
    phoneNumber: phoneNumberOf(row),
    androidSecurityPatchLevel: security?.securityPatchLevel ?? '',
    userDisplayName: row.user_display_name ?? '',
    configurationManagerClientEnabledFeatures: null,
    wiFiMacAddress: row.wifi_mac ?? '',
    deviceHealthAttestationState: null,
    subscriberCarrier: row.subscriber_carrier ?? '',
    meid: row.meid ?? '',
    totalStorageSpaceInBytes: int64(row.total_storage_bytes),
    freeStorageSpaceInBytes: int64(row.free_storage_bytes),
    managedDeviceName: row.managed_device_name ?? generatedManagedDeviceName(row),
    partnerReportedThreatState: 'unknown',
    requireUserEnrollmentApproval: null,
    managementCertificateExpirationDate: NO_DATE_TIME,
    iccid: view.single ? row.iccid : null,
    udid: view.single ? row.udid : null,
    notes: view.single ? row.notes : null,
    ethernetMacAddress: view.single ? row.ethernet_mac : null,
    physicalMemoryInBytes: view.single ? int64(row.physical_memory_bytes) : 0,
    enrollmentProfileName: null,
    deviceActionResults: deviceActionResults(view.commands ?? []),
  };
  if (view.version === 'beta') Object.assign(device, betaProperties(row, view, device));
  return device;
}

/**
 * The managedDevice properties only beta has. What we know is derived from the stored device
 * (owner type, device type, join type, Autopilot); the rest carries Intune's empty values.
 */
function betaProperties(
  row: ManagedDeviceRow,
  view: ManagedDeviceView,
  device: GraphManagedDevice,
): Partial<GraphManagedDevice> {
  return {
    hardwareInformation: hardwareInformation(row, Boolean(view.hardwareInformation), device),
    ownerType: device.managedDeviceOwnerType as GraphBeta.OwnerType,
    managementState: row.management_state,
    chassisType: 'unknown',
    deviceType: deviceTypeOf(row),
    aadRegistered: device.azureADRegistered,
    lostModeState: 'disabled',
    azureActiveDirectoryDeviceId: device.azureADDeviceId,
    retireAfterDateTime: NO_DATE_TIME,
    usersLoggedOn: [],
    preferMdmOverGroupPolicyAppliedDateTime: NO_DATE_TIME,
    autopilotEnrolled: row.enrollment_type === 'windowsAutopilot',
    roleScopeTagIds: ['0'],
    windowsActiveMalwareCount: 0,
    windowsRemediatedMalwareCount: 0,
    configurationManagerClientHealthState: null,
    configurationManagerClientInformation: null,
    processorArchitecture: 'unknown',
    specificationVersion: null,
    joinType: joinTypeOf(row),
    skuFamily: '',
    skuNumber: 0,
    managementFeatures: 'none',
    chromeOSDeviceInfo: [],
    bootstrapTokenEscrowed: false,
    deviceFirmwareConfigurationInterfaceManaged: false,
  };
}

/** beta's deviceType: Intune reports Windows 10/11 MDM devices as windowsRT. */
function deviceTypeOf(row: ManagedDeviceRow): GraphBeta.DeviceType {
  switch (row.platform) {
    case 'ios':
      return row.model.startsWith('iPad') ? 'iPad' : 'iPhone';
    case 'macos':
      return 'macMDM';
    case 'windows':
      return 'windowsRT';
    case 'android':
      return row.enrollment_type === 'androidPersonalWorkProfile'
        ? 'androidForWork'
        : row.enrollment_type === 'androidDeviceAdministrator'
          ? 'android'
          : 'androidEnterprise';
  }
}

function joinTypeOf(row: ManagedDeviceRow): GraphBeta.JoinType {
  if (row.platform !== 'windows') return 'unknown';
  if (row.enrollment_type === 'entraRegistered') return 'azureADRegistered';
  if (row.enrollment_type === 'windowsAutopilot' || row.enrollment_type === 'entraJoined') {
    return 'azureADJoined';
  }
  return row.windows_device_id === null ? 'unknown' : 'azureADJoined';
}

const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

/**
 * beta's hardwareInformation. Filled, it carries what we store and the v1.0 properties do not
 * show: the eSIM EID (esimIdentifier) and the reported IPv4 address (ipAddressV4), beside the
 * hardware the device object repeats. The phone number is masked for personal devices as
 * everywhere. Stored and not shown here: a second IMEI (Graph has no property for it; the data
 * subject export shows it) and an IPv6 address.
 */
function hardwareInformation(
  row: ManagedDeviceRow,
  filled: boolean,
  device: GraphManagedDevice,
): GraphBeta.HardwareInformation {
  const value = <T>(known: T, empty: T): T => (filled ? known : empty);
  return {
    serialNumber: value(row.serial_number, null),
    totalStorageSpace: value(int64(row.total_storage_bytes), 0),
    freeStorageSpace: value(int64(row.free_storage_bytes), 0),
    imei: value(row.imei, null),
    meid: value(row.meid, null),
    manufacturer: value(row.manufacturer, null),
    model: value(row.model, null),
    phoneNumber: value(device.phoneNumber || null, null),
    subscriberCarrier: value(row.subscriber_carrier, null),
    cellularTechnology: null,
    wifiMac: value(row.wifi_mac, null),
    operatingSystemLanguage: null,
    isSupervised: value(device.isSupervised ?? false, false),
    isEncrypted: value(device.isEncrypted ?? false, false),
    batterySerialNumber: null,
    batteryHealthPercentage: 0,
    batteryChargeCycles: 0,
    isSharedDevice: false,
    sharedDeviceCachedUsers: [],
    tpmSpecificationVersion: null,
    operatingSystemEdition: null,
    deviceFullQualifiedDomainName: null,
    deviceGuardVirtualizationBasedSecurityHardwareRequirementState: 'meetHardwareRequirements',
    deviceGuardVirtualizationBasedSecurityState: 'notConfigured',
    deviceGuardLocalSystemAuthorityCredentialGuardState: 'notConfigured',
    osBuildNumber: null,
    operatingSystemProductType: 0,
    ipAddressV4: value(row.ip_address && IPV4.test(row.ip_address) ? row.ip_address : null, null),
    subnetAddress: null,
    esimIdentifier: value(row.eid ?? null, null),
    systemManagementBIOSVersion: null,
    tpmManufacturer: null,
    tpmVersion: null,
    wiredIPv4Addresses: [],
    batteryLevelPercentage: null,
    residentUsersCount: null,
    productName: null,
    deviceLicensingStatus: 'unknown',
    deviceLicensingLastErrorCode: 0,
    deviceLicensingLastErrorDescription: null,
  };
}

/** Personal devices keep only the last four digits (docs/collection-rules.md "Phone number, location, diagnostics"); shown masked. */
function phoneNumberOf(row: ManagedDeviceRow): string {
  if (row.phone_number) return row.phone_number;
  return row.phone_number_last4 ? `*******${row.phone_number_last4}` : '';
}

/**
 * Intune names a device `<user>_<OS>_<M/D/YYYY>_<h:mm AM>` (enrollment time, UTC) until an admin
 * renames it; userless devices use the device name in place of the user.
 */
export function generatedManagedDeviceName(row: ManagedDeviceRow): string {
  const who = row.user_principal_name?.split('@')[0] || row.device_name;
  const at = new Date(Number(row.enrolled_at));
  const hours = at.getUTCHours();
  const time = `${hours % 12 || 12}:${String(at.getUTCMinutes()).padStart(2, '0')} ${hours < 12 ? 'AM' : 'PM'}`;
  const date = `${at.getUTCMonth() + 1}/${at.getUTCDate()}/${at.getUTCFullYear()}`;
  return `${who}_${OPERATING_SYSTEMS[row.platform]}_${date}_${time}`;
}

/** The latest request of each action, as Intune lists them (see src/remote-actions). */
export function deviceActionResults(commands: readonly DeviceCommandRow[]): DeviceActionResult[] {
  return deviceActionResultsOf(
    commands.map((command) => ({
      action: command.action,
      status: command.status,
      requestedAt: Number(command.requested_at),
      deliveredAt: command.delivered_at === null ? null : Number(command.delivered_at),
      completedAt: command.completed_at === null ? null : Number(command.completed_at),
      result: command.result
        ? (JSON.parse(command.result) as DeviceCommandSummary['result'])
        : null,
    })),
  );
}

function sampleManagedDevice(version: GraphVersion): GraphManagedDevice {
  return toManagedDevice(
    {
      id: NO_GUID,
      platform: 'ios',
      enrollment_type: 'companyPortal',
      ownership: 'unknown',
      management_state: 'managed',
      compliance_state: 'unknown',
      device_name: '',
      managed_device_name: '',
      manufacturer: '',
      model: '',
      os_version: '',
      serial_number: null,
      imei: null,
      meid: null,
      iccid: null,
      udid: null,
      wifi_mac: null,
      ethernet_mac: null,
      phone_number: null,
      phone_number_last4: null,
      subscriber_carrier: null,
      total_storage_bytes: null,
      free_storage_bytes: null,
      physical_memory_bytes: null,
      windows_device_id: null,
      user_principal_name: null,
      user_display_name: null,
      user_email: null,
      notes: null,
      enrolled_at: 0,
      last_checkin_at: 0,
    },
    { version, single: true },
  );
}

/** Every property of Graph's managedDevice we answer (beta's are a superset of v1.0's). */
export const MANAGED_DEVICE_PROPERTY_NAMES: readonly string[] = Object.keys(
  sampleManagedDevice('beta'),
);

const V1_RESOURCE = buildResource('v1.0');
const BETA_RESOURCE = buildResource('beta');
