import { compileMessage, refusalOf } from './message-validator';
import { CheckInRequest, EnrollRequest } from './messages';

const checkIn = compileMessage(CheckInRequest);
const enroll = compileMessage(EnrollRequest);
const SECRET = 'HOSTILEzq';

/** The refusal of a body, or null when the schema accepts it. */
const refusal = (validate: typeof checkIn, body: unknown) =>
  validate(body) ? null : refusalOf(validate.errors!);

const enrollment = {
  platform: 'android',
  enrollmentType: 'androidFullyManaged',
  user: { userPrincipalName: 'ada@contoso.com' },
  hardware: { deviceName: 'Pixel', manufacturer: 'Google', model: 'Pixel 8', osVersion: '15' },
};

describe('the device channel message schemas', () => {
  it('accept the ordinary check-ins, with null meaning "absent" for optional fields', () => {
    expect(refusal(checkIn, { sequence: 1 })).toBeNull();
    expect(
      refusal(checkIn, {
        sequence: 2,
        hardware: { serialNumber: '', imei: null, freeStorageSpaceInBytes: 0, osVersion: '17.1' },
        apps: [{ appId: 'com.example', displayName: 'Example', version: '1', profile: null }],
        installStates: null,
      }),
    ).toBeNull();
    expect(refusal(enroll, enrollment)).toBeNull();
  });

  it('name the first problem by its path and say what is wrong, never quoting the value', () => {
    const cases: [unknown, string, string][] = [
      [{}, 'sequence', 'is required'],
      [{ sequence: '1' }, 'sequence', 'must be an integer number'],
      [{ sequence: 0 }, 'sequence', 'must not be less than 1'],
      [{ sequence: 1, extra: 1 }, 'extra', 'is not a known field'],
      [
        { sequence: 1, hardware: { deviceName: SECRET.repeat(30) } },
        'hardware.deviceName',
        'must be at most 256 characters',
      ],
      [{ sequence: 1, hardware: { deviceName: ' ' } }, 'hardware.deviceName', 'must not be empty'],
      [{ sequence: 1, hardware: { deviceName: null } }, 'hardware.deviceName', 'must be a string'],
      [
        { sequence: 1, hardware: { wiFiMacAddress: SECRET } },
        'hardware.wiFiMacAddress',
        'must be a MAC address (12 hexadecimal digits)',
      ],
      [
        { sequence: 1, apps: [{ appId: 'a', displayName: 'b', version: '1' }, { appId: 'a' }] },
        'apps[1].displayName',
        'is required',
      ],
      [
        { sequence: 1, appInventoryHash: SECRET },
        'appInventoryHash',
        'must be a lower-case hex SHA-256',
      ],
      [
        { sequence: 1, diagnostics: [{ type: 'crash', occurredDateTime: '1900-01-01T00:00:00Z' }] },
        'diagnostics[0].occurredDateTime',
        'must be within the last 90 days (and at most one day ahead)',
      ],
      [
        { sequence: 1, commandResults: [{ commandId: SECRET, status: 'done' }] },
        'commandResults[0].commandId',
        'must be the id of a command delivered to this device',
      ],
    ];
    for (const [body, target, problem] of cases) {
      const error = refusal(checkIn, body);
      expect({ target: error?.target, message: error?.message }).toEqual({
        target,
        message: `Invalid field '${target}': ${problem}.`,
      });
      expect(error?.message).not.toContain(SECRET);
    }
  });

  it('word an identifier refusal with the identifier check’s own words', () => {
    const error = refusal(enroll, {
      ...enrollment,
      hardware: { ...enrollment.hardware, iccid: '89014103211118510721' },
    });
    expect(error?.target).toBe('hardware.iccid');
    expect(error?.message).toContain('check digit');
  });

  it('refuse an enrollment missing its hardware, or with a user who is not a UPN', () => {
    expect(refusal(enroll, { ...enrollment, hardware: undefined })?.target).toBe('hardware');
    expect(refusal(enroll, { ...enrollment, user: { userPrincipalName: SECRET } })?.message).toBe(
      "Invalid field 'user.userPrincipalName': must be a user principal name such as user@contoso.com.",
    );
  });
});
