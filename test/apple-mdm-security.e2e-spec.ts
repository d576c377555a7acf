import fc from 'fast-check';
import { enrollmentProfile } from '../src/device-channel/apple-mdm/enrollment-profile';
import {
  createCertificateAuthority,
  issueIdentity,
} from '../src/device-channel/apple-mdm/identity';
import { COMMAND_CONTENT_TYPE, SIGNATURE_HEADER } from '../src/device-channel/contract/apple-mdm';
import { encodePlist } from '../src/device-channel/contract/apple-plist';
import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { AppleDeviceFacts } from '../simulators/apple-mdm/device-facts';
import { supervisedCorporateIphone } from './support/apple-mdm-devices';
import { dumpEveryTable } from './support/database-scan';
import { describeEachDatabase } from './support/databases';
import { startTestServer, TestServer } from './support/test-server';

describeEachDatabase('Apple MDM: authentication and hostile messages', (kind) => {
  let server: TestServer;
  let contoso: AppleMdmDevice;
  let fabrikam: AppleMdmDevice;
  let serverUrl: string;

  async function enrolled(token: string, facts: AppleDeviceFacts): Promise<AppleMdmDevice> {
    const device = new AppleMdmDevice(facts);
    device.installProfile(
      await fetchProfile(
        `${server.url}/mdm/apple/enroll?token=${encodeURIComponent(token)}&type=device`,
      ),
    );
    await device.enroll();
    await device.poll();
    return device;
  }

  beforeAll(async () => {
    server = await startTestServer(kind);
    serverUrl = `${server.url}/mdm/apple/server`;
    contoso = await enrolled(
      (await server.createTenant('Contoso')).enrollmentToken,
      supervisedCorporateIphone(9001),
    );
    fabrikam = await enrolled(
      (await server.createTenant('Fabrikam')).enrollmentToken,
      supervisedCorporateIphone(9002),
    );
  });
  afterAll(() => server.close());

  const put = async (
    body: Buffer,
    signature: string | null,
    contentType = COMMAND_CONTENT_TYPE,
  ) => {
    const response = await fetch(serverUrl, {
      method: 'PUT',
      headers: {
        'content-type': contentType,
        ...(signature ? { [SIGNATURE_HEADER]: signature } : {}),
      },
      body: new Uint8Array(body),
    });
    return { status: response.status, text: await response.text() };
  };
  const idleOf = (device: AppleMdmDevice) =>
    Buffer.from(encodePlist({ Status: 'Idle', ...device.ids() }));

  /** Runs `requests` and proves that no table changed. */
  async function changesNothing(requests: () => Promise<void>): Promise<void> {
    const before = await dumpEveryTable(server);
    await requests();
    expect(await dumpEveryTable(server)).toBe(before);
  }

  it('unsigned, wrongly signed, foreign-CA-signed and other-tenant-signed messages are 401 and change nothing', async () => {
    const body = idleOf(contoso);
    const stranger = new AppleMdmDevice({ ...supervisedCorporateIphone(9003) });
    // A profile like ours, but with an identity from a CA this server never saw.
    const foreignCa = createCertificateAuthority('someone-else');
    stranger.installProfile(
      enrollmentProfile({
        kind: 'device',
        enrollmentId: '00000000-0000-4000-8000-000000000001',
        topic: 'com.apple.mgmt.External.x',
        serverUrl,
        checkInUrl: `${server.url}/mdm/apple/checkin`,
        identity: issueIdentity(foreignCa, '00000000-0000-4000-8000-000000000001'),
        managedAppleId: null,
      }),
    );
    await changesNothing(async () => {
      expect((await put(body, null)).status).toBe(401);
      expect((await put(body, 'not base64 CMS at all')).status).toBe(401);
      // A signature over another body.
      expect((await put(body, contoso.sign(Buffer.from(`${body.toString()} `)))).status).toBe(401);
      expect((await put(body, stranger.sign(body))).status).toBe(401);
      // Fabrikam's device signs a message that claims to be Contoso's.
      expect((await put(body, fabrikam.sign(body))).status).toBe(401);
      // Authentication comes before the body is read: garbage unsigned is 401, not 400.
      expect((await put(Buffer.from('<plist><dict>'), null)).status).toBe(401);
      const checkIn = await fetch(`${server.url}/mdm/apple/checkin`, {
        method: 'PUT',
        headers: { 'content-type': 'application/x-apple-aspen-mdm-checkin' },
        body: new Uint8Array(body),
      });
      expect(checkIn.status).toBe(401);
    });
  });

  it('an enrollment profile needs a valid enrollment token', async () => {
    await changesNothing(async () => {
      for (const query of ['', '?token=enr_wrong&type=device']) {
        expect((await fetch(`${server.url}/mdm/apple/enroll${query}`)).status).toBe(401);
      }
    });
  });

  it('signed hostile plists are refused with a 4xx naming the problem, nothing stored', async () => {
    const depthBomb = `<plist>${'<array>'.repeat(100_000)}${'</array>'.repeat(100_000)}</plist>`;
    const cases: [string, Buffer | string, number][] = [
      ['broken XML', '<?xml version="1.0"?><plist><dict><key>Status</key><string>Idle</dict>', 400],
      [
        'entity expansion',
        '<?xml version="1.0"?><!DOCTYPE plist [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><plist><dict><key>Status</key><string>&b;</string></dict></plist>',
        400,
      ],
      ['deep nesting', depthBomb, 400],
      [
        'huge data',
        `<plist><dict><key>Status</key><string>Idle</string><key>X</key><data>${'A'.repeat(2_000_000)}</data></dict></plist>`,
        400,
      ],
      ['wrong types', encodePlist({ Status: true, UDID: 'x' }), 400],
      ['no Status', encodePlist({ UDID: contoso.facts.udid }), 400],
      [
        'unknown command',
        encodePlist({ Status: 'Acknowledged', CommandUUID: 'nope', UDID: contoso.facts.udid }),
        400,
      ],
      ['unknown status', encodePlist({ Status: 'Done', UDID: contoso.facts.udid }), 400],
      ['binary plist', Buffer.from('bplist00\u00d1\u0001\u0002'), 415],
      ['over the limit', Buffer.alloc(5 * 1024 * 1024, 'a'), 413],
    ];
    await changesNothing(async () => {
      for (const [name, content, status] of cases) {
        const body = Buffer.isBuffer(content) ? content : Buffer.from(content);
        const answer = await put(body, contoso.sign(body));
        expect({ name, status: answer.status }).toEqual({ name, status });
        expect(answer.text).not.toContain('aaaaaaaaaa');
      }
    });
  });

  it('random mutilations of a signed DeviceInformation answer are never a 500 and store nothing', async () => {
    const answer = encodePlist({
      Status: 'Acknowledged',
      CommandUUID: 'not-a-command-of-this-device',
      UDID: contoso.facts.udid,
      QueryResponses: contoso.answer({
        RequestType: 'DeviceInformation',
        Queries: ['UDID', 'DeviceCapacity'],
      }).QueryResponses as never,
    });
    await changesNothing(async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.integer({ min: 0, max: answer.length }),
          fc.integer({ min: 0, max: 30 }),
          fc.constantFrom(
            '<dict>',
            '</array>',
            '<!ENTITY x "y">',
            '&x;',
            '<real>x</real>',
            '\u0000',
            '',
          ),
          async (at, cut, insert) => {
            const body = Buffer.from(answer.slice(0, at) + insert + answer.slice(at + cut));
            const { status } = await put(body, contoso.sign(body));
            expect(status).toBeGreaterThanOrEqual(400);
            expect(status).toBeLessThan(500);
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
