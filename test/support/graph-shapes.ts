import type { DetectedApp, ManagedDevice } from '@microsoft/microsoft-graph-types';

/**
 * Runtime witnesses of the Graph interfaces. `tsc` checks that a witness has every non-navigation
 * property of its interface with a value of the declared type, and that every key listed as
 * nullable is nullable there; `expectGraphShape` then checks a response against it: the same
 * property names, each value of the witness's JSON type (or null where the interface allows it).
 */
type NullableKeys<T> = { [K in keyof T]-?: null extends T[K] ? K : never }[keyof T];

export interface GraphShape<T> {
  sample: { [K in keyof T]-?: Exclude<T[K], null | undefined> };
  nullable: readonly NullableKeys<T>[];
}

type ManagedDeviceProperties = Omit<
  ManagedDevice,
  | 'deviceCategory'
  | 'deviceCompliancePolicyStates'
  | 'deviceConfigurationStates'
  | 'logCollectionRequests'
  | 'users'
  | 'windowsProtectionState'
>;

export const MANAGED_DEVICE_SHAPE: GraphShape<ManagedDeviceProperties> = {
  sample: {
    id: '',
    activationLockBypassCode: '',
    androidSecurityPatchLevel: '',
    azureADDeviceId: '',
    azureADRegistered: false,
    complianceGracePeriodExpirationDateTime: '',
    complianceState: 'compliant',
    configurationManagerClientEnabledFeatures: {},
    deviceActionResults: [],
    deviceCategoryDisplayName: '',
    deviceEnrollmentType: 'unknown',
    deviceHealthAttestationState: {},
    deviceName: '',
    deviceRegistrationState: 'registered',
    easActivated: false,
    easActivationDateTime: '',
    easDeviceId: '',
    emailAddress: '',
    enrolledDateTime: '',
    enrollmentProfileName: '',
    ethernetMacAddress: '',
    exchangeAccessState: 'none',
    exchangeAccessStateReason: 'none',
    exchangeLastSuccessfulSyncDateTime: '',
    freeStorageSpaceInBytes: 0,
    iccid: '',
    imei: '',
    isEncrypted: false,
    isSupervised: false,
    jailBroken: '',
    lastSyncDateTime: '',
    managedDeviceName: '',
    managedDeviceOwnerType: 'company',
    managementAgent: 'mdm',
    managementCertificateExpirationDate: '',
    manufacturer: '',
    meid: '',
    model: '',
    notes: '',
    operatingSystem: '',
    osVersion: '',
    partnerReportedThreatState: 'unknown',
    phoneNumber: '',
    physicalMemoryInBytes: 0,
    remoteAssistanceSessionErrorDetails: '',
    remoteAssistanceSessionUrl: '',
    requireUserEnrollmentApproval: false,
    serialNumber: '',
    subscriberCarrier: '',
    totalStorageSpaceInBytes: 0,
    udid: '',
    userDisplayName: '',
    userId: '',
    userPrincipalName: '',
    wiFiMacAddress: '',
  },
  nullable: [
    'activationLockBypassCode',
    'configurationManagerClientEnabledFeatures',
    'deviceHealthAttestationState',
    'enrollmentProfileName',
    'requireUserEnrollmentApproval',
    'iccid',
    'udid',
    'notes',
    'ethernetMacAddress',
  ],
};

export const DETECTED_APP_SHAPE: GraphShape<Omit<DetectedApp, 'managedDevices'>> = {
  sample: {
    id: '',
    deviceCount: 0,
    displayName: '',
    platform: 'ios',
    publisher: '',
    sizeInByte: 0,
    version: '',
  },
  nullable: ['publisher'],
};

const jsonType = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;

export function expectGraphShape<T>(value: object, shape: GraphShape<T>): void {
  const entries = Object.entries(value).filter(([name]) => !name.startsWith('@odata.'));
  expect(entries.map(([name]) => name).sort()).toEqual(Object.keys(shape.sample).sort());
  const nullable = new Set<string>(shape.nullable as readonly string[]);
  for (const [name, actual] of entries) {
    const expected = jsonType((shape.sample as Record<string, unknown>)[name]);
    const allowed = nullable.has(name) ? [expected, 'null'] : [expected];
    if (!allowed.includes(jsonType(actual))) {
      throw new Error(`${name}: ${jsonType(actual)} where Graph has ${allowed.join(' or ')}`);
    }
  }
}
