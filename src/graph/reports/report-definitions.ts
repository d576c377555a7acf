import { Ownership } from '../../collection-rules';
import { GraphManagedDevice } from '../managed-device';

/**
 * The reports `/deviceManagement/reports/exportJobs` exports, with the columns Microsoft documents
 * for them ("Export Intune reports using Graph APIs", available reports): the name a request
 * selects, the header the file carries, and where the value comes from. See
 * docs/graph-properties.md for what is empty here and why.
 */
export const REPORT_NAMES = ['DevicesWithInventory', 'AppInvRawData'] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

export const REPORT_FORMATS = ['csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const LOCALIZATION_TYPES = [
  'localizedValuesAsAdditionalColumn',
  'replaceLocalizableValues',
] as const;

/** One row of DevicesWithInventory: the device as Graph's beta managedDevice, plus two columns. */
export interface DeviceReportRow {
  device: GraphManagedDevice;
  eid: string | null;
  ipAddress: string | null;
}

/** One row of AppInvRawData: a detected app on a live device. */
export interface AppInventoryReportRow {
  appKey: string;
  appName: string;
  publisher: string | null;
  version: string;
  device: Pick<
    GraphManagedDevice,
    'id' | 'deviceName' | 'operatingSystem' | 'osVersion' | 'emailAddress' | 'userDisplayName'
  >;
}

interface Column<TRow> {
  /** The name a request selects (and filters on). */
  name: string;
  /** The header of the exported file. */
  header: string;
  /** Also accepted in `select` for this column (Microsoft's backward-compatible aliases). */
  alias?: string;
  /** Exported only when selected. */
  onRequestOnly?: true;
  value: (row: TRow) => string | number | boolean | null;
}

const empty = () => '';
const IPV4 = /^(\d{1,3}\.){3}\d{1,3}$/;

const OWNERSHIP_HEADER_VALUES: Readonly<Record<string, string>> = {
  company: 'Corporate',
  personal: 'Personal',
  unknown: 'Unknown',
};

const DEVICE_COLUMNS: readonly Column<DeviceReportRow>[] = [
  { name: 'DeviceId', header: 'Device ID', value: (r) => r.device.id ?? '' },
  { name: 'DeviceName', header: 'Device name', value: (r) => r.device.deviceName ?? '' },
  { name: 'CreatedDate', header: 'Enrollment date', value: (r) => r.device.enrolledDateTime ?? '' },
  { name: 'LastContact', header: 'Last check-in', value: (r) => r.device.lastSyncDateTime ?? '' },
  {
    name: 'ReferenceId',
    header: 'Microsoft Entra Device ID',
    value: (r) => r.device.azureADDeviceId ?? '',
  },
  { name: 'OSVersion', header: 'OS version', value: (r) => r.device.osVersion ?? '' },
  {
    name: 'GraphDeviceIsManaged',
    header: 'Microsoft Entra registered',
    value: (r) => r.device.azureADRegistered ?? false,
  },
  { name: 'EasID', header: 'EAS activation ID', value: (r) => r.device.easDeviceId ?? '' },
  { name: 'SerialNumber', header: 'Serial number', value: (r) => r.device.serialNumber ?? '' },
  { name: 'Manufacturer', header: 'Manufacturer', value: (r) => r.device.manufacturer ?? '' },
  { name: 'Model', header: 'Model', value: (r) => r.device.model ?? '' },
  {
    name: 'EasActivationStatus',
    header: 'EAS activated',
    value: (r) => r.device.easActivated ?? false,
  },
  { name: 'IMEI', header: 'IMEI', value: (r) => r.device.imei ?? '' },
  { name: 'EasLastSyncSuccessUtc', header: 'Last EAS sync time', value: empty },
  { name: 'EasStateReason', header: 'EAS reason', value: empty },
  { name: 'EasAccessState', header: 'EAS status', value: empty },
  {
    name: 'InGracePeriodUntil',
    header: 'Compliance grace period expiration',
    value: (r) => r.device.complianceGracePeriodExpirationDateTime ?? '',
  },
  {
    name: 'AndroidPatchLevel',
    header: 'Security patch level',
    value: (r) => r.device.androidSecurityPatchLevel ?? '',
  },
  { name: 'WifiMacAddress', header: 'Wi-Fi MAC', value: (r) => r.device.wiFiMacAddress ?? '' },
  { name: 'MEID', header: 'MEID', value: (r) => r.device.meid ?? '' },
  {
    name: 'SubscriberCarrierNetwork',
    header: 'Subscriber carrier',
    value: (r) => r.device.subscriberCarrier ?? '',
  },
  {
    name: 'StorageTotal',
    header: 'Total storage',
    value: (r) => r.device.totalStorageSpaceInBytes ?? 0,
  },
  {
    name: 'StorageFree',
    header: 'Free storage',
    value: (r) => r.device.freeStorageSpaceInBytes ?? 0,
  },
  {
    name: 'ManagedDeviceName',
    header: 'Management name',
    value: (r) => r.device.managedDeviceName ?? '',
  },
  { name: 'CategoryName', header: 'Category', value: empty },
  { name: 'UserId', header: 'UserId', value: (r) => r.device.userId ?? '' },
  { name: 'UPN', header: 'Primary user UPN', value: (r) => r.device.userPrincipalName ?? '' },
  {
    name: 'UserEmail',
    header: 'Primary user email address',
    value: (r) => r.device.emailAddress ?? '',
  },
  {
    name: 'UserName',
    header: 'Primary user display name',
    value: (r) => r.device.userDisplayName ?? '',
  },
  {
    name: 'WiFiIPv4Address',
    header: 'WiFiIPv4Address',
    value: (r) => (r.ipAddress && IPV4.test(r.ipAddress) ? r.ipAddress : ''),
  },
  { name: 'WiFiSubnetID', header: 'WiFiSubnetID', value: empty },
  {
    name: 'CompliantState',
    alias: 'ComplianceState',
    header: 'Compliance',
    value: (r) => r.device.complianceState ?? '',
  },
  { name: 'ManagementAgent', header: 'Managed by', value: () => 'Intune' },
  {
    name: 'OwnerType',
    header: 'Ownership',
    value: (r) => OWNERSHIP_HEADER_VALUES[r.device.managedDeviceOwnerType ?? 'unknown'],
  },
  {
    name: 'ManagementState',
    header: 'Device state',
    value: (r) => r.device.managementState ?? '',
  },
  {
    name: 'DeviceRegistrationState',
    header: 'Intune registered',
    value: (r) => r.device.deviceRegistrationState ?? '',
  },
  { name: 'IsSupervised', header: 'Supervised', value: (r) => r.device.isSupervised ?? false },
  { name: 'IsEncrypted', header: 'Encrypted', value: (r) => r.device.isEncrypted ?? false },
  {
    name: 'DeviceType',
    alias: 'OS',
    header: 'OS',
    value: (r) => r.device.operatingSystem ?? '',
  },
  { name: 'SkuFamily', header: 'SkuFamily', value: (r) => r.device.skuFamily ?? '' },
  { name: 'JoinType', header: 'JoinType', value: (r) => r.device.joinType ?? '' },
  { name: 'PhoneNumber', header: 'Phone number', value: (r) => r.device.phoneNumber ?? '' },
  { name: 'JailBroken', header: 'Jailbroken', value: (r) => r.device.jailBroken ?? '' },
  { name: 'ICCID', header: 'ICCID', value: (r) => r.device.iccid ?? '' },
  { name: 'EthernetMAC', header: 'EthernetMAC', value: (r) => r.device.ethernetMacAddress ?? '' },
  { name: 'CellularTechnology', header: 'CellularTechnology', value: empty },
  { name: 'ProcessorArchitecture', header: 'ProcessorArchitecture', value: () => 'Unknown' },
  { name: 'EID', header: 'EID', value: (r) => r.eid ?? '' },
  {
    name: 'EnrollmentType',
    header: 'EnrollmentType',
    onRequestOnly: true,
    value: (r) => r.device.deviceEnrollmentType ?? '',
  },
  {
    name: 'PartnerFeaturesBitmask',
    header: 'PartnerFeaturesBitmask',
    onRequestOnly: true,
    value: () => 0,
  },
  { name: 'ManagementAgents', header: 'ManagementAgents', onRequestOnly: true, value: () => 'MDM' },
  {
    name: 'CertExpirationDate',
    header: 'CertExpirationDate',
    onRequestOnly: true,
    value: (r) => r.device.managementCertificateExpirationDate ?? '',
  },
  { name: 'IsManaged', header: 'IsManaged', onRequestOnly: true, value: () => true },
  { name: 'SystemManagementBIOSVersion', header: 'SystemManagementBIOSVersion', value: empty },
  { name: 'TPMManufacturerId', header: 'TPMManufacturerId', value: empty },
  { name: 'TPMManufacturerVersion', header: 'TPMManufacturerVersion', value: empty },
];

const APP_COLUMNS: readonly Column<AppInventoryReportRow>[] = [
  { name: 'ApplicationKey', header: 'ApplicationKey', value: (r) => r.appKey },
  { name: 'ApplicationName', header: 'ApplicationName', value: (r) => r.appName },
  { name: 'ApplicationPublisher', header: 'ApplicationPublisher', value: (r) => r.publisher ?? '' },
  { name: 'ApplicationShortVersion', header: 'ApplicationShortVersion', value: (r) => r.version },
  { name: 'ApplicationVersion', header: 'ApplicationVersion', value: (r) => r.version },
  { name: 'DeviceId', header: 'DeviceId', value: (r) => r.device.id ?? '' },
  { name: 'DeviceName', header: 'DeviceName', value: (r) => r.device.deviceName ?? '' },
  {
    name: 'OSDescription',
    header: 'OSDescription',
    value: (r) => `${r.device.operatingSystem ?? ''} ${r.device.osVersion ?? ''}`.trim(),
  },
  { name: 'OSVersion', header: 'OSVersion', value: (r) => r.device.osVersion ?? '' },
  { name: 'Platform', header: 'Platform', value: (r) => r.device.operatingSystem ?? '' },
  { name: 'UserId', header: 'UserId', value: empty },
  { name: 'EmailAddress', header: 'EmailAddress', value: (r) => r.device.emailAddress ?? '' },
  { name: 'UserName', header: 'UserName', value: (r) => r.device.userDisplayName ?? '' },
];

export const REPORT_COLUMNS = {
  DevicesWithInventory: DEVICE_COLUMNS,
  AppInvRawData: APP_COLUMNS,
} as const;

export type ReportColumns<TRow> = readonly Column<TRow>[];

/** The columns an export writes, in the report's order: the selected ones, or the defaults. */
export function columnsToExport<TRow>(
  report: string,
  columns: ReportColumns<TRow>,
  select: readonly string[] | undefined,
): ReportColumns<TRow> | { problem: string; target: string } {
  if (!select || select.length === 0) return columns.filter((column) => !column.onRequestOnly);
  const wanted = new Set<Column<TRow>>();
  for (const name of select) {
    const column = columns.find(
      (candidate) =>
        candidate.name.toLowerCase() === name.toLowerCase() ||
        candidate.alias?.toLowerCase() === name.toLowerCase(),
    );
    if (!column) return { target: 'select', problem: `is not a column of ${report}` };
    wanted.add(column);
  }
  return columns.filter((column) => wanted.has(column));
}

/** Microsoft's report filters compare OwnerType with 0/1/2 (unknown, company, personal). */
export const OWNER_TYPE_FILTER_VALUES: Readonly<Record<string, Ownership>> = {
  '0': 'unknown',
  '1': 'corporate',
  '2': 'personal',
  unknown: 'unknown',
  company: 'corporate',
  personal: 'personal',
};
