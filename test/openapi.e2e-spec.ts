import { startTestServer, TestServer } from './support/test-server';

type Schema = {
  properties?: Record<string, Schema & { $ref?: string; items?: Schema }>;
  required?: string[];
  enum?: string[];
  maxLength?: number;
  maximum?: number;
  type?: string;
};

describe('the OpenAPI document at /docs', () => {
  let server: TestServer;
  let document: {
    paths: Record<string, Record<string, { parameters?: { name: string }[] }>>;
    components: { schemas: Record<string, Schema> };
  };

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    const response = await fetch(`${server.url}/docs/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as typeof document;
  });
  afterAll(() => server.close());

  it('serves the interactive UI and the assets its page loads', async () => {
    const response = await fetch(`${server.url}/docs`);
    expect(response.status).toBe(200);
    const page = await response.text();
    expect(page).toContain('swagger');
    for (const asset of ['swagger-ui.css', 'swagger-ui-bundle.js']) {
      expect(page).toContain(`/docs/${asset}`);
      const served = await fetch(`${server.url}/docs/${asset}`);
      expect(served.status).toBe(200);
      expect((await served.arrayBuffer()).byteLength).toBeGreaterThan(10_000);
    }
  });

  it('describes the device channel bodies from the schemas that validate them', () => {
    const bodyOf = (path: string) =>
      (
        document.paths[path].post as unknown as {
          requestBody: { content: { 'application/json': { schema: Schema } } };
        }
      ).requestBody.content['application/json'].schema;
    const enroll = bodyOf('/enrollment/v1/enroll');
    expect(enroll.required?.sort()).toEqual(['enrollmentType', 'hardware', 'platform']);
    expect(enroll.properties?.platform.enum).toEqual(['ios', 'android', 'macos', 'windows']);
    expect(enroll.properties?.enrollmentType.enum).toContain('androidPersonalWorkProfile');
    const hardware = enroll.properties!.hardware;
    expect(hardware.required).toContain('deviceName');
    expect(hardware.required).not.toContain('imei');
    expect(hardware.properties?.deviceName.maxLength).toBe(256);
    expect(hardware.properties?.imei).toMatchObject({ type: 'string', nullable: true });
    const checkIn = bodyOf('/enrollment/v1/devices/{id}/checkin');
    expect(checkIn.required).toEqual(['sequence']);
    expect(checkIn.properties?.apps.items?.required?.sort()).toEqual([
      'appId',
      'displayName',
      'version',
    ]);
    expect(checkIn.properties?.sequence.type).toBe('integer');
    // The document is OpenAPI 3.0: no type lists, none of the validator's own keywords.
    expect(JSON.stringify(checkIn)).not.toMatch(
      /deviceText|deviceIdentifier|reportedDateTime|"type":\[/,
    );
  });

  it('documents the admin views the console uses', () => {
    for (const path of [
      '/v1.0/admin/me',
      '/v1.0/admin/managedDeviceCounts',
      '/v1.0/admin/managedDevices/{id}/privacy',
      '/v1.0/admin/managedDevices/{id}/compliance',
      '/v1.0/admin/managedDevices/{id}/actionHistory',
    ]) {
      expect({ path, get: Boolean(document.paths[path]?.get) }).toEqual({ path, get: true });
    }
    const exported = document.paths['/v1.0/admin/managedDevices/export'].get;
    expect(exported.parameters?.map((p) => p.name).sort()).toEqual([
      '$filter',
      '$orderby',
      '$search',
    ]);
  });

  it('lists the Graph-shaped routes under both versions with their OData options', () => {
    for (const version of ['v1.0', 'beta']) {
      const list = document.paths[`/${version}/deviceManagement/managedDevices`].get;
      expect(list.parameters?.map((p) => p.name)).toEqual(
        expect.arrayContaining(['$filter', '$select', '$orderby', '$top', '$skiptoken', '$count']),
      );
      expect(
        document.paths[`/${version}/deviceAppManagement/mobileApps/{id}/installSummary`],
      ).toBeDefined();
    }
  });
});
