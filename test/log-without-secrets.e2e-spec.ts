import { AppleMdmDevice, fetchProfile } from '../simulators/apple-mdm/apple-mdm-device';
import { adminCall } from './support/admin-api';
import { supervisedCorporateIphone } from './support/apple-mdm-devices';
import { describeEachDatabase } from './support/databases';
import { checkIn, enroll, postJson } from './support/device-channel';
import { deviceFixture, identifyingHardwareValues } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

/**
 * The server's whole log output, captured while every kind of credential travels in every place a
 * request can carry one (Authorization, Mdm-Signature, the query string, a form, a body) and
 * personal data travels in bodies, paths and OData filters: none of it may appear in any line.
 */
describeEachDatabase('the log holds no credential and no personal data', (kind) => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server.close());

  /** Resolves once the request line of the answer carrying `requestId` has been written. */
  async function loggedRequest(requestId: string | null): Promise<string> {
    for (let attempt = 0; attempt < 100; attempt++) {
      const line = server.logLines.find(
        (candidate) => candidate.includes(`"reqId":"${requestId}"`) && candidate.includes('"ms"'),
      );
      if (line) return line;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`no request line for ${requestId}`);
  }

  it('after enrolling, checking in, Apple MDM, Graph sign-in and calls, and admin calls — rejected ones too', async () => {
    const tenant = await server.createTenant('Contoso');
    const secrets: string[] = [tenant.enrollmentToken, tenant.adminToken];
    const personal: string[] = [];

    // JSON channel: the enrollment token and then the device credential in Authorization.
    const payload = deviceFixture('ios');
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    secrets.push(device.credential);
    personal.push(...identifyingHardwareValues(payload), payload.user!.userPrincipalName);
    expect((await checkIn(server.url, device, { apps: [] })).status).toBe(200);
    const wrongCredential = `${device.credential.slice(0, -4)}AAAA`;
    secrets.push(wrongCredential);
    const refused = await checkIn(server.url, { ...device, credential: wrongCredential });
    expect(refused.status).toBe(401);
    const wrongToken = 'enrollment-token-that-was-never-issued-1234';
    secrets.push(wrongToken);
    expect(
      (await postJson(`${server.url}/enrollment/v1/enroll`, wrongToken, deviceFixture('android')))
        .status,
    ).toBe(401);
    const malformed = await fetch(`${server.url}/enrollment/v1/enroll`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${tenant.enrollmentToken}`,
        'content-type': 'application/json',
      },
      body: `{"hardware":{"serialNumber":"${payload.hardware.serialNumber}",}`,
    });
    expect(malformed.status).toBe(400);

    // Apple MDM: the enrollment token in the query string, then messages signed (Mdm-Signature).
    const facts = supervisedCorporateIphone(1);
    const apple = new AppleMdmDevice(facts);
    const sign = apple.sign.bind(apple);
    apple.sign = (body) => {
      const signature = sign(body);
      secrets.push(signature);
      return signature;
    };
    apple.installProfile(
      await fetchProfile(
        `${server.url}/mdm/apple/enroll?token=${encodeURIComponent(tenant.enrollmentToken)}&type=device`,
      ),
    );
    await apple.enroll();
    await apple.poll();
    secrets.push(...pemBody(apple.identityPem().key));
    personal.push(facts.serialNumber, facts.udid, facts.imei!, facts.deviceName);
    const wrongQueryToken = 'apple-query-token-that-was-never-issued-5678';
    secrets.push(wrongQueryToken);
    const refusedProfile = await fetch(
      `${server.url}/mdm/apple/enroll?token=${wrongQueryToken}&type=device`,
    );
    expect(refusedProfile.status).toBeGreaterThanOrEqual(400);
    const unmatched = await fetch(`${server.url}/mdm/apple/nowhere?token=${wrongQueryToken}`);
    expect(unmatched.status).toBe(404);
    const forgedSignature = 'MIIforged-signature-that-must-not-be-logged-9012';
    secrets.push(forgedSignature);
    const forged = await fetch(`${server.url}/mdm/apple/server`, {
      method: 'PUT',
      headers: {
        'mdm-signature': forgedSignature,
        'content-type': 'application/x-apple-aspen-mdm',
      },
      body: '<plist version="1.0"><dict><key>Status</key><string>Idle</string></dict></plist>',
    });
    expect(forged.status).toBeGreaterThanOrEqual(400);

    // Graph: an app's client secret in a form, its access token as a bearer token.
    const registered = await adminCall<{ appId: string; secretText: string }>(
      server.url,
      tenant.adminToken,
      'POST',
      '/v1.0/admin/applications',
      { displayName: 'Inventory sync', permissions: ['DeviceManagementManagedDevices.Read.All'] },
    );
    expect(registered.status).toBe(201);
    secrets.push(registered.body.secretText);
    const issued = await fetch(`${server.url}/${tenant.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: registered.body.appId,
        client_secret: registered.body.secretText,
        scope: 'https://graph.microsoft.com/.default',
      }).toString(),
    });
    expect(issued.status).toBe(200);
    const accessToken = ((await issued.json()) as { access_token: string }).access_token;
    secrets.push(accessToken, accessToken.split('.')[2]);
    const upn = payload.user!.userPrincipalName;
    const listed = await fetch(
      `${server.url}/v1.0/deviceManagement/managedDevices?$filter=${encodeURIComponent(`userPrincipalName eq '${upn}'`)}`,
      { headers: { authorization: `Bearer ${accessToken}` } },
    );
    expect(listed.status).toBe(200);
    const forgedBearer = `${accessToken.slice(0, -6)}AAAAAA`;
    secrets.push(forgedBearer);
    const refusedGraph = await fetch(`${server.url}/v1.0/deviceManagement/managedDevices`, {
      headers: { authorization: `Bearer ${forgedBearer}` },
    });
    expect(refusedGraph.status).toBe(401);

    // Admin API: the admin's token, a device id in the path, a UPN in a filter.
    const one = await adminCall(
      server.url,
      tenant.adminToken,
      'GET',
      `/beta/deviceManagement/managedDevices/${device.id}`,
    );
    expect(one.status).toBe(200);
    const filtered = await adminCall(
      server.url,
      tenant.adminToken,
      'GET',
      `/v1.0/deviceManagement/managedDevices?$filter=${encodeURIComponent(`serialNumber eq '${facts.serialNumber}'`)}`,
    );
    expect(filtered.status).toBe(200);
    const last = await loggedRequest(filtered.headers.get('request-id'));
    expect(JSON.parse(last)).toMatchObject({
      msg: 'request',
      method: 'GET',
      route: '/v1.0/deviceManagement/managedDevices',
      statusCode: 200,
    });
    personal.push(device.id);

    const log = server.logLines.join('\n');
    expect(log).toContain('"route":"/enrollment/v1/devices/:id/checkin","statusCode":200');
    expect(log).toContain('"route":"/mdm/apple/enroll"');
    expect(log).toContain('"route":"unmatched"');
    expect(secrets.length).toBeGreaterThan(15);
    for (const secret of secrets) expect(log).not.toContain(secret);
    for (const value of personal) expect(log).not.toContain(value);
    expect(log).not.toMatch(/token=|authorization|bearer|mdm-signature|\$filter/i);
  });
});

/** The base64 lines of a PEM block (each long enough to be unmistakable). */
function pemBody(pem: string): string[] {
  return pem.split('\n').filter((line) => line.length >= 40 && !line.startsWith('-----'));
}
