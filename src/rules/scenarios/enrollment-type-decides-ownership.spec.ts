import {
  decideOwnership,
  ENROLLMENT_TYPE_NAMES,
  ENROLLMENT_TYPES,
  enrollmentTypesOf,
  isEnrollmentType,
  Ownership,
  Platform,
  PLATFORMS,
} from '..';

/**
 * docs/collection-rules.md "Ownership", transcribed by hand (not derived from ENROLLMENT_TYPES), so a wrong
 * or missing row in the code makes this test fail.
 */
const SECTION_1: Record<Platform, Record<string, Ownership>> = {
  ios: {
    automatedDeviceEnrollment: 'corporate',
    appleConfigurator: 'corporate',
    deviceEnrollmentManager: 'corporate',
    appleUserEnrollment: 'personal',
    companyPortal: 'personal',
  },
  macos: {
    automatedDeviceEnrollment: 'corporate',
    appleConfigurator: 'corporate',
    deviceEnrollmentManager: 'corporate',
    appleUserEnrollment: 'personal',
    companyPortal: 'personal',
  },
  android: {
    deviceEnrollmentManager: 'corporate',
    androidFullyManaged: 'corporate',
    androidDedicated: 'corporate',
    androidCorporateWorkProfile: 'corporate',
    knoxMobileEnrollment: 'corporate',
    zeroTouch: 'corporate',
    androidPersonalWorkProfile: 'personal',
    androidDeviceAdministrator: 'personal',
  },
  windows: {
    deviceEnrollmentManager: 'corporate',
    windowsAutopilot: 'corporate',
    windowsBulkEnrollment: 'corporate',
    windowsCoManagement: 'corporate',
    windowsGroupPolicy: 'corporate',
    windowsAddWorkAccount: 'personal',
    companyPortal: 'personal',
    entraRegistered: 'personal',
    // A user-driven Entra join is in neither list of §1.
    entraJoined: 'corporate',
  },
};

const specRows = PLATFORMS.flatMap((platform) =>
  Object.entries(SECTION_1[platform]).map(([enrollmentType, ownership]) => ({
    platform,
    enrollmentType,
    ownership,
  })),
);

const codeRows = PLATFORMS.flatMap((platform) =>
  enrollmentTypesOf(platform).map((enrollmentType) => ({ platform, enrollmentType })),
);

describe('the enrollment type decides ownership when no corporate identifier matches', () => {
  it.each(PLATFORMS)('%s offers exactly the enrollment types of §1', (platform) => {
    expect([...enrollmentTypesOf(platform)].sort()).toEqual(
      Object.keys(SECTION_1[platform]).sort(),
    );
  });

  it.each(specRows)(
    '$platform enrolled by $enrollmentType is $ownership',
    ({ enrollmentType, ownership }) => {
      expect(isEnrollmentType(enrollmentType)).toBe(true);
      if (!isEnrollmentType(enrollmentType)) return;
      expect(decideOwnership({ enrollmentType, matchesCorporateIdentifier: false }).ownership).toBe(
        ownership,
      );
    },
  );

  it.each(codeRows)(
    '$platform/$enrollmentType in the code has the ownership §1 gives it',
    ({ platform, enrollmentType }) => {
      expect(ENROLLMENT_TYPES[enrollmentType].ownership).toBe(SECTION_1[platform][enrollmentType]);
    },
  );

  it('says the enrollment type was the reason for a corporate or personal default', () => {
    expect(
      decideOwnership({ enrollmentType: 'windowsAutopilot', matchesCorporateIdentifier: false }),
    ).toEqual({ ownership: 'corporate', reason: 'enrollmentType' });
    expect(
      decideOwnership({ enrollmentType: 'appleUserEnrollment', matchesCorporateIdentifier: false }),
    ).toEqual({ ownership: 'personal', reason: 'enrollmentType' });
  });

  it('lists every enrollment type under at least one platform', () => {
    for (const type of ENROLLMENT_TYPE_NAMES) {
      expect(PLATFORMS.some((platform) => enrollmentTypesOf(platform).includes(type))).toBe(true);
    }
  });

  it.each([
    'ADE',
    'automated_device_enrollment',
    '',
    'constructor',
    '__proto__',
    'toString',
    42,
    null,
  ])('does not take %p for an enrollment type', (value) =>
    expect(isEnrollmentType(value)).toBe(false),
  );
});
