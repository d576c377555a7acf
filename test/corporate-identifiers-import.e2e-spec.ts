import { adminCall, auditedDuring, modified } from './support/admin-api';
import { enroll } from './support/device-channel';
import { deviceFixture, imeiFor } from './support/device-fixtures';
import { startTestServer, TestServer } from './support/test-server';

const IDENTITIES = '/v1.0/deviceManagement/importedDeviceIdentities';

interface ImportResult {
  value: { importedDeviceIdentifier: string; description: string | null; status: boolean }[];
}
interface ErrorBody {
  error: { code: string; message: string; details?: { message: string; target: string }[] };
}

describe('corporate identifiers (importedDeviceIdentities)', () => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;

  beforeAll(async () => {
    server = await startTestServer('sqlite');
    tenant = await server.createTenant('Contoso');
  });
  afterAll(() => server.close());

  const uploadCsv = <T>(csv: string, query = 'importedDeviceIdentityType=imei') =>
    adminCall<T>(
      server.url,
      tenant.adminToken,
      'POST',
      `${IDENTITIES}/importCsv?${query}`,
      csv,
      'text/csv',
    );
  const stored = async () =>
    (
      await server.query<{ value: string; description: string | null }>(
        'SELECT value, description FROM corporate_identifier WHERE tenant_id = ? ORDER BY value',
        [tenant.tenantId],
      )
    ).map((row) => `${row.value}:${row.description ?? ''}`);

  it('refuses a CSV with duplicate and malformed lines line by line, importing nothing', async () => {
    const good = [imeiFor(9001), imeiFor(9002)];
    const wrongCheckDigit = `${good[0].slice(0, 14)}${(Number(good[0][14]) + 1) % 10}`;
    const csv = [
      `${good[0]},Loan pool`, // 1
      good[1], // 2
      '', // 3 blank: skipped
      wrongCheckDigit, // 4 malformed
      `${good[0]},again`, // 5 duplicate of line 1
      'IMEI,description,extra', // 6 malformed
    ].join('\r\n');
    const events = await auditedDuring(server, tenant.tenantId, async () => {
      const answer = await uploadCsv<ErrorBody>(csv);
      expect(answer.status).toBe(400);
      expect(answer.body.error.message).toBe(
        '3 of 5 entries are invalid or repeated; nothing was imported.',
      );
      expect(answer.body.error.details!.map((d) => d.target)).toEqual([
        'line 4',
        'line 5',
        'line 6',
      ]);
      expect(answer.body.error.details![1].message).toBe(
        'line 5: repeats the identifier of line 1.',
      );
      expect(JSON.stringify(answer.body)).not.toContain(wrongCheckDigit);
    });
    expect(events).toEqual([]);
    expect(await stored()).toEqual([]);

    const fixed = await uploadCsv<ImportResult>(`${good[0]},Loan pool\n${good[1]}\n`);
    expect(fixed.status).toBe(200);
    expect(fixed.body.value.map((v) => [v.importedDeviceIdentifier, v.status])).toEqual([
      [good[0], true],
      [good[1], true],
    ]);
    expect(await stored()).toEqual([`${good[0]}:Loan pool`, `${good[1]}:`]);
  });

  it('leaves identifiers imported before as they are, or overwrites their description when asked', async () => {
    const known = imeiFor(9101);
    const fresh = imeiFor(9102);
    await uploadCsv(`${known},First\n`);
    const again = await uploadCsv<ImportResult>(`${known},Second\n${fresh}\n`);
    expect(
      again.body.value.map((v) => [v.importedDeviceIdentifier, v.status, v.description]),
    ).toEqual([
      [known, false, 'First'],
      [fresh, true, null],
    ]);
    const [event] = await auditedDuring(server, tenant.tenantId, async () => {
      const overwrite = await uploadCsv<ImportResult>(
        `${known},Second\n`,
        'importedDeviceIdentityType=imei&overwriteImportedDeviceIdentities=true',
      );
      expect(overwrite.body.value[0]).toMatchObject({ status: true, description: 'Second' });
    });
    expect(modified(event, 'overwritten')).toEqual({ oldValue: null, newValue: '1' });
    expect(await stored()).toContain(`${known}:Second`);
  });

  it('imports a Graph JSON list all or nothing', async () => {
    const body = (serial: string) => ({
      importedDeviceIdentities: [
        { importedDeviceIdentifier: 'C02JSON0001', importedDeviceIdentityType: 'serialNumber' },
        { importedDeviceIdentifier: serial, importedDeviceIdentityType: 'serialNumber' },
      ],
      overwriteImportedDeviceIdentities: false,
    });
    const refused = await adminCall<ErrorBody>(
      server.url,
      tenant.adminToken,
      'POST',
      `${IDENTITIES}/importDeviceIdentityList`,
      body('no spaces allowed'),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ target: 'importedDeviceIdentities[1]' }),
    ]);
    expect((await stored()).some((row) => row.startsWith('C02JSON0001'))).toBe(false);
    const accepted = await adminCall<ImportResult>(
      server.url,
      tenant.adminToken,
      'POST',
      `${IDENTITIES}/importDeviceIdentityList`,
      body('C02JSON0002'),
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.value.map((v) => v.status)).toEqual([true, true]);
  });

  it('imports 5,000 lines at once, refuses more, and refuses a body that is not CSV', async () => {
    const imeis = Array.from({ length: 5001 }, (_, i) => imeiFor(20_000 + i));
    const tooMany = await uploadCsv<ErrorBody>(imeis.join('\n'));
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('5000');
    const started = Date.now();
    const full = await uploadCsv<ImportResult>(imeis.slice(0, 5000).join('\n'));
    expect(full.status).toBe(200);
    expect(full.body.value.filter((v) => v.status)).toHaveLength(5000);
    expect(Date.now() - started).toBeLessThan(10_000);
    const json = await adminCall(
      server.url,
      tenant.adminToken,
      'POST',
      `${IDENTITIES}/importCsv?importedDeviceIdentityType=imei`,
      { csv: 'x' },
    );
    expect(json.status).toBe(415);
    const noType = await uploadCsv(`${imeiFor(1)}\n`, 'importedDeviceIdentityType=phone');
    expect(noType.status).toBe(400);
  });

  it('marks a Windows identifier enrolled when the device enrolls, and deleting it leaves the device corporate', async () => {
    const payload = deviceFixture('windows', { ownership: 'personal' });
    const { manufacturer, model, serialNumber } = payload.hardware;
    const upload = await uploadCsv<ImportResult>(
      `"${String(manufacturer)}",${String(model)},${String(serialNumber)}\n`,
      'importedDeviceIdentityType=manufacturerModelSerial',
    );
    expect(upload.body.value[0]).toMatchObject({
      importedDeviceIdentifier: `${String(manufacturer).toUpperCase()},${String(model).toUpperCase()},${String(serialNumber).toUpperCase()}`,
      importedDeviceIdentityType: 'manufacturerModelSerial',
      platform: 'windows',
      enrollmentState: 'notContacted',
    });
    const device = await enroll(server.url, tenant.enrollmentToken, payload);
    expect(device.ownership).toBe('corporate');
    const list = await adminCall<{ value: { id: string; enrollmentState: string }[] }>(
      server.url,
      tenant.adminToken,
      'GET',
      `${IDENTITIES}?$filter=${encodeURIComponent("importedDeviceIdentityType eq 'manufacturerModelSerial'")}`,
    );
    expect(list.body.value).toEqual([
      expect.objectContaining({
        enrollmentState: 'enrolled',
        lastContactedDateTime: expect.any(String),
      }),
    ]);
    const id = list.body.value[0].id;
    expect(
      (await adminCall(server.url, tenant.adminToken, 'DELETE', `${IDENTITIES}/${id}`)).status,
    ).toBe(204);
    expect(
      (await adminCall(server.url, tenant.adminToken, 'GET', `${IDENTITIES}/${id}`)).status,
    ).toBe(404);
    const [row] = await server.query<{ ownership: string }>(
      'SELECT ownership FROM device WHERE id = ?',
      [device.id],
    );
    expect(row.ownership).toBe('corporate');
  });

  it('adds one identifier, refusing a bad check digit and a duplicate', async () => {
    const imei = imeiFor(9301);
    const add = (identifier: string) =>
      adminCall<ErrorBody>(server.url, tenant.adminToken, 'POST', IDENTITIES, {
        importedDeviceIdentifier: identifier,
        importedDeviceIdentityType: 'imei',
        description: 'Spare',
      });
    expect((await add(imei)).status).toBe(201);
    expect((await add(imei)).status).toBe(409);
    const bad = await add(`${imei.slice(0, 14)}${(Number(imei[14]) + 1) % 10}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { target: 'importedDeviceIdentifier' } });
  });
});
