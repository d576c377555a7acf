import {
  checkAndroidId,
  checkE164PhoneNumber,
  checkEid,
  checkIccid,
  checkImei,
  checkIpAddress,
  checkMacAddress,
  checkMeid,
  checkSerialNumber,
  checkUdid,
  checkWindowsDeviceId,
  hexLuhnCheckDigit,
  luhnCheckDigit,
} from '.';

const valid = (value: string) => ({ ok: true, value });

describe('check digits', () => {
  it('computes the Luhn digit of the classic IMEI example', () => {
    expect(luhnCheckDigit('49015420323751')).toBe(8);
  });
  it('computes the base-16 Luhn digit of the 3GPP2 MEID example', () => {
    expect(hexLuhnCheckDigit('AF0123450ABCDE')).toBe('C');
  });
});

describe('IMEI', () => {
  it.each([
    ['490154203237518', '490154203237518'],
    ['35-209900-176148-1', '352099001761481'],
    ['35 209900 176148 1', '352099001761481'],
  ])('accepts %s as %s', (raw, canonical) => expect(checkImei(raw)).toEqual(valid(canonical)));

  it.each([
    ['490154203237517', 'check digit'],
    ['49015420323751', '15 digits'],
    ['4901542032375180', '15 digits'],
    ['49015420323751A', '15 digits'],
    ['', '15 digits'],
  ])('refuses %s (%s)', (raw, problem) => {
    const result = checkImei(raw);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem).toContain(problem);
  });
});

describe('MEID', () => {
  it('accepts 14 hex digits and canonicalises to upper case', () => {
    expect(checkMeid('af0123450abcde')).toEqual(valid('AF0123450ABCDE'));
  });
  it('accepts a correct 15th check digit and drops it', () => {
    expect(checkMeid('AF0123450ABCDEC')).toEqual(valid('AF0123450ABCDE'));
  });
  it('refuses a wrong check digit', () => {
    expect(checkMeid('AF0123450ABCDE1').ok).toBe(false);
  });
  it('accepts an IMEI-compatible MEID with a decimal regional code', () => {
    expect(checkMeid('99000512345678')).toEqual(valid('99000512345678'));
    expect(checkMeid('35209900176148')).toEqual(valid('35209900176148'));
  });
  it('refuses all zeros', () => {
    expect(checkMeid('00000000000000').ok).toBe(false);
  });
  it('refuses non-hex characters', () => {
    expect(checkMeid('AG0123450ABCDE').ok).toBe(false);
  });
});

describe('ICCID', () => {
  const nineteen = '899110120000320451' + luhnCheckDigit('899110120000320451');
  const twenty = '8946000000000000001' + luhnCheckDigit('8946000000000000001');
  it.each([nineteen, twenty])('accepts %s', (raw) => expect(checkIccid(raw)).toEqual(valid(raw)));
  it('refuses a wrong check digit', () => {
    const wrong = nineteen.slice(0, -1) + ((Number(nineteen.slice(-1)) + 1) % 10);
    expect(checkIccid(wrong)).toEqual({ ok: false, problem: 'has a wrong check digit (Luhn)' });
  });
  it('refuses a number that does not start with 89', () => {
    const payload = '449110120000320451';
    expect(checkIccid(payload + luhnCheckDigit(payload))).toEqual({
      ok: false,
      problem: 'must start with 89',
    });
  });
  it('refuses 18 and 21 digits', () => {
    expect(checkIccid('891004234814455936').ok).toBe(false);
    expect(checkIccid('891004234814455936123').ok).toBe(false);
  });
});

describe('EID', () => {
  it('accepts the GSMA example', () => {
    expect(checkEid('89049032123451234512345678901235')).toEqual(
      valid('89049032123451234512345678901235'),
    );
  });
  it('refuses wrong check digits', () => {
    expect(checkEid('89049032123451234512345678901234').ok).toBe(false);
  });
  it('refuses 31 digits', () => {
    expect(checkEid('8904903212345123451234567890123').ok).toBe(false);
  });
});

describe('MAC address', () => {
  it.each([
    ['a4:83:e7:12:34:56', 'A483E7123456'],
    ['A4-83-E7-12-34-56', 'A483E7123456'],
    ['a483.e712.3456', 'A483E7123456'],
    ['a483e7123456', 'A483E7123456'],
  ])('accepts %s', (raw, canonical) => expect(checkMacAddress(raw)).toEqual(valid(canonical)));
  it.each([
    'a4:83:e7:12:34',
    'a4:83-e7:12:34:56',
    'g4:83:e7:12:34:56',
    '00:00:00:00:00:00',
    'FF:FF:FF:FF:FF:FF',
  ])('refuses %s', (raw) => expect(checkMacAddress(raw).ok).toBe(false));
});

describe('UDID', () => {
  it('accepts the legacy 40-hex iOS form', () => {
    expect(checkUdid('ios', 'a'.repeat(40))).toEqual(valid('A'.repeat(40)));
  });
  it('accepts the modern 8-16 form on iOS and macOS', () => {
    expect(checkUdid('ios', '00008030-001A2D3C0E3B802E').ok).toBe(true);
    expect(checkUdid('macos', '00008103-000A1B2C3D4E5F60').ok).toBe(true);
  });
  it('accepts a hardware UUID on macOS but not on iOS', () => {
    const uuid = '6A1F3C2E-9B4D-4E8A-A1B2-C3D4E5F60718';
    expect(checkUdid('macos', uuid).ok).toBe(true);
    expect(checkUdid('ios', uuid).ok).toBe(false);
  });
  it('refuses 39 hex digits', () => {
    expect(checkUdid('ios', 'a'.repeat(39)).ok).toBe(false);
  });
});

describe('serial number', () => {
  it.each([
    ['ios', 'f2lxk0abhg7f', 'F2LXK0ABHG7F'],
    ['macos', 'C02ZK1ABMD6R', 'C02ZK1ABMD6R'],
    ['android', 'R58N1234ABC', 'R58N1234ABC'],
    ['windows', 'PF2ABCDE', 'PF2ABCDE'],
    ['windows', '5CG1234-XYZ', '5CG1234-XYZ'],
  ] as const)('accepts a %s serial %s', (platform, raw, canonical) =>
    expect(checkSerialNumber(platform, raw)).toEqual(valid(canonical)),
  );
  it.each([
    ['ios', ''],
    ['ios', 'ABC'],
    ['android', 'R58N 1234'],
    ['windows', '-ABC'],
    ['macos', 'C02ZK1ABMD6R!'],
  ] as const)('refuses a %s serial %j', (platform, raw) =>
    expect(checkSerialNumber(platform, raw).ok).toBe(false),
  );
});

describe('phone number', () => {
  it('accepts E.164 and strips formatting', () => {
    expect(checkE164PhoneNumber('+46 70-123 45 67')).toEqual(valid('+46701234567'));
  });
  it.each(['0701234567', '+0701234567', '+4670123456789012', '+46abc'])('refuses %s', (raw) =>
    expect(checkE164PhoneNumber(raw).ok).toBe(false),
  );
});

describe('other platform ids', () => {
  it('checks IP addresses', () => {
    expect(checkIpAddress('10.0.0.17')).toEqual(valid('10.0.0.17'));
    expect(checkIpAddress('FE80::1')).toEqual(valid('fe80::1'));
    expect(checkIpAddress('10.0.0.256').ok).toBe(false);
  });
  it('checks Android ids', () => {
    expect(checkAndroidId('9774D56D682E549C')).toEqual(valid('9774d56d682e549c'));
    expect(checkAndroidId('9774d56d682e549').ok).toBe(false);
  });
  it('checks Windows device ids', () => {
    expect(checkWindowsDeviceId('6A1F3C2E-9B4D-4E8A-A1B2-C3D4E5F60718').ok).toBe(true);
    expect(checkWindowsDeviceId('not-a-guid').ok).toBe(false);
  });
});
