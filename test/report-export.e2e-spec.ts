import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adminCall } from './support/admin-api';
import { checkIn, enroll, EnrolledDevice } from './support/device-channel';
import { appsFixture, deviceFixture } from './support/device-fixtures';
import { describeEachDatabase } from './support/databases';
import { startTestServer, TestServer } from './support/test-server';
import { ExportJobsService } from '../src/graph/reports/export-jobs.service';
import { MAX_EXPORT_ATTEMPTS } from '../src/graph/reports/export-lease';
import { parseQuotedCsv, unzip } from './support/zip';
import documented from './fixtures/graph-documentation/intune-reports-export-columns.json';

const JOBS = '/beta/deviceManagement/reports/exportJobs';

interface ExportJob {
  id: string;
  status: string;
  url: string | null;
  reportName: string;
  select: string[];
  format: string;
  expirationDateTime: string;
}

/**
 * The export path large consumers use (Microsoft's "Export Intune reports using Graph APIs"): POST
 * a job, poll `exportJobs('{id}')` until completed, download the zip its url points at.
 */
describeEachDatabase('report export jobs', (kind) => {
  let server: TestServer;
  let tenant: Awaited<ReturnType<TestServer['createTenant']>>;
  let other: Awaited<ReturnType<TestServer['createTenant']>>;
  const corporate: EnrolledDevice[] = [];
  let personal: EnrolledDevice;

  beforeAll(async () => {
    server = await startTestServer(kind);
    tenant = await server.createTenant('Contoso');
    other = await server.createTenant('Fabrikam');
    for (const platform of ['ios', 'android', 'windows'] as const) {
      const device = await enroll(server.url, tenant.enrollmentToken, deviceFixture(platform));
      await checkIn(server.url, device, { apps: appsFixture(`corp.${platform}`, 3) });
      corporate.push(device);
    }
    personal = await enroll(
      server.url,
      tenant.enrollmentToken,
      deviceFixture('ios', { ownership: 'personal' }),
    );
    await enroll(server.url, other.enrollmentToken, deviceFixture('ios'));
  });
  afterAll(() => server.close());

  const call = <T = Record<string, unknown>>(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ) => adminCall<T>(server.url, tenant.adminToken, method, path, body);

  /** Polls as Microsoft's examples do, with the key in parentheses. */
  const completed = async (id: string): Promise<ExportJob> => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const polled = await call<ExportJob>('GET', `${JOBS}('${id}')`);
      expect(polled.status).toBe(200);
      if (polled.body.status === 'completed' || polled.body.status === 'failed') return polled.body;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the export did not finish');
  };

  const download = async (url: string) => {
    // No bearer token: the url itself grants the download, like Intune's signed storage URL.
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/zip');
    return unzip(Buffer.from(await response.arrayBuffer()));
  };

  it('exports DevicesWithInventory as a zipped CSV with the documented column headers, filtered', async () => {
    const created = await call<ExportJob>('POST', JOBS, {
      reportName: 'DevicesWithInventory',
      filter: "(OwnerType eq '1')",
      localizationType: 'LocalizedValuesAsAdditionalColumn',
      format: 'csv',
      select: [
        'DeviceId',
        'DeviceName',
        'SerialNumber',
        'OS',
        'OwnerType',
        'EID',
        'ComplianceState',
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      '@odata.type': '#microsoft.graph.deviceManagementExportJob',
      reportName: 'DevicesWithInventory',
      format: 'csv',
      localizationType: 'localizedValuesAsAdditionalColumn',
      url: null,
    });
    expect(created.body.id).toMatch(/^DevicesWithInventory_[0-9a-f-]{36}$/);

    const job = await completed(created.body.id);
    expect(job.status).toBe('completed');
    expect(Date.parse(job.expirationDateTime)).toBeGreaterThan(Date.now());
    const files = await download(job.url!);
    expect([...files.keys()]).toEqual([`${job.id}.csv`]);
    const [header, ...rows] = parseQuotedCsv(files.get(`${job.id}.csv`)!);
    expect(header).toEqual([
      'Device ID',
      'Device name',
      'Serial number',
      'Compliance',
      'Ownership',
      'OS',
      'EID',
    ]);
    // Corporate devices of this tenant only: not the personal one, not the other tenant's.
    expect(rows.map((row) => row[0]).sort()).toEqual(corporate.map((d) => d.id).sort());
    expect(rows.every((row) => row[4] === 'Corporate')).toBe(true);
    expect(rows.map((row) => row[0])).not.toContain(personal.id);
  });

  it('exports AppInvRawData as zipped JSON, one object per app on a device', async () => {
    const created = await call<ExportJob>('POST', JOBS, {
      reportName: 'AppInvRawData',
      format: 'json',
      select: ['DeviceId', 'ApplicationName', 'ApplicationVersion', 'Platform'],
    });
    expect(created.status).toBe(201);
    const job = await completed(created.body.id);
    const files = await download(job.url!);
    const rows = JSON.parse(files.get(`${job.id}.json`)!) as Record<string, string>[];
    expect(rows).toHaveLength(9);
    expect(rows[0]).toEqual({
      DeviceId: expect.any(String),
      ApplicationName: expect.any(String),
      ApplicationVersion: '1.0',
      Platform: expect.stringMatching(/^(iOS|Android|Windows)$/),
    });
  });

  it('writes every documented column by default (in the documented order and names) but the select-only ones', async () => {
    const report = documented.DevicesWithInventory;
    const created = await call<ExportJob>('POST', JOBS, { reportName: 'DevicesWithInventory' });
    const job = await completed(created.body.id);
    const files = await download(job.url!);
    const [header, ...rows] = parseQuotedCsv(files.get(`${job.id}.csv`)!);
    expect(header).toEqual(
      report.columns
        .filter((column) => !report.exportedOnlyWhenSelected.includes(column.requestable))
        .map((column) => column.received),
    );
    expect(rows).toHaveLength(4);

    const everything = await call<ExportJob>('POST', JOBS, {
      reportName: 'DevicesWithInventory',
      select: report.columns.map((column) => column.requestable),
    });
    const all = await download((await completed(everything.body.id)).url!);
    const [fullHeader] = parseQuotedCsv(all.get(`${everything.body.id}.csv`)!);
    expect(fullHeader).toEqual(report.columns.map((column) => column.received));

    const apps = await call<ExportJob>('POST', JOBS, { reportName: 'AppInvRawData' });
    const appFiles = await download((await completed(apps.body.id)).url!);
    const [appHeader] = parseQuotedCsv(appFiles.get(`${apps.body.id}.csv`)!);
    expect(appHeader).toEqual(documented.AppInvRawData.columns);
  });

  it('refuses what it cannot export with a 400 naming the field, and keeps no job', async () => {
    for (const [body, target] of [
      [{ reportName: 'Devices' }, 'reportName'],
      [{ reportName: 'DevicesWithInventory', format: 'pdf' }, 'format'],
      [{ reportName: 'DevicesWithInventory', select: ['ShoeSize'] }, 'select'],
      [{ reportName: 'DevicesWithInventory', filter: "(JailBroken eq 'True')" }, 'filter'],
      [{ reportName: 'AppInvRawData', filter: "(Platform eq 'iOS')" }, 'filter'],
      [{ reportName: 'DevicesWithInventory', snapshotId: 'x' }, 'snapshotId'],
      [{ reportName: 'DevicesWithInventory', localizationType: 'klingon' }, 'localizationType'],
    ] as const) {
      const refused = await call('POST', JOBS, body);
      expect({
        body,
        status: refused.status,
        target: (refused.body as { error?: { target?: string } }).error?.target,
      }).toEqual({ body, status: 400, target });
    }
    const jobs = await server.query<{ n: number }>(
      "SELECT COUNT(*) AS n FROM report_export_job WHERE report_name = 'Devices' OR format = 'pdf'",
    );
    expect(Number(jobs[0].n)).toBe(0);
  });

  it('keeps jobs and downloads to their tenant and their token', async () => {
    const created = await call<ExportJob>('POST', JOBS, { reportName: 'DevicesWithInventory' });
    const job = await completed(created.body.id);
    const foreign = await adminCall(server.url, other.adminToken, 'GET', `${JOBS}('${job.id}')`);
    expect(foreign.status).toBe(404);
    const forged = new URL(job.url!);
    forged.searchParams.set('token', '0'.repeat(64));
    expect((await fetch(forged)).status).toBe(404);
    const unsigned = new URL(job.url!);
    unsigned.search = '';
    expect((await fetch(unsigned)).status).toBe(404);
  });

  describe('a job whose instance died (src/graph/reports/export-lease.ts)', () => {
    const exportsDir = () => join(server.dataDir, 'report-exports');
    const partials = () => readdirSync(exportsDir()).filter((file) => file.endsWith('.partial'));

    /** A job as an instance that died mid-export left it: in progress, its partial file on disk. */
    const abandoned = async (lease: { owner: string; expiresAt: number; attempts: number }) => {
      const id = `AppInvRawData_${randomUUID()}`;
      await server.query(
        `INSERT INTO report_export_job (id, tenant_id, report_name, filter, select_columns, format,
           localization_type, status, requested_at, lease_owner, lease_expires_at, attempts)
         VALUES (?, ?, 'AppInvRawData', NULL, '[]', 'csv', 'localizedValuesAsAdditionalColumn',
           'inProgress', ?, ?, ?, ?)`,
        [id, tenant.tenantId, Date.now() - 60_000, lease.owner, lease.expiresAt, lease.attempts],
      );
      const partial = join(exportsDir(), `${id}.${lease.attempts}.partial`);
      writeFileSync(partial, 'PK half a zip');
      return { id, partial };
    };
    const attemptsOf = async (id: string) =>
      Number(
        (
          await server.query<{ attempts: number }>(
            'SELECT attempts FROM report_export_job WHERE id = ?',
            [id],
          )
        )[0].attempts,
      );

    it("is taken up again when polled once its lease ran out, completes with the whole zip, and the dead attempt's partial file goes", async () => {
      const { id, partial } = await abandoned({
        owner: 'instance-killed-mid-export',
        expiresAt: Date.now() - 1,
        attempts: 1,
      });
      // Polled from several consumers at once: still one attempt.
      await Promise.all(Array.from({ length: 5 }, () => call('GET', `${JOBS}('${id}')`)));
      const job = await completed(id);
      expect(job.status).toBe('completed');
      expect(await attemptsOf(id)).toBe(2);
      const files = await download(job.url!);
      const [header, ...rows] = parseQuotedCsv(files.get(`${id}.csv`)!);
      expect(header).toEqual(documented.AppInvRawData.columns);
      expect(rows).toHaveLength(9);
      expect(existsSync(partial)).toBe(false);
      expect(partials()).toEqual([]);
    });

    it(`is failed, not retried forever, once its writers died ${MAX_EXPORT_ATTEMPTS} times; its partial file goes`, async () => {
      const { id, partial } = await abandoned({
        owner: 'instance-killed-again',
        expiresAt: Date.now() - 1,
        attempts: MAX_EXPORT_ATTEMPTS,
      });
      const polled = await call<ExportJob>('GET', `${JOBS}('${id}')`);
      expect(polled.body).toMatchObject({ status: 'failed', url: null });
      await server.service(ExportJobsService).idle();
      expect((await call<ExportJob>('GET', `${JOBS}/${id}`)).body.status).toBe('failed');
      expect(await attemptsOf(id)).toBe(MAX_EXPORT_ATTEMPTS);
      expect(existsSync(partial)).toBe(false);
    });

    if (kind === 'postgres') {
      it('is taken up by exactly one of two instances polled at once (scale-out on one database)', async () => {
        // A second instance on the same database and DATA_DIR, as `npm run cluster` runs them.
        const second = await startTestServer(kind, { DATA_DIR: server.dataDir }, server.database);
        try {
          const { id } = await abandoned({
            owner: 'instance-gone-from-the-cluster',
            expiresAt: Date.now() - 1,
            attempts: 1,
          });
          await Promise.all(
            [server, second, server, second].map((instance) =>
              adminCall(instance.url, tenant.adminToken, 'GET', `${JOBS}('${id}')`),
            ),
          );
          await Promise.all([
            server.service(ExportJobsService).idle(),
            second.service(ExportJobsService).idle(),
          ]);
          const job = await completed(id);
          expect(job.status).toBe('completed');
          expect(await attemptsOf(id)).toBe(2);
          expect(partials()).toEqual([]);
        } finally {
          await second.close();
        }
      });
    }

    it('is left to the instance that holds a live lease on it: not run twice, its file not touched', async () => {
      const { id, partial } = await abandoned({
        owner: 'instance-still-writing',
        expiresAt: Date.now() + 60_000,
        attempts: 1,
      });
      for (let poll = 0; poll < 3; poll++) {
        expect((await call<ExportJob>('GET', `${JOBS}('${id}')`)).body.status).toBe('inProgress');
      }
      await server.service(ExportJobsService).idle();
      expect(await attemptsOf(id)).toBe(1);
      expect(existsSync(partial)).toBe(true);
      const [lease] = await server.query<{ lease_owner: string }>(
        'SELECT lease_owner FROM report_export_job WHERE id = ?',
        [id],
      );
      expect(lease.lease_owner).toBe('instance-still-writing');
    });
  });
});
