import fc from 'fast-check';
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
} from '../../src/rules/identifiers';
import { CARRIERS, COUNTRY_PROFILES } from '../../simulators/fleet/catalog/carriers';
import { SerialFormat } from '../../simulators/fleet/catalog/device-model';
import { nicVendorOf, OUIS } from '../../simulators/fleet/catalog/ouis';
import { isTacOf, TAC_BLOCKS, TacVendor, tacsOf } from '../../simulators/fleet/catalog/tacs';
import {
  androidId,
  appleUdid,
  eid,
  iccid,
  IMEI_PAIR_DOMAIN,
  imeiPair,
  macAddress,
  meid,
  mobileNumber,
  privateIpAddress,
  serialNumber,
  SLOT_DOMAIN,
  uuid,
} from '../../simulators/fleet/identifiers';
import { DeviceRandom } from '../../simulators/fleet/random';

const slot = fc.integer({ min: 0, max: SLOT_DOMAIN - 1 });
const stream = fc.integer().map((seed) => new DeviceRandom(seed, 'identifiers-spec'));
const valid = (check: { ok: boolean }) => expect(check).toMatchObject({ ok: true });

describe('IMEI', () => {
  const vendor = fc.constantFrom(...(Object.keys(TAC_BLOCKS) as TacVendor[]));

  it('passes the server check, keeps its model TAC, and a pair differs only in the serial', () => {
    fc.assert(
      fc.property(
        vendor,
        fc.string(),
        fc.integer({ min: 0, max: IMEI_PAIR_DOMAIN - 1 }),
        (tacVendor, model, pairSlot) => {
          const tac = tacsOf(tacVendor, model)[0];
          const [first, second] = imeiPair(tac, pairSlot);
          valid(checkImei(first));
          valid(checkImei(second));
          expect(first.slice(0, 8)).toBe(tac);
          expect(second.slice(0, 8)).toBe(tac);
          expect(first).not.toBe(second);
          expect(isTacOf(tacVendor, first)).toBe(true);
        },
      ),
    );
  });

  it('gives a model several TACs, all inside its maker’s blocks and none in another maker’s', () => {
    for (const tacVendor of Object.keys(TAC_BLOCKS) as TacVendor[]) {
      const tacs = tacsOf(tacVendor, 'some-model');
      expect(new Set(tacs).size).toBe(3);
      for (const tac of tacs) {
        expect(tac).toMatch(/^\d{8}$/);
        const makers = (Object.keys(TAC_BLOCKS) as TacVendor[]).filter((other) =>
          isTacOf(other, tac),
        );
        expect(makers).toEqual([tacVendor]);
      }
    }
  });
});

describe('MEID', () => {
  it('is 14 hex digits with a hex regional code and a correct check digit', () => {
    fc.assert(
      fc.property(slot, stream, (s, random) => {
        const value = meid('0A1B2C', s, random);
        expect(value).toMatch(/^A[01][0-9A-F]{13}$/);
        expect(checkMeid(value)).toEqual({ ok: true, value: value.slice(0, 14) });
      }),
    );
  });
});

describe('ICCID', () => {
  it('passes the server check and starts with the carrier’s issuer prefix, at the carrier’s length', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CARRIERS), slot, stream, (carrier, s, random) => {
        const value = iccid(carrier, s, random);
        valid(checkIccid(value));
        expect(value.startsWith(carrier.iccidPrefix)).toBe(true);
        expect(value).toHaveLength(carrier.iccidLength);
      }),
    );
  });

  it('encodes the country calling code after 89', () => {
    for (const carrier of CARRIERS) {
      const code = COUNTRY_PROFILES[carrier.country].callingCode;
      expect(carrier.iccidPrefix.slice(2).replace(/^0/, '').startsWith(code)).toBe(true);
    }
  });
});

describe('EID', () => {
  it('is 32 digits that the server accepts (mod 97 = 1)', () => {
    fc.assert(fc.property(slot, stream, (s, random) => valid(checkEid(eid(s, random)))));
  });
});

describe('MAC address', () => {
  it('passes the server check and keeps its vendor’s OUI, in both styles', () => {
    const vendor = fc.constantFrom(...(Object.keys(OUIS) as (keyof typeof OUIS)[]));
    fc.assert(
      fc.property(
        vendor,
        fc.nat(),
        fc.integer({ min: 0, max: 2 ** 24 - 1 }),
        (nicVendor, pick, nic) => {
          const oui = OUIS[nicVendor][pick % OUIS[nicVendor].length];
          for (const style of ['colonLower', 'hyphenUpper'] as const) {
            const mac = macAddress(oui, nic, style);
            valid(checkMacAddress(mac));
            expect(nicVendorOf(mac)).toBe(nicVendor);
          }
        },
      ),
    );
  });

  it('lists every OUI under one vendor only', () => {
    const all = Object.values(OUIS).flat();
    expect(new Set(all).size).toBe(all.length);
    for (const oui of all) expect(oui).toMatch(/^[0-9A-F]{6}$/);
  });
});

describe('phone number', () => {
  it('is E.164 in the carrier’s country, with the country’s mobile length', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CARRIERS), slot, stream, (carrier, s, random) => {
        const number = mobileNumber(carrier, s, random);
        valid(checkE164PhoneNumber(number));
        const profile = COUNTRY_PROFILES[carrier.country];
        expect(number.startsWith(`+${profile.callingCode}`)).toBe(true);
        expect(number.length - 1 - profile.callingCode.length).toBe(profile.nationalMobileLength);
        expect(
          carrier.mobilePrefixes.some((prefix) =>
            number.startsWith(`+${profile.callingCode}${prefix}`),
          ),
        ).toBe(true);
      }),
    );
  });

  it('never uses an N11 service code or 555 as a US exchange', () => {
    const us = CARRIERS.find((carrier) => carrier.country === 'US')!;
    fc.assert(
      fc.property(slot, stream, (s, random) => {
        const exchange = mobileNumber(us, s, random).slice(5, 8);
        expect(exchange).not.toMatch(/^[2-9]11$/);
        expect(exchange).not.toBe('555');
        expect(exchange[0]).not.toMatch(/[01]/);
      }),
    );
  });

  it('gives distinct slots distinct numbers with one carrier', () => {
    const carrier = CARRIERS[0];
    const numbers = new Set(
      Array.from({ length: 5000 }, (_, s) => mobileNumber(carrier, s * 199, new DeviceRandom(s))),
    );
    expect(numbers.size).toBe(5000);
  });
});

describe('serial numbers', () => {
  const cases: [SerialFormat, 'ios' | 'android' | 'macos' | 'windows', RegExp][] = [
    ['appleRandomized', 'ios', /^[0-9BCDFGHJKLMNPQRSTVWXYZ]{10}$/],
    ['appleLegacy', 'macos', /^[A-Z0-9]{12}$/],
    ['samsung', 'android', /^R[0-9A-Z]{2}[RTWXY][1-9A-C][0-9A-Z]{5}$/],
    ['pixel', 'android', /^[1-5][A-H]\d{3}FD[A-Z]\d{6}$/],
    ['motorola', 'android', /^ZY22[0-9A-Z]{6}$/],
    ['oneplus', 'android', /^[0-9A-F]{8}$/],
    ['zebra', 'android', /^\d{14}$/],
    ['honeywell', 'android', /^\d{5}[A-Z]\d{6}$/],
    ['dellServiceTag', 'windows', /^[0-9BCDFGHJKLMNPQRSTVWXYZ]{7}$/],
    ['hp', 'windows', /^(5CG|5CD|8CG|CND|MXL)\d{3}[0-9A-Z]{4}$/],
    ['lenovo', 'windows', /^(PF|PC|MJ|R9)[0-9A-Z]{6}$/],
    ['surface', 'windows', /^0\d{11}$/],
    ['asus', 'windows', /^[A-Z][0-9A-Z]{3}NR0[0-9A-Z]{4}[A-Z]$/],
  ];

  it.each(cases)(
    '%s serials pass the %s check and have the maker’s shape',
    (format, platform, shape) => {
      fc.assert(
        fc.property(slot, stream, fc.integer({ min: 2017, max: 2025 }), (s, random, released) => {
          const serial = serialNumber({ format, released, appleConfigCode: 'Q6L4' }, s, random);
          valid(checkSerialNumber(platform, serial));
          expect(serial).toMatch(shape);
        }),
        { numRuns: 50 },
      );
    },
  );

  it.each(cases)('%s serials of distinct slots are distinct', (format) => {
    const serials = new Set(
      Array.from({ length: 3000 }, (_, s) =>
        serialNumber(
          { format, released: 2023, appleConfigCode: 'Q6L4' },
          s * 331,
          new DeviceRandom(1),
        ),
      ),
    );
    expect(serials.size).toBe(3000);
  });

  it('ends a legacy Apple serial with the model configuration code', () => {
    const serial = serialNumber(
      { format: 'appleLegacy', released: 2019, appleConfigCode: 'MD6R' },
      7,
      new DeviceRandom(1),
    );
    expect(serial.endsWith('MD6R')).toBe(true);
  });
});

describe('platform ids', () => {
  it('makes UDIDs of the right generation that the server accepts', () => {
    fc.assert(
      fc.property(stream, (random) => {
        const modern = appleUdid('8110', 'ios', random);
        expect(modern).toMatch(/^00008110-00[0-9A-F]{14}$/);
        valid(checkUdid('ios', modern));
        const legacy = appleUdid(undefined, 'ios', random);
        expect(legacy).toMatch(/^[0-9a-f]{40}$/);
        valid(checkUdid('ios', legacy));
        const intelMac = appleUdid(undefined, 'macos', random);
        valid(checkUdid('macos', intelMac));
        expect(checkUdid('ios', intelMac).ok).toBe(false);
        valid(checkUdid('macos', appleUdid('6030', 'macos', random)));
      }),
    );
  });

  it('makes Android ids and Windows device ids the server accepts', () => {
    fc.assert(
      fc.property(stream, (random) => {
        valid(checkAndroidId(androidId(random)));
        const id = uuid(random);
        valid(checkWindowsDeviceId(id));
        expect(id[14]).toBe('4');
      }),
    );
  });

  it('puts IP addresses in private ranges only', () => {
    const isPrivate = (ip: string) => {
      const [a, b] = ip.split('.').map(Number);
      return a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168);
    };
    fc.assert(
      fc.property(
        fc.constantFrom('office', 'home', 'hotspot', 'cellular' as const),
        fc.integer({ min: 10, max: 51 }),
        stream,
        (network, site, random) => {
          const ip = privateIpAddress(network, site, random);
          valid(checkIpAddress(ip));
          expect(isPrivate(ip)).toBe(true);
        },
      ),
    );
  });
});
