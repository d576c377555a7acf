import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnModuleInit,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { DataSource } from 'typeorm';
import { ZipFile } from 'yazl';
import { AuditActor } from '../../platform/database/entities/audit-event.entity';
import { AuditService } from '../../platform/audit/audit.service';
import { invalidRequest, itemNotFound } from '../../platform/http/graph-error';
import { AppConfig } from '../../platform/config/config';
import { APP_CONFIG, SERVER_SECRETS } from '../../platform/tokens';
import { hashToken, ServerSecrets, tokenMatches } from '../../platform/secrets';
import { WriteTransactions } from '../../platform/database/write-transactions';
import { selectColumns } from '../http/list-reader';
import { compileFilter, ODataQueryError, parseFilter, SqlFragment } from '../odata';
import { graphDateTime, NO_DATE_TIME } from '../../platform/http/graph-values';
import {
  LIVE_DEVICE,
  MANAGED_DEVICE_COLUMNS,
  ManagedDeviceRow,
  OPERATING_SYSTEMS,
  SINGLE_DEVICE_COLUMNS,
  toManagedDevice,
} from '../managed-devices/managed-device';
import { DEVICE_REPORT_FILTER } from './report-filter';
import { describeError } from '../../platform/logger';
import {
  AppInventoryReportRow,
  columnsToExport,
  DeviceReportRow,
  REPORT_COLUMNS,
  ReportColumns,
  ReportFormat,
  ReportName,
} from './report-definitions';
import { ExportLease, MAX_EXPORT_ATTEMPTS, recoveryStep, renewalIntervalMs } from './export-lease';

export type ExportJobStatus = 'notStarted' | 'inProgress' | 'completed' | 'failed';

export interface NewExportJob {
  reportName: ReportName;
  filter: string | null;
  select: string[];
  format: ReportFormat;
  localizationType: string;
}

interface ExportJobRow {
  id: string;
  tenant_id: string;
  report_name: ReportName;
  filter: string | null;
  select_columns: string;
  format: ReportFormat;
  localization_type: string;
  status: ExportJobStatus;
  requested_at: number | string;
  completed_at: number | string | null;
  expires_at: number | string | null;
  lease_owner: string | null;
  lease_expires_at: number | string | null;
  attempts: number | string;
}

const leaseOf = (row: ExportJobRow): ExportLease => ({
  status: row.status,
  leaseExpiresAt: row.lease_expires_at === null ? null : Number(row.lease_expires_at),
  attempts: Number(row.attempts),
});

/** The writer's lease ran out and another instance claimed the job: this attempt stops. */
class LeaseLost extends Error {}

/** A claimable job (the SQL form of recoveryStep's 'claim', in one statement: one claimer wins). */
const CLAIMABLE = `status IN ('notStarted', 'inProgress')
  AND (lease_expires_at IS NULL OR lease_expires_at <= ?)`;

/** The attempt that holds the job's lease. */
const HELD_BY = `lease_owner = ? AND attempts = ? AND status = 'inProgress'`;

/** Rows read per query while a report is written: the only rows held in memory at once. */
const PAGE_ROWS = 1000;
/** Devices whose apps are read per query for AppInvRawData (a device reports at most a few thousand). */
const DEVICES_PER_APP_PAGE = 200;
/** How long a finished export can be downloaded (its expirationDateTime). */
const EXPORT_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Graph's report export (`deviceManagement/reports/exportJobs`): a job is accepted at once, then
 * written in the background, one report at a time per process, into a zip under DATA_DIR; the
 * job's `url` downloads it without a bearer token, like the signed storage URL Intune hands out.
 * Reading a page of rows at a time and streaming them through the zip keeps memory flat whatever
 * the fleet size. A job is written under a lease (export-lease.ts): if its instance dies, the job
 * is taken up again at the next start-up or poll by any instance sharing the database and DATA_DIR.
 */
@Injectable()
export class ExportJobsService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('ExportJobs');
  private queue: Promise<void> = Promise.resolve();
  /** Jobs in this process's queue (a job polled often is queued once). */
  private readonly queued = new Set<string>();
  private readonly directory: string;
  private readonly leaseMs: number;
  /** This process, as the owner of the leases it takes. */
  private readonly instance = randomUUID();

  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {
    this.directory = join(config.dataDir, 'report-exports');
    this.leaseMs = config.reportExportLeaseMs;
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.directory, { recursive: true });
  }

  /** Jobs left behind by an instance that died: claimed or failed now, their partial files deleted. */
  async onApplicationBootstrap(): Promise<void> {
    try {
      const open = await this.transactions.read<ExportJobRow>(
        "SELECT * FROM report_export_job WHERE status IN ('notStarted', 'inProgress')",
      );
      for (const row of open) await this.recover(row);
      await this.removeOrphanedPartials();
    } catch (error) {
      this.logger.error(`recovering export jobs failed: ${describeError(error)}`);
    }
  }

  /** A report being written is finished before the database closes. */
  beforeApplicationShutdown(): Promise<void> {
    return this.queue;
  }

  /** Checks the request fully (a bad column or filter is a 400 now, not a failed job later). */
  async create(tenantId: string, job: NewExportJob, actor: AuditActor, origin: string) {
    const columns = columnsToExport<never>(
      job.reportName,
      REPORT_COLUMNS[job.reportName],
      job.select,
    );
    if ('problem' in columns) {
      throw invalidRequest(
        columns.target,
        `Invalid field '${columns.target}': ${columns.problem}.`,
      );
    }
    this.compileReportFilter(job);
    await this.purgeExpired();
    const id = `${job.reportName}_${randomUUID()}`;
    const now = Date.now();
    await this.transactions.run(async (tx) => {
      await tx.run(
        `INSERT INTO report_export_job (id, tenant_id, report_name, filter, select_columns, format,
           localization_type, status, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'notStarted', ?)`,
        [
          id,
          tenantId,
          job.reportName,
          job.filter,
          JSON.stringify(job.select),
          job.format,
          job.localizationType,
          now,
        ],
      );
      await this.audit.record(tx, {
        tenantId,
        category: job.reportName === 'AppInvRawData' ? 'Application' : 'Device',
        activity: 'Create deviceManagementExportJob',
        activityType: 'Create DeviceManagementExportJob',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: id,
            type: 'deviceManagementExportJob',
            displayName: job.reportName,
            modifiedProperties: [
              { displayName: 'reportName', oldValue: null, newValue: job.reportName },
              { displayName: 'filter', oldValue: null, newValue: job.filter },
              { displayName: 'select', oldValue: null, newValue: job.select.join(',') },
              { displayName: 'format', oldValue: null, newValue: job.format },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
    this.enqueue(id);
    return this.get(tenantId, id, origin);
  }

  /** A poll: a job whose writer died is taken up (or failed) here, so that no poller waits forever. */
  async get(tenantId: string, id: string, origin: string) {
    const [row] = await this.transactions.read<ExportJobRow>(
      'SELECT * FROM report_export_job WHERE id = ? AND tenant_id = ?',
      [id, tenantId],
    );
    if (!row) throw itemNotFound('The export job');
    return toExportJob(await this.recover(row), origin, this.secrets.tokenPepper);
  }

  async list(tenantId: string, origin: string) {
    const rows = await this.transactions.read<ExportJobRow>(
      'SELECT * FROM report_export_job WHERE tenant_id = ? ORDER BY requested_at DESC LIMIT 100',
      [tenantId],
    );
    const recovered: ExportJobRow[] = [];
    for (const row of rows) recovered.push(await this.recover(row));
    return recovered.map((row) => toExportJob(row, origin, this.secrets.tokenPepper));
  }

  /** The zip of a completed, unexpired job whose download token matches; else nothing. */
  async download(id: string, token: string): Promise<Readable | null> {
    const [row] = await this.transactions.read<ExportJobRow>(
      'SELECT * FROM report_export_job WHERE id = ?',
      [id],
    );
    if (!row || row.status !== 'completed' || row.expires_at === null) return null;
    if (!tokenMatches(this.secrets.tokenPepper, downloadGrant(row), token)) return null;
    if (Number(row.expires_at) <= Date.now()) return null;
    return createReadStream(this.fileOf(id));
  }

  /** Resolves when every job queued so far has been written (tests and the bench wait on it). */
  idle(): Promise<void> {
    return this.queue;
  }

  private fileOf(id: string): string {
    return join(this.directory, `${id}.zip`);
  }

  /** Each attempt writes its own file, so that a late writer never touches its successor's. */
  private partialOf(id: string, attempt: number): string {
    return join(this.directory, `${id}.${attempt}.partial`);
  }

  /**
   * Applies recoveryStep: a claimable job is queued here (the claim itself happens when its turn
   * comes, and only one instance's claim succeeds); a job out of attempts is failed. Answers the
   * row as it stands afterwards.
   */
  private async recover(row: ExportJobRow): Promise<ExportJobRow> {
    const step = recoveryStep(leaseOf(row), Date.now());
    if (step === 'claim') this.enqueue(row.id);
    if (step !== 'fail') return row;
    const [failed] = await this.transactions.run((tx) =>
      tx.all<ExportJobRow>(
        `UPDATE report_export_job SET status = 'failed', lease_owner = NULL, lease_expires_at = NULL
         WHERE id = ? AND ${CLAIMABLE} AND attempts >= ? RETURNING *`,
        [row.id, Date.now(), MAX_EXPORT_ATTEMPTS],
      ),
    );
    if (failed) {
      this.logger.warn(`export ${row.id} failed: its writer died ${MAX_EXPORT_ATTEMPTS} times`);
      await this.removePartials(row.id);
    }
    return failed ?? row;
  }

  private enqueue(id: string): void {
    if (this.queued.has(id)) return;
    this.queued.add(id);
    // attempt() handles its own failures (the job is marked failed), so the queue never rejects.
    this.queue = this.queue.then(async () => {
      this.queued.delete(id);
      await this.attempt(id);
    });
  }

  /** Partial files of the job's attempts but `keep` (a dead attempt's, or all of a finished job). */
  private async removePartials(id: string, keep?: number): Promise<void> {
    const files = await readdir(this.directory).catch(() => [] as string[]);
    for (const file of files) {
      if (!file.startsWith(`${id}.`) || !file.endsWith('.partial')) continue;
      if (keep !== undefined && join(this.directory, file) === this.partialOf(id, keep)) continue;
      await rm(join(this.directory, file), { force: true });
    }
  }

  /** Partial files no live attempt is writing (their job finished, went, or was taken up again). */
  private async removeOrphanedPartials(): Promise<void> {
    for (const file of await readdir(this.directory)) {
      const match = /^(.+)\.(\d+)\.partial$/.exec(file);
      if (!match) continue;
      const [row] = await this.transactions.read<ExportJobRow>(
        'SELECT * FROM report_export_job WHERE id = ?',
        [match[1]],
      );
      const live =
        row !== undefined &&
        row.status === 'inProgress' &&
        Number(row.attempts) === Number(match[2]) &&
        recoveryStep(leaseOf(row), Date.now()) === 'leave';
      if (!live) await rm(join(this.directory, file), { force: true });
    }
  }

  private compileReportFilter(job: Pick<NewExportJob, 'reportName' | 'filter'>) {
    if (job.filter === null || job.filter.trim() === '') return undefined;
    if (job.reportName !== 'DevicesWithInventory') {
      throw invalidRequest('filter', `Invalid field 'filter': ${job.reportName} takes no filter.`);
    }
    try {
      return compileFilter(parseFilter(job.filter), DEVICE_REPORT_FILTER, 'report');
    } catch (error) {
      if (error instanceof ODataQueryError) {
        throw invalidRequest('filter', `Invalid field 'filter': ${error.message}.`);
      }
      throw error;
    }
  }

  /**
   * One attempt at a job: claim its lease (or leave it to the instance that holds it), write the
   * zip while renewing the lease, and complete it only while still holding the lease.
   */
  private async attempt(id: string): Promise<void> {
    const now = Date.now();
    const [row] = await this.transactions
      .run((tx) =>
        tx.all<ExportJobRow>(
          `UPDATE report_export_job
           SET status = 'inProgress', lease_owner = ?, lease_expires_at = ?, attempts = attempts + 1
           WHERE id = ? AND ${CLAIMABLE} AND attempts < ? RETURNING *`,
          [this.instance, now + this.leaseMs, id, now, MAX_EXPORT_ATTEMPTS],
        ),
      )
      .catch((error: unknown) => {
        this.logger.error(`claiming export ${id} failed: ${describeError(error)}`);
        return [];
      });
    if (!row) return;
    const attempt = Number(row.attempts);
    const partial = this.partialOf(id, attempt);
    let held = true;
    const renew = async () => {
      held &&= await this.renew(id, attempt);
      return held;
    };
    const renewal = setInterval(
      () =>
        void renew().catch((error: unknown) =>
          this.logger.warn(`renewing the lease of ${id} failed: ${describeError(error)}`),
        ),
      renewalIntervalMs(this.leaseMs),
    );
    try {
      await this.removePartials(id, attempt);
      const rows = await this.reportRows(row);
      await writeZip(
        partial,
        `${id}.${row.format}`,
        whileHeld(rows, () => held),
      );
      // A fresh lease for the last two steps: nobody else can complete the job meanwhile.
      if (!(await renew())) throw new LeaseLost();
      await rename(partial, this.fileOf(id));
      const completed = Date.now();
      await this.transactions.run((tx) =>
        tx.run(
          `UPDATE report_export_job SET status = 'completed', completed_at = ?, expires_at = ?,
             lease_owner = NULL, lease_expires_at = NULL
           WHERE id = ? AND ${HELD_BY}`,
          [completed, completed + EXPORT_LIFETIME_MS, id, this.instance, attempt],
        ),
      );
    } catch (error) {
      await rm(partial, { force: true });
      if (error instanceof LeaseLost) {
        this.logger.warn(`export ${id}: lease lost to another instance, attempt ${attempt} stops`);
        return;
      }
      this.logger.error(`export ${id} failed: ${describeError(error)}`);
      // Only while this attempt still holds the job: a successor's work is not failed by it.
      await this.transactions
        .run((tx) =>
          tx.run(
            `UPDATE report_export_job SET status = 'failed', lease_owner = NULL,
               lease_expires_at = NULL WHERE id = ? AND ${HELD_BY}`,
            [id, this.instance, attempt],
          ),
        )
        .catch(() => undefined);
    } finally {
      clearInterval(renewal);
    }
  }

  /** Extends this attempt's lease; false if the lease is no longer this attempt's. */
  private async renew(id: string, attempt: number): Promise<boolean> {
    const changed = await this.transactions.run((tx) =>
      tx.run(`UPDATE report_export_job SET lease_expires_at = ? WHERE id = ? AND ${HELD_BY}`, [
        Date.now() + this.leaseMs,
        id,
        this.instance,
        attempt,
      ]),
    );
    return changed === 1;
  }

  /** The file's lines (CSV) or JSON fragments, a page of rows at a time. */
  private async reportRows(row: ExportJobRow): Promise<AsyncGenerator<string>> {
    const select = JSON.parse(row.select_columns) as string[];
    const filter = this.compileReportFilter({ reportName: row.report_name, filter: row.filter });
    if (row.report_name === 'DevicesWithInventory') {
      const columns = columnsToExport(row.report_name, REPORT_COLUMNS.DevicesWithInventory, select);
      if ('problem' in columns) throw new Error(columns.problem);
      return encode(row.format, columns, this.deviceRows(row.tenant_id, filter));
    }
    const columns = columnsToExport(row.report_name, REPORT_COLUMNS.AppInvRawData, select);
    if ('problem' in columns) throw new Error(columns.problem);
    return encode(row.format, columns, this.appRows(row.tenant_id));
  }

  private async *deviceRows(
    tenantId: string,
    filter: SqlFragment | undefined,
  ): AsyncGenerator<DeviceReportRow[]> {
    let after: string | undefined;
    for (;;) {
      const builder = selectColumns(this.dataSource.createQueryBuilder().from('device', 'd'), 'd', [
        ...MANAGED_DEVICE_COLUMNS,
        ...SINGLE_DEVICE_COLUMNS,
      ])
        .where('d.tenant_id = :tenantId', { tenantId })
        .andWhere(LIVE_DEVICE);
      if (filter) builder.andWhere(`(${filter.sql})`, filter.params);
      if (after !== undefined) builder.andWhere('d.id > :after', { after });
      const rows = await builder.orderBy('d.id').limit(PAGE_ROWS).getRawMany<ManagedDeviceRow>();
      if (rows.length === 0) return;
      yield rows.map((device) => ({
        device: toManagedDevice(device, { version: 'beta', single: true }),
        eid: device.eid ?? null,
        ipAddress: device.ip_address ?? null,
      }));
      if (rows.length < PAGE_ROWS) return;
      after = rows[rows.length - 1].id;
    }
  }

  /**
   * A page of devices (keyset on id), then every app of those devices: each query reads its rows
   * by index, so the time per page does not grow with the fleet.
   */
  private async *appRows(tenantId: string): AsyncGenerator<AppInventoryReportRow[]> {
    let after = '';
    for (;;) {
      const devices = await this.transactions.read<{
        id: string;
        device_name: string;
        platform: ManagedDeviceRow['platform'];
        os_version: string;
        user_email: string | null;
        user_display_name: string | null;
      }>(
        `SELECT d.id, d.device_name, d.platform, d.os_version, d.user_email, d.user_display_name
         FROM device d WHERE d.tenant_id = ? AND ${LIVE_DEVICE} AND d.id > ?
         ORDER BY d.id LIMIT ${DEVICES_PER_APP_PAGE}`,
        [tenantId, after],
      );
      if (devices.length === 0) return;
      const apps = await this.transactions.read<{
        device_id: string;
        app_catalog_id: number | string;
        display_name: string;
        publisher: string | null;
        version: string;
      }>(
        `SELECT l.device_id, l.app_catalog_id, c.display_name, c.publisher, c.version
         FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id IN (${devices.map(() => '?').join(', ')})
         ORDER BY l.device_id, l.app_catalog_id`,
        devices.map((device) => device.id),
      );
      const byId = new Map(devices.map((device) => [device.id, device]));
      yield apps.map((app) => {
        const device = byId.get(app.device_id)!;
        return {
          appKey: String(app.app_catalog_id),
          appName: app.display_name,
          publisher: app.publisher,
          version: app.version,
          device: {
            id: device.id,
            deviceName: device.device_name,
            operatingSystem: OPERATING_SYSTEMS[device.platform],
            osVersion: device.os_version,
            emailAddress: device.user_email ?? '',
            userDisplayName: device.user_display_name ?? '',
          },
        };
      });
      if (devices.length < DEVICES_PER_APP_PAGE) return;
      after = devices[devices.length - 1].id;
    }
  }

  /** Expired exports: the file and the job go (Intune's links stop working at expirationDateTime). */
  private async purgeExpired(): Promise<void> {
    const expired = await this.transactions.read<{ id: string }>(
      'SELECT id FROM report_export_job WHERE expires_at IS NOT NULL AND expires_at <= ?',
      [Date.now()],
    );
    for (const { id } of expired) {
      await rm(this.fileOf(id), { force: true });
      await this.transactions.run((tx) =>
        tx.run('DELETE FROM report_export_job WHERE id = ?', [id]),
      );
    }
  }
}

/**
 * What the download token of a finished job signs: the job and its expiry. The token is the HMAC
 * of it under the server's pepper, so nothing secret is stored and every poll shows the same url.
 */
const downloadGrant = (row: Pick<ExportJobRow, 'id' | 'expires_at'>) =>
  `reportExport:${row.id}:${Number(row.expires_at)}`;

/** The job as Graph's deviceManagementExportJob. */
function toExportJob(row: ExportJobRow, origin: string, pepper: string) {
  const token =
    row.status === 'completed' && row.expires_at !== null
      ? hashToken(pepper, downloadGrant(row))
      : null;
  return {
    '@odata.type': '#microsoft.graph.deviceManagementExportJob',
    id: row.id,
    reportName: row.report_name,
    filter: row.filter ?? '',
    select: JSON.parse(row.select_columns) as string[],
    format: row.format,
    snapshotId: null,
    localizationType: row.localization_type,
    search: '',
    status: row.status,
    url:
      token === null
        ? null
        : `${origin}/downloads/reportExports/${encodeURIComponent(row.id)}.zip?token=${token}`,
    requestDateTime: graphDateTime(Number(row.requested_at)),
    expirationDateTime:
      row.expires_at === null ? NO_DATE_TIME : graphDateTime(Number(row.expires_at)),
  };
}

/** CSV: every field quoted (RFC 4180), header first. JSON: one array of objects keyed by header. */
async function* encode<TRow>(
  format: ReportFormat,
  columns: ReportColumns<TRow>,
  pages: AsyncGenerator<TRow[]>,
): AsyncGenerator<string> {
  const headers = columns.map((column) => column.header);
  if (format === 'csv') yield csvLine(headers);
  else yield '[';
  let first = true;
  for await (const page of pages) {
    let chunk = '';
    for (const row of page) {
      const values = columns.map((column) => column.value(row));
      if (format === 'csv') {
        chunk += csvLine(values);
      } else {
        chunk += `${first ? '' : ','}\n${JSON.stringify(Object.fromEntries(headers.map((h, i) => [h, values[i]])))}`;
        first = false;
      }
    }
    yield chunk;
  }
  if (format === 'json') yield '\n]\n';
}

const csvLine = (values: readonly unknown[]): string =>
  `${values.map((value) => `"${String(value ?? '').replace(/"/g, '""')}"`).join(',')}\r\n`;

/** The lines, as long as the writer still holds the job's lease. */
async function* whileHeld(
  lines: AsyncGenerator<string>,
  held: () => boolean,
): AsyncGenerator<string> {
  for await (const line of lines) {
    if (!held()) throw new LeaseLost();
    yield line;
  }
}

/** Streams `lines` into a one-file zip at `path`; resolves once the file is complete on disk. */
function writeZip(path: string, name: string, lines: AsyncGenerator<string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new ZipFile();
    const source = Readable.from(lines);
    const out = createWriteStream(path);
    source.on('error', reject);
    zip.outputStream.on('error', reject);
    out.on('error', reject);
    out.on('close', () => resolve());
    zip.outputStream.pipe(out);
    zip.addReadStream(source, name, { mtime: new Date() });
    zip.end();
  });
}
