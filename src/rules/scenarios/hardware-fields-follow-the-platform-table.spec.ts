import {
  EnrollmentType,
  enrollmentTypesOf,
  HARDWARE_FIELDS,
  HardwareField,
  fieldNotOnPlatform,
  Platform,
  PLATFORMS,
} from '..';

/** A field a platform has, has not, or has except under the listed enrollment types. */
type Expected = 'yes' | 'no' | { notUnder: EnrollmentType[] };
const yes = 'yes';
const no = 'no';
const notUnderUserEnrollment: Expected = { notUnder: ['appleUserEnrollment'] };
/** Android 10+: no non-resettable identifiers for a device administrator. */
const notUnderDeviceAdministrator: Expected = { notUnder: ['androidDeviceAdministrator'] };
const corporateModesOnly: Expected = {
  notUnder: ['androidPersonalWorkProfile', 'androidDeviceAdministrator'],
};

/**
 * docs/collection-rules.md "Hardware", transcribed by hand for Android 11 (the generated matrix
 * covers the other versions). Android 12+ personal work profile identifiers have their own scenario.
 */
const SECTION_3: Record<HardwareField, Record<Platform, Expected>> = {
  deviceName: { ios: yes, android: yes, macos: yes, windows: yes },
  manufacturer: { ios: yes, android: yes, macos: yes, windows: yes },
  model: { ios: yes, android: yes, macos: yes, windows: yes },
  osVersion: { ios: yes, android: yes, macos: yes, windows: yes },
  serialNumber: {
    ios: notUnderUserEnrollment,
    android: notUnderDeviceAdministrator,
    macos: notUnderUserEnrollment,
    windows: yes,
  },
  imei: {
    ios: notUnderUserEnrollment,
    android: notUnderDeviceAdministrator,
    macos: no,
    windows: yes,
  },
  imei2: {
    ios: notUnderUserEnrollment,
    android: notUnderDeviceAdministrator,
    macos: no,
    windows: yes,
  },
  meid: {
    ios: notUnderUserEnrollment,
    android: notUnderDeviceAdministrator,
    macos: no,
    windows: yes,
  },
  iccid: { ios: notUnderUserEnrollment, android: corporateModesOnly, macos: no, windows: yes },
  eid: { ios: notUnderUserEnrollment, android: corporateModesOnly, macos: no, windows: yes },
  udid: { ios: notUnderUserEnrollment, android: no, macos: notUnderUserEnrollment, windows: no },
  wiFiMacAddress: {
    ios: notUnderUserEnrollment,
    android: corporateModesOnly,
    macos: notUnderUserEnrollment,
    windows: yes,
  },
  ethernetMacAddress: { ios: no, android: no, macos: notUnderUserEnrollment, windows: yes },
  phoneNumber: { ios: notUnderUserEnrollment, android: yes, macos: no, windows: yes },
  subscriberCarrier: { ios: notUnderUserEnrollment, android: yes, macos: no, windows: yes },
  ipAddress: { ios: yes, android: yes, macos: yes, windows: yes },
  totalStorageSpaceInBytes: { ios: yes, android: yes, macos: yes, windows: yes },
  freeStorageSpaceInBytes: { ios: yes, android: yes, macos: yes, windows: yes },
  physicalMemoryInBytes: { ios: yes, android: yes, macos: yes, windows: yes },
  appleId: { ios: yes, android: no, macos: no, windows: no },
  androidId: { ios: no, android: yes, macos: no, windows: no },
  windowsDeviceId: { ios: no, android: no, macos: no, windows: yes },
};

const expectedAvailable = (expected: Expected, enrollmentType: EnrollmentType): boolean =>
  expected === 'yes'
    ? true
    : expected === 'no'
      ? false
      : !expected.notUnder.includes(enrollmentType);

/**
 * An OS version per platform. Android 11: a personal work profile on 12+ also hides the serial,
 * which has its own scenario.
 */
const osVersion: Record<Platform, string> = {
  ios: '17.4',
  android: '11',
  macos: '14.4',
  windows: '10.0.22631',
};

const rows = PLATFORMS.flatMap((platform) =>
  enrollmentTypesOf(platform).map((enrollmentType) => ({ platform, enrollmentType })),
);

describe('each platform reports only the hardware fields it really has', () => {
  it('knows exactly the fields of §3', () => {
    expect([...HARDWARE_FIELDS].sort()).toEqual(Object.keys(SECTION_3).sort());
  });

  it.each(rows)('$platform enrolled by $enrollmentType', ({ platform, enrollmentType }) => {
    const fromRules = Object.fromEntries(
      HARDWARE_FIELDS.map((field) => [
        field,
        fieldNotOnPlatform(platform, enrollmentType, field, osVersion[platform]) === null,
      ]),
    );
    const fromSpec = Object.fromEntries(
      HARDWARE_FIELDS.map((field) => [
        field,
        expectedAvailable(SECTION_3[field][platform], enrollmentType),
      ]),
    );
    expect(fromRules).toEqual(fromSpec);
  });

  it.each(rows)(
    '$platform enrolled by $enrollmentType names the field in every refusal',
    ({ platform, enrollmentType }) => {
      for (const field of HARDWARE_FIELDS) {
        const refusal = fieldNotOnPlatform(platform, enrollmentType, field, osVersion[platform]);
        if (refusal) {
          expect(refusal.field).toBe(field);
          expect(refusal.problem).toMatch(new RegExp(`^${field} \\S`));
        }
      }
    },
  );
});
