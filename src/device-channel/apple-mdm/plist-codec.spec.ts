import fc from 'fast-check';
import { encodePlist } from '../contract/apple-plist';
import { MAX_DATA_BYTES, parsePlist, PlistProblem } from './plist-codec';
import { decodeCheckIn, decodeCommandReport, MessageProblem } from './messages';

const HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n<plist version="1.0">';
const doc = (inner: string) => Buffer.from(`${HEADER}${inner}</plist>`);

/** What a hostile plist must produce: a refusal the transport turns into a 4xx, nothing else. */
function refused(body: Buffer): boolean {
  try {
    const value = parsePlist(body);
    decodeCommandReport(value);
    return false;
  } catch (error) {
    return error instanceof PlistProblem || error instanceof MessageProblem;
  }
}

describe('hostile plists', () => {
  it('refuses a binary plist as not XML', () => {
    expect(() => parsePlist(Buffer.from('bplist00\u00d1\u0001\u0002'))).toThrow(
      expect.objectContaining({ kind: 'notXml' }),
    );
  });

  it('refuses entity declarations (the billion laughs) before any expansion', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' +
      '<plist><dict><key>Status</key><string>&b;</string></dict></plist>';
    expect(() => parsePlist(Buffer.from(laughs))).toThrow('DTD declarations are not accepted');
    expect(() => parsePlist(doc('<string>&undefined;</string>'))).toThrow(PlistProblem);
  });

  it('refuses deep nesting in one linear pass, and large inputs take time in proportion to their size', () => {
    const nested = (depth: number) => doc(`${'<array>'.repeat(depth)}${'</array>'.repeat(depth)}`);
    expect(() => parsePlist(nested(17))).toThrow('plists nest at most 16 levels');
    // The best of three runs: on a shared machine one run can lose the CPU for tens of milliseconds.
    const time = (body: Buffer) =>
      Math.min(
        ...[1, 2, 3].map(() => {
          const start = process.hrtime.bigint();
          expect(refused(body)).toBe(true);
          return Number(process.hrtime.bigint() - start) / 1e6;
        }),
      );
    const small = time(nested(50_000));
    const large = time(nested(500_000));
    expect(large).toBeLessThan(Math.max(small, 2) * 30);
    expect(large).toBeLessThan(500);
  });

  it('refuses a <data> larger than any MDM message carries', () => {
    const huge = Buffer.alloc(MAX_DATA_BYTES + 3).toString('base64');
    expect(() => parsePlist(doc(`<dict><key>Token</key><data>${huge}</data></dict>`))).toThrow(
      'larger than',
    );
  });

  it('refuses characters XML does not allow (NUL, other C0 controls), raw or as references', () => {
    for (const text of ['a\u0000b', 'a&#0;b', 'a&#x1F;b', 'a\u0008b', '&#xFFFE;']) {
      expect(() =>
        parsePlist(doc(`<dict><key>DeviceName</key><string>${text}</string></dict>`)),
      ).toThrow(expect.objectContaining({ kind: 'malformed' }));
    }
    expect(
      parsePlist(doc('<dict><key>DeviceName</key><string>a\tb&#10;c</string></dict>')),
    ).toEqual({
      DeviceName: 'a\tb\nc',
    });
  });

  it('refuses values that are not what their element says, repeated keys and reserved keys', () => {
    for (const inner of [
      '<integer>12abc</integer>',
      '<real>NaN</real>',
      '<date>yesterday</date>',
      '<data>not base64!</data>',
      '<dict><key>a</key><string>1</string><key>a</key><string>2</string></dict>',
      '<dict><key>__proto__</key><dict/></dict>',
      '<dict><key>a</key></dict>',
      '<true>yes</true>',
      '<blob/>',
    ]) {
      expect(() => parsePlist(doc(inner))).toThrow(PlistProblem);
    }
  });

  it('refuses well-formed plists whose keys have the wrong types, naming the key', () => {
    const message = (fields: Record<string, unknown>) =>
      parsePlist(Buffer.from(encodePlist(fields as never)));
    expect(() => decodeCommandReport(message({ Status: 7, UDID: 'x' }))).toThrow("'Status'");
    expect(() => decodeCommandReport(message({ Status: 'Acknowledged', UDID: 'x' }))).toThrow(
      "'CommandUUID'",
    );
    expect(() => decodeCommandReport(message({ Status: 'Idle' }))).toThrow("'UDID'");
    expect(() => decodeCheckIn(message({ Topic: 't', UDID: 'x' }))).toThrow("'MessageType'");
    expect(() =>
      decodeCheckIn(
        message({
          MessageType: 'TokenUpdate',
          Topic: 't',
          UDID: 'x',
          Token: 'abc',
          PushMagic: 'p',
        }),
      ),
    ).toThrow("'Token'");
  });

  it('any mutilation of a valid message is either read or refused with a named problem, never a crash', () => {
    const valid = encodePlist({
      Status: 'Acknowledged',
      CommandUUID: 'c-1',
      UDID: 'u-1',
      QueryResponses: { DeviceName: 'x', DeviceCapacity: 1 },
    });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: valid.length }),
        fc.integer({ min: 0, max: 40 }),
        fc.string({ maxLength: 20 }),
        (at, cut, insert) => {
          const body = Buffer.from(valid.slice(0, at) + insert + valid.slice(at + cut));
          try {
            decodeCommandReport(parsePlist(body));
          } catch (error) {
            expect(error instanceof PlistProblem || error instanceof MessageProblem).toBe(true);
          }
        },
      ),
      { numRuns: 500 },
    );
  });

  it('arbitrary bytes are refused, never thrown through', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        expect(refused(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
