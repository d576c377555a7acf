import { importPKCS8, SignJWT, generateKeyPair } from 'jose';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { acceptedPermissions } from '../src/graph/sign-in/graph-permissions';
import { TokenSigningKeys } from '../src/graph/sign-in/token-signing-keys';
import { adminCall } from './support/admin-api';
import { registeredAdminRoutes } from './support/admin-routes';
import { describeEachDatabase } from './support/databases';
import { enroll, EnrolledDevice } from './support/device-channel';
import { deviceFixture } from './support/device-fixtures';
import { ConsumerApp, runConsumer } from './support/graph-consumer';
import { startTestServer, TestServer } from './support/test-server';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Creates an app registration through the admin API, as an administrator would. */
async function registerApp(
  server: TestServer,
  tenant: { tenantId: string; adminToken: string },
  permissions: string[],
  displayName = 'Inventory sync',
): Promise<ConsumerApp & { id: string }> {
  const created = await adminCall<{ id: string; appId: string; secretText: string }>(
    server.url,
    tenant.adminToken,
    'POST',
    '/v1.0/admin/applications',
    { displayName, permissions },
  );
  expect(created.status).toBe(201);
  return {
    id: created.body.id,
    tenantId: tenant.tenantId,
    clientId: created.body.appId,
    clientSecret: created.body.secretText,
  };
}

async function requestToken(server: TestServer, tenantId: string, form: Record<string, string>) {
  const response = await fetch(`${server.url}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function graphGet(server: TestServer, token: string, path: string) {
  const response = await fetch(`${server.url}${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: response.status, body: (await response.json()) as Record<string, never> };
}

describeEachDatabase('signing in like Entra ID', (kind) => {
  let server: TestServer;
  let contoso: Awaited<ReturnType<TestServer['createTenant']>>;
  let fabrikam: Awaited<ReturnType<TestServer['createTenant']>>;
  let reader: ConsumerApp & { id: string };
  const devices: EnrolledDevice[] = [];

  beforeAll(async () => {
    server = await startTestServer(kind, { HTTPS_PORT: '0' });
    contoso = await server.createTenant('Contoso');
    fabrikam = await server.createTenant('Fabrikam');
    for (const platform of ['ios', 'android', 'windows'] as const) {
      devices.push(await enroll(server.url, contoso.enrollmentToken, deviceFixture(platform)));
    }
    reader = await registerApp(server, contoso, ['DeviceManagementManagedDevices.Read.All']);
  });
  afterAll(() => server.close());

  it('lets unmodified @azure/identity + Graph client code list devices over HTTPS', async () => {
    const out = await runConsumer(server, reader, [
      { name: 'token', kind: 'token' },
      { name: 'devices', kind: 'get', path: '/deviceManagement/managedDevices' },
      { name: 'apps', kind: 'get', path: '/deviceAppManagement/mobileApps' },
    ]);
    expect(out.token.error).toBeUndefined();
    const listed = (out.devices.body as { value: { id: string }[] }).value.map((d) => d.id);
    expect(new Set(listed)).toEqual(new Set(devices.map((d) => d.id)));
    // The app holds no DeviceManagementApps permission: Graph's 403, with the permissions named.
    expect(out.apps.error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
    expect(out.apps.error!.message).toContain('DeviceManagementApps.Read.All');

    const [, payload] = (out.token.token as string).split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<
      string,
      unknown
    >;
    expect(claims).toMatchObject({
      aud: 'https://graph.microsoft.com',
      tid: contoso.tenantId,
      appid: reader.clientId,
      roles: ['DeviceManagementManagedDevices.Read.All'],
    });
    expect(claims.exp).toBe((claims.iat as number) + 3599);
    expect(claims.nbf).toBe(claims.iat);
  });

  it('publishes OpenID metadata and the JWKS that verifies its tokens', async () => {
    const metadata = (await (
      await fetch(`${server.url}/${contoso.tenantId}/v2.0/.well-known/openid-configuration`)
    ).json()) as Record<string, string>;
    expect(metadata.issuer).toBe(`${server.url}/${contoso.tenantId}/v2.0`);
    expect(metadata.token_endpoint).toBe(`${server.url}/${contoso.tenantId}/oauth2/v2.0/token`);
    expect(new URL(metadata.authorization_endpoint).pathname.split('/')[1]).toBe(contoso.tenantId);
    const jwks = (await (await fetch(metadata.jwks_uri)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.length).toBeGreaterThanOrEqual(1);
    const issued = await requestToken(server, contoso.tenantId, {
      grant_type: 'client_credentials',
      client_id: reader.clientId,
      client_secret: reader.clientSecret,
      scope: GRAPH_SCOPE,
    });
    expect(issued.status).toBe(200);
    expect(Object.keys(issued.body).sort()).toEqual([
      'access_token',
      'expires_in',
      'ext_expires_in',
      'token_type',
    ]);
    const header = JSON.parse(
      Buffer.from((issued.body.access_token as string).split('.')[0], 'base64url').toString(),
    ) as { alg: string; kid: string };
    expect(header.alg).toBe('RS256');
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
  });

  it('refuses a wrong secret with invalid_client, and an unknown tenant with AADSTS90002', async () => {
    const wrong = await requestToken(server, contoso.tenantId, {
      grant_type: 'client_credentials',
      client_id: reader.clientId,
      client_secret: 'app_not-the-secret',
      scope: GRAPH_SCOPE,
    });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect(wrong.body.error_description).toMatch(/^AADSTS7000215: /);
    expect(JSON.stringify(wrong.body)).not.toContain('not-the-secret');

    const out = await runConsumer(server, { ...reader, clientSecret: 'app_wrong' }, [
      { name: 'token', kind: 'token' },
    ]);
    expect(out.token.error!.message).toContain('AADSTS7000215');

    const otherTenant = await requestToken(server, fabrikam.tenantId, {
      grant_type: 'client_credentials',
      client_id: reader.clientId,
      client_secret: reader.clientSecret,
      scope: GRAPH_SCOPE,
    });
    expect(otherTenant).toMatchObject({
      status: 400,
      body: { error: 'unauthorized_client', error_codes: [700016] },
    });
    const unknown = await requestToken(server, '00000000-0000-4000-8000-000000000000', {
      grant_type: 'client_credentials',
      client_id: reader.clientId,
      client_secret: reader.clientSecret,
      scope: GRAPH_SCOPE,
    });
    expect(unknown).toMatchObject({ status: 400, body: { error_codes: [90002] } });
  });

  it('answers invalid_scope and unsupported_grant_type in Entra’s words', async () => {
    const base = { client_id: reader.clientId, client_secret: reader.clientSecret };
    const noDefault = await requestToken(server, contoso.tenantId, {
      ...base,
      grant_type: 'client_credentials',
      scope: 'https://graph.microsoft.com/User.Read',
    });
    expect(noDefault).toMatchObject({
      status: 400,
      body: { error: 'invalid_scope', error_codes: [1002012] },
    });
    const otherResource = await requestToken(server, contoso.tenantId, {
      ...base,
      grant_type: 'client_credentials',
      scope: 'https://vault.azure.net/.default',
    });
    expect(otherResource.body).toMatchObject({ error: 'invalid_scope', error_codes: [500011] });
    const password = await requestToken(server, contoso.tenantId, {
      ...base,
      grant_type: 'password',
      scope: GRAPH_SCOPE,
    });
    expect(password.body).toMatchObject({ error: 'unsupported_grant_type' });
    const missing = await requestToken(server, contoso.tenantId, {
      grant_type: 'client_credentials',
    });
    expect(missing.body).toMatchObject({ error: 'invalid_request', error_codes: [900144] });
  });

  it('keeps a token of tenant A to tenant A: tenant B’s device is a 404', async () => {
    const theirs = await enroll(server.url, fabrikam.enrollmentToken, deviceFixture('ios'));
    const out = await runConsumer(server, reader, [
      { name: 'theirs', kind: 'get', path: `/deviceManagement/managedDevices/${theirs.id}` },
      { name: 'mine', kind: 'get', path: `/deviceManagement/managedDevices/${devices[0].id}` },
    ]);
    expect(out.theirs.error).toMatchObject({ statusCode: 404, code: 'itemNotFound' });
    expect((out.mine.body as { id: string }).id).toBe(devices[0].id);
  });

  it('refuses an expired token, and a token signed by a key that is not ours', async () => {
    const stored = JSON.parse(
      readFileSync(join(server.dataDir, 'token-signing-key.json'), 'utf8'),
    ) as { privateKeyPem: string };
    const ours = await importPKCS8(stored.privateKeyPem, 'RS256');
    const issued = await requestToken(server, contoso.tenantId, {
      grant_type: 'client_credentials',
      client_id: reader.clientId,
      client_secret: reader.clientSecret,
      scope: GRAPH_SCOPE,
    });
    const kid = (
      JSON.parse(
        Buffer.from((issued.body.access_token as string).split('.')[0], 'base64url').toString(),
      ) as { kid: string }
    ).kid;
    const claims = {
      tid: contoso.tenantId,
      appid: reader.clientId,
      roles: ['DeviceManagementManagedDevices.Read.All'],
    };
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid })
      .setAudience('https://graph.microsoft.com')
      .setIssuedAt(now - 7200)
      .setNotBefore(now - 7200)
      .setExpirationTime(now - 3600)
      .sign(ours);
    const fresh = (key: Parameters<SignJWT['sign']>[0]) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'RS256', kid })
        .setAudience('https://graph.microsoft.com')
        .setIssuedAt(now)
        .setNotBefore(now)
        .setExpirationTime(now + 600)
        .sign(key);
    const { privateKey: foreign } = await generateKeyPair('RS256');
    const path = '/v1.0/deviceManagement/managedDevices';

    expect((await graphGet(server, await fresh(ours), path)).status).toBe(200);
    const expiredAnswer = await graphGet(server, expired, path);
    expect(expiredAnswer.status).toBe(401);
    expect(expiredAnswer.body.error).toMatchObject({ code: 'unauthenticated' });
    expect((await graphGet(server, await fresh(foreign), path)).status).toBe(401);
    // Claims edited after signing: the signature no longer holds.
    const [h, , s] = (await fresh(ours)).split('.');
    const widened = Buffer.from(
      JSON.stringify({ ...claims, roles: ['DeviceManagementApps.ReadWrite.All'], exp: now + 600 }),
    ).toString('base64url');
    expect((await graphGet(server, `${h}.${widened}.${s}`, path)).status).toBe(401);
  });

  it('checks each route’s Graph permission: read-only apps may not act, privileged ones may', async () => {
    const operator = await registerApp(server, contoso, [
      'DeviceManagementManagedDevices.PrivilegedOperations.All',
    ]);
    const device = devices[1];
    const readerOut = await runConsumer(server, reader, [
      {
        name: 'sync',
        kind: 'post',
        path: `/deviceManagement/managedDevices/${device.id}/syncDevice`,
      },
    ]);
    expect(readerOut.sync.error).toMatchObject({ statusCode: 403, code: 'Forbidden' });
    expect(readerOut.sync.error!.message).toContain(
      'DeviceManagementManagedDevices.PrivilegedOperations.All',
    );
    const operatorOut = await runConsumer(server, operator, [
      {
        name: 'sync',
        kind: 'post',
        path: `/deviceManagement/managedDevices/${device.id}/syncDevice`,
      },
      { name: 'read', kind: 'get', path: '/deviceManagement/managedDevices' },
    ]);
    expect(operatorOut.sync.error).toBeUndefined();
    // PrivilegedOperations does not include reading.
    expect(operatorOut.read.error).toMatchObject({ statusCode: 403 });

    // The refusals are in the audit trail, with the application as the actor.
    const refused = await server.query<{ actor: string }>(
      "SELECT actor FROM audit_event WHERE tenant_id = ? AND activity = 'Request refused'",
      [contoso.tenantId],
    );
    const actors = refused.map(
      (r) => JSON.parse(r.actor) as { type: string; applicationId: string },
    );
    expect(actors).toContainEqual(
      expect.objectContaining({ type: 'application', applicationId: reader.clientId }),
    );
    // And an application may not call the admin API at all.
    const token = await requestToken(server, contoso.tenantId, {
      grant_type: 'client_credentials',
      client_id: operator.clientId,
      client_secret: operator.clientSecret,
      scope: GRAPH_SCOPE,
    });
    const admins = await graphGet(server, token.body.access_token as string, '/v1.0/admin/admins');
    expect(admins.status).toBe(403);
  });

  it('stores only a hash of the secret, audits the registration, and honours revocation', async () => {
    const app = await registerApp(
      server,
      contoso,
      ['DeviceManagementManagedDevices.Read.All'],
      'Revoked later',
    );
    const stored = await server.query<Record<string, unknown>>(
      'SELECT * FROM app_client_secret s JOIN app_registration a ON a.id = s.app_id WHERE a.client_id = ?',
      [app.clientId],
    );
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(app.clientSecret);
    const audit = await server.query<{ activity: string; resources: string }>(
      'SELECT activity, resources FROM audit_event WHERE tenant_id = ? AND category = ?',
      [contoso.tenantId, 'Application'],
    );
    expect(audit.map((a) => a.activity)).toContain('Create application');
    expect(JSON.stringify(audit)).not.toContain(app.clientSecret);

    const listed = await adminCall<{
      value: { appId: string; passwordCredentials: { keyId: string; hint: string }[] }[];
    }>(server.url, contoso.adminToken, 'GET', '/v1.0/admin/applications');
    const entry = listed.body.value.find((a) => a.appId === app.clientId)!;
    expect(entry.passwordCredentials[0].hint).toBe(app.clientSecret.slice(0, 7));
    expect(JSON.stringify(listed.body)).not.toContain(app.clientSecret);

    const form = {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: GRAPH_SCOPE,
    };
    const before = await requestToken(server, contoso.tenantId, form);
    expect(before.status).toBe(200);
    const revoked = await adminCall(
      server.url,
      contoso.adminToken,
      'DELETE',
      `/v1.0/admin/applications/${app.id}/passwordCredentials/${entry.passwordCredentials[0].keyId}`,
    );
    expect(revoked.status).toBe(204);
    const after = await requestToken(server, contoso.tenantId, form);
    expect(after).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_codes: [7000215] },
    });

    // Revoking the registration also ends the tokens it already holds.
    const path = '/v1.0/deviceManagement/managedDevices';
    expect((await graphGet(server, before.body.access_token as string, path)).status).toBe(200);
    await adminCall(server.url, contoso.adminToken, 'DELETE', `/v1.0/admin/applications/${app.id}`);
    expect((await graphGet(server, before.body.access_token as string, path)).status).toBe(401);
  });

  it('lets another instance on the same database verify the first one’s tokens', async () => {
    const { tokenPepper } = JSON.parse(
      readFileSync(join(server.dataDir, 'secrets.json'), 'utf8'),
    ) as { tokenPepper: string };
    // Its own DATA_DIR, so its own signing key; the same TOKEN_PEPPER, as every instance needs.
    const second = await startTestServer(kind, { TOKEN_PEPPER: tokenPepper }, server.database);
    try {
      const issued = await requestToken(server, contoso.tenantId, {
        grant_type: 'client_credentials',
        client_id: reader.clientId,
        client_secret: reader.clientSecret,
        scope: GRAPH_SCOPE,
      });
      const answer = await graphGet(
        second,
        issued.body.access_token as string,
        '/v1.0/deviceManagement/managedDevices',
      );
      expect(answer.status).toBe(200);
      // Each instance has its own key; both are published.
      const keys = await second.query('SELECT kid FROM token_signing_key');
      expect(keys.length).toBeGreaterThanOrEqual(2);
    } finally {
      await second.close();
    }
  });

  it('rotates its signing key: old tokens stay valid, new ones carry the new key', async () => {
    const form = {
      grant_type: 'client_credentials',
      client_id: reader.clientId,
      client_secret: reader.clientSecret,
      scope: GRAPH_SCOPE,
    };
    const kidOf = (token: string) =>
      (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()) as { kid: string }).kid;
    const before = (await requestToken(server, contoso.tenantId, form)).body.access_token as string;
    const rotated = await server.service(TokenSigningKeys).rotate();
    expect(rotated.retiredKid).toBe(kidOf(before));
    const after = (await requestToken(server, contoso.tenantId, form)).body.access_token as string;
    expect(kidOf(after)).toBe(rotated.kid);
    const path = '/v1.0/deviceManagement/managedDevices';
    expect((await graphGet(server, before, path)).status).toBe(200);
    expect((await graphGet(server, after, path)).status).toBe(200);
    const jwks = (await (
      await fetch(`${server.url}/${contoso.tenantId}/discovery/v2.0/keys`)
    ).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual(
      expect.arrayContaining([rotated.kid, rotated.retiredKid]),
    );
    // The new key is what the data directory keeps now.
    const kept = readFileSync(join(server.dataDir, 'token-signing-key.json'), 'utf8');
    expect(kept).toContain('PRIVATE KEY');
  });

  it('refuses an expired client secret with AADSTS7000222', async () => {
    const app = await registerApp(
      server,
      contoso,
      ['DeviceManagementManagedDevices.Read.All'],
      'Expiring',
    );
    await server.query('UPDATE app_client_secret SET expires_at = ? WHERE hint = ?', [
      Date.now() - 1000,
      app.clientSecret.slice(0, 7),
    ]);
    const answer = await requestToken(server, contoso.tenantId, {
      grant_type: 'client_credentials',
      client_id: app.clientId,
      client_secret: app.clientSecret,
      scope: GRAPH_SCOPE,
    });
    expect(answer).toMatchObject({
      status: 401,
      body: { error: 'invalid_client', error_codes: [7000222] },
    });
  });

  it('has a Graph permission for every Graph route the server serves, and none for /admin', () => {
    const routes = registeredAdminRoutes(server.app).filter((r) => !r.endsWith('/$batch'));
    const graphRoutes = routes.filter((r) => !/ \/(v1\.0|beta)\/admin\//.test(r));
    expect(graphRoutes.length).toBeGreaterThan(30);
    for (const route of graphRoutes) {
      const [method, path] = route.split(' ');
      expect([route, acceptedPermissions(method, path)]).toEqual([route, expect.any(Array)]);
    }
    for (const route of routes.filter((r) => !graphRoutes.includes(r))) {
      const [method, path] = route.split(' ');
      expect([route, acceptedPermissions(method, path)]).toEqual([route, null]);
    }
  });

  it('keeps admin tokens working on the same routes', async () => {
    const answer = await graphGet(
      server,
      contoso.adminToken,
      '/v1.0/deviceManagement/managedDevices',
    );
    expect(answer.status).toBe(200);
  });
});
