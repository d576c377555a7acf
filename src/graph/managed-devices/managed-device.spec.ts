import Database from 'better-sqlite3';
import { ENROLLMENT_TYPE_NAMES, PLATFORMS } from '../../rules';
import {
  deviceActionResults,
  deviceEnrollmentType,
  deviceEnrollmentTypeSql,
  generatedManagedDeviceName,
  managedDeviceResource,
  ManagedDeviceRow,
  OPERATING_SYSTEMS,
  toManagedDevice,
} from './managed-device';

const row = (overrides: Partial<ManagedDeviceRow> = {}): ManagedDeviceRow => ({
  id: '6f1c2b9e-0d4a-4c1e-9a55-0b8c2f7e1d00',
  platform: 'ios',
  enrollment_type: 'companyPortal',
  ownership: 'personal',
  management_state: 'managed',
  compliance_state: 'compliant',
  device_name: 'Ada’s iPhone',
  managed_device_name: null,
  manufacturer: 'Apple',
  model: 'iPhone 15',
  os_version: '17.4.1',
  serial_number: null,
  imei: '350000000000018',
  meid: null,
  iccid: '89460100000000000011',
  udid: '00008030-0000000000000001',
  wifi_mac: null,
  ethernet_mac: null,
  phone_number: null,
  phone_number_last4: '4567',
  subscriber_carrier: null,
  total_storage_bytes: '128000000000',
  free_storage_bytes: null,
  physical_memory_bytes: 6 * 2 ** 30,
  windows_device_id: null,
  user_principal_name: 'ada@contoso.example',
  user_display_name: 'Ada Lovelace',
  user_email: null,
  notes: 'Loaner',
  enrolled_at: Date.UTC(2024, 0, 5, 14, 3, 9),
  last_checkin_at: Date.UTC(2024, 0, 6, 9, 0, 0, 250),
  ...overrides,
});

describe('a stored device as Graph’s managedDevice', () => {
  it('uses Graph’s enum words, ISO-8601 UTC dates and Int64 numbers', () => {
    const device = toManagedDevice(row(), { version: 'v1.0', single: true });
    expect(device).toMatchObject({
      managedDeviceOwnerType: 'personal',
      complianceState: 'compliant',
      operatingSystem: 'iOS',
      deviceEnrollmentType: 'userEnrollment',
      managementAgent: 'mdm',
      enrolledDateTime: '2024-01-05T14:03:09Z',
      lastSyncDateTime: '2024-01-06T09:00:00.250Z',
      totalStorageSpaceInBytes: 128000000000,
      freeStorageSpaceInBytes: 0,
    });
    expect(
      toManagedDevice(row({ ownership: 'corporate' }), { version: 'v1.0', single: true }),
    ).toMatchObject({ managedDeviceOwnerType: 'company' });
  });

  it('answers with Intune’s empty values where we have no data', () => {
    const device = toManagedDevice(row(), { version: 'v1.0', single: true });
    expect(device).toMatchObject({
      serialNumber: '',
      meid: '',
      wiFiMacAddress: '',
      emailAddress: '',
      subscriberCarrier: '',
      userId: '',
      activationLockBypassCode: null,
      enrollmentProfileName: null,
      easActivationDateTime: '0001-01-01T00:00:00Z',
      azureADDeviceId: '00000000-0000-0000-0000-000000000000',
      deviceActionResults: [],
    });
  });

  it('shows iccid, udid, ethernetMacAddress, notes and physical memory only on a single GET', () => {
    const single = toManagedDevice(row(), { version: 'v1.0', single: true });
    const listed = toManagedDevice(row(), { version: 'v1.0', single: false });
    expect(single).toMatchObject({
      iccid: '89460100000000000011',
      udid: '00008030-0000000000000001',
      notes: 'Loaner',
      physicalMemoryInBytes: 6 * 2 ** 30,
    });
    expect(listed).toMatchObject({
      iccid: null,
      udid: null,
      notes: null,
      ethernetMacAddress: null,
      physicalMemoryInBytes: 0,
    });
    expect(Object.keys(listed)).toEqual(Object.keys(single));
  });

  it('shows a personal device’s phone number masked to the last four digits it keeps', () => {
    expect(toManagedDevice(row(), { version: 'v1.0', single: true }).phoneNumber).toBe(
      '*******4567',
    );
    const corporate = row({ phone_number: '+46701234567', phone_number_last4: null });
    expect(toManagedDevice(corporate, { version: 'v1.0', single: true }).phoneNumber).toBe(
      '+46701234567',
    );
  });

  it('has managementState in beta only', () => {
    const retiring = row({ management_state: 'retirePending' });
    expect(toManagedDevice(retiring, { version: 'beta', single: true }).managementState).toBe(
      'retirePending',
    );
    expect(toManagedDevice(retiring, { version: 'v1.0', single: true })).not.toHaveProperty(
      'managementState',
    );
    expect(managedDeviceResource('v1.0').properties).not.toHaveProperty('managementState');
  });

  it('names an unnamed device as Intune does: user_OS_date_time', () => {
    expect(generatedManagedDeviceName(row())).toBe('ada_iOS_1/5/2024_2:03 PM');
    expect(generatedManagedDeviceName(row({ user_principal_name: null, enrolled_at: 0 }))).toBe(
      'Ada’s iPhone_iOS_1/1/1970_12:00 AM',
    );
    expect(
      toManagedDevice(row({ managed_device_name: 'Front desk' }), { version: 'v1.0', single: true })
        .managedDeviceName,
    ).toBe('Front desk');
  });
});

describe('deviceEnrollmentType', () => {
  it('gives Android Enterprise its beta members and unknownFutureValue in v1.0', () => {
    expect(deviceEnrollmentType('beta', 'androidFullyManaged', true)).toBe(
      'androidEnterpriseFullyManaged',
    );
    expect(deviceEnrollmentType('v1.0', 'androidFullyManaged', true)).toBe('unknownFutureValue');
    expect(deviceEnrollmentType('v1.0', 'automatedDeviceEnrollment', true)).toBe(
      'appleBulkWithUser',
    );
    expect(deviceEnrollmentType('v1.0', 'automatedDeviceEnrollment', false)).toBe(
      'appleBulkWithoutUser',
    );
  });

  it('filters with SQL that gives exactly the value shown, for every enrollment type', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE device (enrollment_type text, user_principal_name text)');
    for (const version of ['v1.0', 'beta'] as const) {
      const sql = `SELECT ${deviceEnrollmentTypeSql(version)} AS member FROM device d`;
      for (const type of ENROLLMENT_TYPE_NAMES) {
        for (const upn of ['u@contoso.example', null]) {
          db.exec('DELETE FROM device');
          db.prepare('INSERT INTO device VALUES (?, ?)').run(type, upn);
          const { member } = db.prepare(sql).get() as { member: string };
          expect(member).toBe(deviceEnrollmentType(version, type, upn !== null));
        }
      }
    }
    db.close();
  });
});

describe('operatingSystem', () => {
  it('lower-cases to the stored platform word, so the column serves filter and sort', () => {
    for (const platform of PLATFORMS) {
      expect(OPERATING_SYSTEMS[platform].toLowerCase()).toBe(platform);
    }
  });
});

describe('deviceActionResults', () => {
  const command = (
    action: 'syncDevice' | 'remoteLock' | 'retire',
    status: 'pending' | 'delivered' | 'done' | 'failed' | 'cancelled',
    requestedAt: number,
    more: { delivered_at?: number; completed_at?: number } = {},
  ) => ({
    device_id: 'd',
    action,
    status,
    requested_at: requestedAt,
    delivered_at: more.delivered_at ?? null,
    completed_at: more.completed_at ?? null,
  });

  it('maps each action’s latest request to Graph’s action states and times', () => {
    const results = deviceActionResults([
      command('syncDevice', 'done', 1000, { delivered_at: 2000, completed_at: 3000 }),
      command('syncDevice', 'delivered', 5000, { delivered_at: 6000 }),
      command('remoteLock', 'cancelled', 4000, { completed_at: 4500 }),
      command('retire', 'pending', 7000),
    ]);
    expect(results).toEqual([
      {
        actionName: 'remoteLock',
        actionState: 'canceled',
        startDateTime: '1970-01-01T00:00:04Z',
        lastUpdatedDateTime: '1970-01-01T00:00:04.500Z',
      },
      {
        actionName: 'syncDevice',
        actionState: 'active',
        startDateTime: '1970-01-01T00:00:05Z',
        lastUpdatedDateTime: '1970-01-01T00:00:06Z',
      },
      {
        actionName: 'retire',
        actionState: 'pending',
        startDateTime: '1970-01-01T00:00:07Z',
        lastUpdatedDateTime: '1970-01-01T00:00:07Z',
      },
    ]);
  });
});
