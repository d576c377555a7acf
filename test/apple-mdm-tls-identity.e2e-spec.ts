import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { enrollmentProfile } from '../src/device-channel/apple-mdm/enrollment-profile';
import {
  createCertificateAuthority,
  issueIdentity,
} from '../src/device-channel/apple-mdm/identity';
import {
  CHECK_IN_CONTENT_TYPE,
  COMMAND_CONTENT_TYPE,
  SIGNATURE_HEADER,
} from '../src/device-channel/contract/apple-mdm';
import { encodePlist, PlistValue } from '../src/device-channel/contract/apple-plist';
import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { runSimulation } from '../simulators/runner';
import { supervisedCorporateIphone } from './support/apple-mdm-devices';
import { dumpEveryTable } from './support/database-scan';
import { describeEachDatabase } from './support/databases';
import { startTestServer, TestServer } from './support/test-server';

/**
 * Over HTTPS a device may prove who it is with its MDM identity as the TLS client certificate
 * instead of the Mdm-Signature header (Apple: the identity is used for TLS client authentication;
 * SignMessage adds the header). The server asks for a certificate without requiring one.
 */
describeEachDatabase('Apple MDM: the identity as a TLS client certificate', (kind) => {
  let server: TestServer;
  let serverCa: string;
  let contosoToken: string;
  let contoso: AppleMdmDevice;
  let fabrikam: AppleMdmDevice;

  const profileUrl = (token: string) =>
    `${server.url}/mdm/apple/enroll?token=${encodeURIComponent(token)}&type=device`;

  beforeAll(async () => {
    server = await startTestServer(kind, { HTTPS_PORT: '0' });
    serverCa = readFileSync(join(server.dataDir, 'tls', 'dev-cert.pem'), 'utf8');
    contosoToken = (await server.createTenant('Contoso')).enrollmentToken;
    // Both devices enroll the usual way (signed messages); the profile is fetched over HTTP.
    contoso = new AppleMdmDevice(supervisedCorporateIphone(9101));
    contoso.installProfile(await fetchProfile(profileUrl(contosoToken)));
    await contoso.enroll();
    await contoso.poll();
    fabrikam = new AppleMdmDevice(supervisedCorporateIphone(9102));
    fabrikam.installProfile(
      await fetchProfile(profileUrl((await server.createTenant('Fabrikam')).enrollmentToken)),
    );
    await fabrikam.enroll();
    await fabrikam.poll();
  });
  afterAll(() => server.close());

  /** A PUT over HTTPS, unsigned, with `identity` (if any) as the client certificate. */
  const putOverTls = (
    path: string,
    contentType: string,
    message: Record<string, PlistValue>,
    identity: { key: string; cert: string } | null,
    signature?: string,
  ) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const body = Buffer.from(encodePlist(message));
      const outgoing = request(
        `${server.httpsUrl}${path}`,
        {
          method: 'PUT',
          ca: serverCa,
          ...(identity ?? {}),
          // A connection of its own: a client certificate belongs to one TLS session.
          agent: false,
          headers: {
            'content-type': contentType,
            'content-length': body.length,
            ...(signature ? { [SIGNATURE_HEADER]: signature } : {}),
          },
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              text: Buffer.concat(chunks).toString('utf8'),
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });

  const checkInCountOf = async (udid: string) => {
    const [row] = await server.query<{ checkin_count: number | string }>(
      `SELECT d.checkin_count FROM device d JOIN apple_mdm_enrollment e ON e.device_id = d.id
       WHERE e.udid = ?`,
      [udid],
    );
    return Number(row.checkin_count);
  };

  it('an unsigned Idle poll carrying the device’s identity as its client certificate is its check-in', async () => {
    const before = await checkInCountOf(contoso.facts.udid);
    const answer = await putOverTls(
      '/mdm/apple/server',
      COMMAND_CONTENT_TYPE,
      { Status: 'Idle', ...contoso.ids() },
      contoso.identityPem(),
    );
    expect(answer.status).toBe(200);
    expect(await checkInCountOf(contoso.facts.udid)).toBe(before + 1);
  });

  it('a device enrolls through the profile with no signed message at all', async () => {
    const device = new AppleMdmDevice(supervisedCorporateIphone(9103));
    device.installProfile(await fetchProfile(profileUrl(contosoToken)));
    const identity = device.identityPem();
    const authenticate = await putOverTls(
      '/mdm/apple/checkin',
      CHECK_IN_CONTENT_TYPE,
      device.authenticateMessage(),
      identity,
    );
    expect(authenticate.status).toBe(200);
    const topic = String(device.authenticateMessage().Topic);
    const tokenUpdate = await putOverTls(
      '/mdm/apple/checkin',
      CHECK_IN_CONTENT_TYPE,
      {
        MessageType: 'TokenUpdate',
        Topic: topic,
        ...device.ids(),
        Token: Buffer.alloc(32, 1),
        PushMagic: 'pm',
        AwaitingConfiguration: false,
      },
      identity,
    );
    expect(tokenUpdate.status).toBe(200);
    const idle = await putOverTls(
      '/mdm/apple/server',
      COMMAND_CONTENT_TYPE,
      { Status: 'Idle', ...device.ids() },
      identity,
    );
    expect(idle.status).toBe(200);
    // The first inventory command is the answer to its first poll.
    expect(idle.text).toContain('<string>DeviceInformation</string>');
    const [row] = await server.query<{ serial_number: string; ownership: string }>(
      `SELECT d.serial_number, d.ownership FROM device d JOIN apple_mdm_enrollment e ON e.device_id = d.id
       WHERE e.udid = ?`,
      [device.facts.udid],
    );
    expect(row).toEqual({ serial_number: device.facts.serialNumber, ownership: 'corporate' });
  });

  it('another tenant’s identity, an identity from a CA the server never saw, no certificate and no signature, or a wrong signature are 401 and change nothing', async () => {
    const foreignCa = createCertificateAuthority('someone-else');
    const stranger = new AppleMdmDevice(supervisedCorporateIphone(9104));
    stranger.installProfile(
      enrollmentProfile({
        kind: 'device',
        enrollmentId: '00000000-0000-4000-8000-000000000002',
        topic: 'com.apple.mgmt.External.x',
        serverUrl: `${server.httpsUrl}/mdm/apple/server`,
        checkInUrl: `${server.httpsUrl}/mdm/apple/checkin`,
        identity: issueIdentity(foreignCa, '00000000-0000-4000-8000-000000000002'),
        managedAppleId: null,
      }),
    );
    const idle = { Status: 'Idle', ...contoso.ids() };
    const before = await dumpEveryTable(server);
    for (const identity of [fabrikam.identityPem(), stranger.identityPem(), null]) {
      const answer = await putOverTls('/mdm/apple/server', COMMAND_CONTENT_TYPE, idle, identity);
      expect(answer.status).toBe(401);
      expect(answer.text).not.toContain(contoso.facts.udid);
    }
    // The device's own certificate on the connection does not rescue a signature over another body.
    const wronglySigned = await putOverTls(
      '/mdm/apple/server',
      COMMAND_CONTENT_TYPE,
      idle,
      contoso.identityPem(),
      contoso.sign(Buffer.from('another body')),
    );
    expect(wronglySigned.status).toBe(401);
    const checkOut = await putOverTls(
      '/mdm/apple/checkin',
      CHECK_IN_CONTENT_TYPE,
      { MessageType: 'CheckOut', Topic: 'x', ...contoso.ids() },
      null,
    );
    expect(checkOut.status).toBe(401);
    expect(await dumpEveryTable(server)).toBe(before);
  });

  it('the simulator’s Apple devices enroll and answer inventory with their identity over TLS, never signing', async () => {
    const { summary, records } = await runSimulation({
      servers: [server.httpsUrl!],
      enrollmentToken: contosoToken,
      devices: 4,
      fleet: { seed: 7, platformMix: { ios: 1, macos: 1, android: 0, windows: 0 } },
      checkIns: 1,
      insecure: true,
      appleMdm: { identityOverTls: true },
    });
    expect(summary.enrollments).toEqual({ ok: 4, failed: 0, afterWipe: 0 });
    expect(summary.checkIns.failed).toBe(0);
    expect(summary.appleCommands.DeviceInformation).toEqual({ Acknowledged: 4 });
    expect(records.every((record) => record.appleIdentity?.serverUrl.startsWith('https:'))).toBe(
      true,
    );
  });

  it('over plain HTTP there is no client certificate: an unsigned message is 401', async () => {
    const response = await fetch(`${server.url}/mdm/apple/server`, {
      method: 'PUT',
      headers: { 'content-type': COMMAND_CONTENT_TYPE },
      body: encodePlist({ Status: 'Idle', ...contoso.ids() }),
    });
    expect(response.status).toBe(401);
  });
});
