import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import { createValidationPipe } from '../../common/validation';
import { CheckInHardwareDto } from '../../devices/dto/hardware-inventory.dto';
import { CheckInDto, MAX_APPS_PER_CHECK_IN, ReportedAppDto } from './check-in.dto';
import {
  acceptsCheckIn,
  CHECK_IN_HARDWARE_FIELDS,
  REPORTED_APP_FIELDS,
} from './check-in.fast-path';

/**
 * The fast path must never accept what the ValidationPipe refuses, must hand on the same data, and
 * must accept the ordinary check-ins (else it would be no faster). Refusals always come from the
 * pipe, so their wording cannot differ.
 */
const pipe = createValidationPipe();
const metadata = { type: 'body' as const, metatype: CheckInDto, data: '' };

async function pipeOutcome(body: unknown): Promise<{ ok: true; value: unknown } | { ok: false }> {
  try {
    const value = await pipe.transform(structuredClone(body), metadata);
    return { ok: true, value: JSON.parse(JSON.stringify(value)) as unknown };
  } catch {
    return { ok: false };
  }
}

const text = (max: number) =>
  fc.oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom(
      '',
      ' ',
      'a\u0000b',
      'tab\there',
      'x'.repeat(max),
      'x'.repeat(max + 1),
      '\uD800',
    ),
  );
const identifierLike = fc.oneof(
  fc.constantFrom(
    '353456789012348',
    '353456789012345',
    'A483E7000001',
    'a4:83:e7:00:00:01',
    '+46701234567',
    '0701234567',
    '10.1.2.3',
    '::1',
    '300.1.1.1',
    'F0000000001',
    '00008030-0000000000000001',
    '6a1f3c2e-9b4d-4e8a-a1b2-000000000001',
    '0123456789abcdef',
    '89460100000000000008',
    'A0000000000000',
    '8904903200000000000000000000000A',
    '',
    'x'.repeat(129),
  ),
  fc.string({ maxLength: 20 }),
);
const number = fc.oneof(
  fc.integer({ min: -5, max: 1e12 }),
  fc.constantFrom(0, 1.5, -0, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER + 2, 1e300),
);
const anyScalar = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  number,
  fc.string({ maxLength: 8 }),
  fc.constant([]),
  fc.constant({}),
);

const hardwareValue = (field: string) => {
  if (/Bytes$/.test(field)) return fc.oneof(number, anyScalar);
  if (
    ['deviceName', 'manufacturer', 'model', 'osVersion', 'subscriberCarrier', 'appleId'].includes(
      field,
    )
  )
    return fc.oneof(text(field === 'appleId' ? 320 : 256), anyScalar);
  return fc.oneof(identifierLike, anyScalar);
};
const VALID_HARDWARE = {
  deviceName: 'BENCH-IOS-000001',
  manufacturer: 'Apple',
  model: 'iPhone 15',
  osVersion: '17.4.1',
  serialNumber: 'F00000000001',
  imei: '353456789012348',
  udid: '00008030-0000000000000001',
  wiFiMacAddress: 'A483E7000001',
  ipAddress: '10.1.0.7',
  subscriberCarrier: 'Telia',
  totalStorageSpaceInBytes: 256e9,
  freeStorageSpaceInBytes: 100e9,
  iccid: null,
  phoneNumber: '+46701234567',
};
const validHardware = fc
  .subarray(Object.entries(VALID_HARDWARE))
  .map((entries) => Object.fromEntries(entries));
const hardware = fc.oneof(
  { weight: 3, arbitrary: validHardware },
  // One field changed to anything, or an unknown field added.
  validHardware.chain((valid) =>
    fc
      .constantFrom(...Object.keys(CHECK_IN_HARDWARE_FIELDS), 'imei3', 'gps')
      .chain((field) => hardwareValue(field).map((value) => ({ ...valid, [field]: value }))),
  ),
  anyScalar,
);
const validApp = fc.record(
  {
    appId: fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim().length > 0),
    displayName: fc.constantFrom('Mail', 'Teams', 'A'),
    version: fc.constantFrom('1.0', '2.3.4'),
    publisher: fc.constantFrom('Contoso', 'Fabrikam'),
    sizeInBytes: fc.integer({ min: 0, max: 1e9 }),
    installLocation: fc.constantFrom('C:\\Program Files\\X'),
    profile: fc.constantFrom('work', 'personal'),
  },
  { requiredKeys: ['appId', 'displayName', 'version'] },
);
const app = fc.oneof(
  { weight: 4, arbitrary: validApp },
  validApp.chain((valid) =>
    fc
      .record({
        field: fc.constantFrom(...Object.keys(REPORTED_APP_FIELDS), 'bogus'),
        value: fc.oneof(anyScalar, text(1025)),
      })
      .map(({ field, value }) => ({ ...valid, [field]: value })),
  ),
  anyScalar,
);
const ordinaryBody = fc.record(
  {
    sequence: fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 1, max: 1e9 }) },
      number,
      anyScalar,
    ),
    hardware,
    apps: fc.oneof({ weight: 4, arbitrary: fc.array(app, { maxLength: 4 }) }, anyScalar),
    appInventoryHash: fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom('a'.repeat(64), '0123456789abcdef'.repeat(4)) },
      fc.constantFrom('A'.repeat(64), 'a'.repeat(63)),
      anyScalar,
    ),
  },
  { requiredKeys: [] },
);
const body = fc.oneof(
  { weight: 8, arbitrary: ordinaryBody },
  ordinaryBody.map((b) => ({ ...b, diagnostics: [] })),
  ordinaryBody.map((b) => ({ ...b, unknownField: 1 })),
  anyScalar,
);

describe('check-in validation fast path', () => {
  it('covers exactly the fields the DTOs validate', () => {
    const fieldsOf = (target: new () => unknown) =>
      [
        ...new Set(
          getMetadataStorage()
            .getTargetValidationMetadatas(target, '', true, false)
            .map((m) => m.propertyName),
        ),
      ].sort();
    expect(Object.keys(CHECK_IN_HARDWARE_FIELDS).sort()).toEqual(fieldsOf(CheckInHardwareDto));
    expect(Object.keys(REPORTED_APP_FIELDS).sort()).toEqual(fieldsOf(ReportedAppDto));
  });

  it('accepts only what the ValidationPipe accepts, and hands on the same data', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(body, async (candidate) => {
        if (!acceptsCheckIn(candidate)) return;
        accepted++;
        const outcome = await pipeOutcome(candidate);
        // Both sides as JSON (what the service finally stores and answers; -0 reads as 0).
        expect(outcome).toEqual({ ok: true, value: JSON.parse(JSON.stringify(candidate)) });
      }),
      { numRuns: 3000 },
    );
    // The property is not vacuous: a good share of the generated bodies took the fast path.
    expect(accepted).toBeGreaterThan(100);
  });

  it('accepts the ordinary check-ins: hash only, hardware, a full inventory', async () => {
    const ordinary = [
      { sequence: 2, appInventoryHash: 'f'.repeat(64) },
      {
        sequence: 3,
        hardware: {
          deviceName: 'BENCH-IOS-000001',
          osVersion: '17.4.1',
          serialNumber: 'F00000000001',
          imei: '353456789012348',
          wiFiMacAddress: 'A483E7000001',
          ipAddress: '10.1.0.7',
          freeStorageSpaceInBytes: 100e9,
          iccid: null,
        },
        apps: Array.from({ length: 60 }, (_, i) => ({
          appId: `com.contoso.app${i}`,
          displayName: `App ${i}`,
          version: '1.0',
          publisher: 'Contoso',
          sizeInBytes: 1000 + i,
        })),
      },
    ];
    for (const candidate of ordinary) {
      expect(acceptsCheckIn(candidate)).toBe(true);
      expect(await pipeOutcome(candidate)).toEqual({ ok: true, value: candidate });
    }
  });

  it('leaves a list longer than the DTO allows to the pipe, which refuses it', async () => {
    const app = { appId: 'com.contoso.app', displayName: 'App', version: '1.0' };
    const atLimit = { sequence: 1, apps: new Array(MAX_APPS_PER_CHECK_IN).fill(app) };
    const overLimit = { sequence: 1, apps: new Array(MAX_APPS_PER_CHECK_IN + 1).fill(app) };
    expect(acceptsCheckIn(atLimit)).toBe(true);
    expect(acceptsCheckIn(overLimit)).toBe(false);
    expect(await pipeOutcome(overLimit)).toEqual({ ok: false });
  });
});
