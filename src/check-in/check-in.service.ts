import { Inject, Injectable } from '@nestjs/common';
import {
  appInventoryScope,
  collectionDirectives,
  EnrollmentType,
  findFieldNotOnPlatform,
  HardwareField,
  mayStoreLocation,
  Ownership,
  Platform,
  selectAppsToStore,
} from '../collection-rules';
import { detectedAppsOf } from '../apps/detected-app-list';
import { AuditService } from '../audit/audit.service';
import { replaceDetectedApps } from '../apps/detected-apps.store';
import { conflict, invalidRequest, unauthenticated } from '../common/graph-error';
import { ServerSecrets, tokenMatches } from '../common/secrets';
import { evaluateAppCompliance } from '../compliance/app-compliance';
import { AppConfig } from '../config/config';
import { APP_CONFIG, SERVER_SECRETS } from '../core/tokens';
import { Tx, WriteTransactions } from '../database/write-transactions';
import { ComplianceState, ManagementState } from '../devices/device.entity';
import { DiagnosticsService } from '../diagnostics/diagnostics.service';
import {
  canonicalHardware,
  columnsOfHardwareField,
  hardwareColumns,
} from '../devices/hardware-inventory';
import {
  applyManagementAnswer,
  ManagementOutcome,
} from '../remote-actions/command-acknowledgement';
import { RemoteAction } from '../remote-actions/device-command.entity';
import { withoutSecrets } from '../remote-actions/wipe-options';
import { countRequest, RateLimit, tooManyRequests } from '../rate-limits/fixed-window';
import { appInventoryHash } from '../device-channel/contract/app-inventory-hash';
import { CollectionContext, loadCollectionContext } from './collection-context';
import {
  AppInventoryStatus,
  CheckInResponse,
  DeliveredCommand,
  DiscardedData,
} from '../device-channel/contract/device-channel.types';
import { CheckInDto, CommandResultDto, InstallStateReportDto } from './dto/check-in.dto';

/** The stored device as the check-in needs it (raw columns: this is the hot path). */
interface DeviceRow {
  id: string;
  tenant_id: string;
  platform: Platform;
  enrollment_type: EnrollmentType;
  ownership: Ownership;
  management_state: ManagementState;
  compliance_state: ComplianceState;
  compliance_detail: string | null;
  credential_hash: string | null;
  last_sequence: number;
  app_inventory_hash: string | null;
  os_version: string;
  diagnostics_enabled: number | boolean;
  rate_window_start: number;
  rate_window_count: number;
  [column: string]: unknown;
}

/**
 * The check-in: one transaction that applies what a device reports, as the collection rules allow,
 * and answers with the directives and queued commands. A check-in that reports nothing new writes
 * only its receipt and the device's last-seen time.
 */
@Injectable()
export class CheckInService {
  private readonly rateLimit: RateLimit;

  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    private readonly diagnostics: DiagnosticsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {
    this.rateLimit = {
      limit: config.rateLimits.checkInsPerDevice,
      windowMs: config.rateLimits.windowMs,
    };
  }

  checkIn(deviceId: string, credential: string | null, body: CheckInDto): Promise<CheckInResponse> {
    return this.transactions.run(async (tx) => {
      const device = await this.authenticate(tx, deviceId, credential);

      if (body.sequence <= device.last_sequence) {
        const [receipt] = await tx.all<{ response: string }>(
          'SELECT response FROM checkin_receipt WHERE device_id = ? AND sequence = ?',
          [deviceId, body.sequence],
        );
        if (receipt)
          return { ...(JSON.parse(receipt.response) as CheckInResponse), replayed: true };
        throw conflict(
          'sequence',
          `Invalid field 'sequence': must be greater than ${device.last_sequence}, the last check-in applied.`,
        );
      }

      const now = Date.now();
      // The device's counter is in the row just read (and locked): no extra statement, and every
      // instance counts the same check-ins. A refused check-in writes nothing.
      const rate = countRequest(
        { windowStart: device.rate_window_start, count: device.rate_window_count },
        this.rateLimit,
        now,
      );
      if (!rate.allowed) throw tooManyRequests('check-ins of one device', this.rateLimit, now);
      // Answers to commands first: a device that acknowledges retire or wipe leaves management
      // here, and nothing else it reported in this check-in is stored.
      const commandResults = body.commandResults
        ? await this.applyCommandResults(tx, device, body.commandResults, now)
        : { applied: 0, management: null };
      if (commandResults.management?.ended) {
        const { state } = commandResults.management;
        return this.leaveManagement(tx, device, state, body, commandResults.applied, now);
      }
      if (commandResults.management) {
        device.management_state = commandResults.management.state;
        // A wipe that kept the enrollment emptied the inventory: the next list is stored in full.
        if (commandResults.management.state === 'managed') device.app_inventory_hash = null;
      }

      const columns: Record<string, unknown> = {};
      const discarded: DiscardedData[] = [];
      const hardwareFieldsChanged = body.hardware
        ? this.applyHardware(device, body.hardware, columns, discarded)
        : [];

      const context = await loadCollectionContext(
        tx,
        device.tenant_id,
        device.platform,
        Boolean(device.diagnostics_enabled),
      );
      const apps = await this.applyApps(tx, device, body, context, columns, discarded, now);
      const installStates = body.installStates
        ? await this.applyInstallStates(tx, device, body.installStates, context, now)
        : 0;
      const diagnostics = await this.diagnostics.accept(
        tx,
        {
          id: device.id,
          tenantId: device.tenant_id,
          platform: device.platform,
          osVersion: (columns.os_version as string | undefined) ?? device.os_version,
          userPrincipalName: device.user_principal_name as string | null,
        },
        body.diagnostics,
        context.diagnosticsEnabled,
        now,
      );
      discarded.push(...diagnostics.discarded);
      const commands = await this.deliverCommands(tx, device.id, now);

      columns.last_checkin_at = now;
      columns.last_sequence = body.sequence;
      columns.rate_window_start = rate.next.windowStart;
      columns.rate_window_count = rate.next.count;
      const names = Object.keys(columns);
      await tx.run(
        `UPDATE device SET ${names.map((name) => `${name} = ?`).join(', ')}, checkin_count = checkin_count + 1 WHERE id = ?`,
        [...Object.values(columns), device.id],
      );

      const response: CheckInResponse = {
        deviceId: device.id,
        sequence: body.sequence,
        receivedDateTime: new Date(now).toISOString(),
        ownership: device.ownership,
        managementState: device.management_state,
        complianceState:
          (columns.compliance_state as ComplianceState | undefined) ?? device.compliance_state,
        directives: {
          ...collectionDirectives({
            platform: device.platform,
            enrollmentType: device.enrollment_type,
            ownership: device.ownership,
            compliantAppListOn: context.policy.compliantAppListOn,
            diagnosticsEnabled: context.diagnosticsEnabled,
          }),
          checkInIntervalSeconds: this.config.checkInIntervalSeconds,
        },
        deployedApps: context.deployedApps.filter((app) => app.intent !== null),
        commands,
        appInventory: apps,
        stored: {
          hardwareFieldsChanged,
          installStates,
          commandResults: commandResults.applied,
          diagnostics: diagnostics.stored,
        },
        discarded,
      };
      // The receipt answers a retry; secrets in command parameters are not kept in it (a retried
      // response lacks them, and the command is delivered again, in full, at the next check-in).
      const receipt: CheckInResponse = {
        ...response,
        commands: commands.map((command) => ({
          ...command,
          parameters: withoutSecrets(command.parameters),
        })),
      };
      // One receipt per device, the latest: a device repeats only the check-in it got no answer
      // for, which is its latest (it sends the next sequence only after an answer). Replacing it
      // keeps the table at one row per device instead of one per check-in until retention runs.
      await tx.run('DELETE FROM checkin_receipt WHERE device_id = ?', [device.id]);
      await tx.run(
        'INSERT INTO checkin_receipt (device_id, sequence, received_at, response) VALUES (?, ?, ?, ?)',
        [device.id, body.sequence, now, JSON.stringify(receipt)],
      );
      return response;
    });
  }

  /**
   * The check-in in which a device acknowledged retire or wipe: its data is already deleted (see
   * applyManagementAnswer); only its last contact is recorded. No receipt: its credential no longer
   * works, so there is no retry to answer.
   */
  private async leaveManagement(
    tx: Tx,
    device: DeviceRow,
    managementState: 'retired' | 'wiped',
    body: CheckInDto,
    commandResults: number,
    now: number,
  ): Promise<CheckInResponse> {
    await tx.run(
      'UPDATE device SET last_checkin_at = ?, last_sequence = ?, checkin_count = checkin_count + 1 WHERE id = ?',
      [now, body.sequence, device.id],
    );
    const discarded: DiscardedData[] = (
      ['hardware', 'apps', 'installStates', 'diagnostics'] as const
    )
      .filter((field) => body[field] !== undefined)
      .map((field) => ({ field, reason: 'deviceLeftManagement' }));
    return {
      deviceId: device.id,
      sequence: body.sequence,
      receivedDateTime: new Date(now).toISOString(),
      ownership: device.ownership,
      managementState,
      complianceState: device.compliance_state,
      directives: {
        ...collectionDirectives({
          platform: device.platform,
          enrollmentType: device.enrollment_type,
          ownership: device.ownership,
          compliantAppListOn: false,
          diagnosticsEnabled: false,
        }),
        checkInIntervalSeconds: this.config.checkInIntervalSeconds,
      },
      deployedApps: [],
      commands: [],
      appInventory: { status: 'notReported', reported: 0, stored: 0, added: 0, removed: 0 },
      stored: { hardwareFieldsChanged: [], installStates: 0, commandResults, diagnostics: 0 },
      discarded,
    };
  }

  private async authenticate(
    tx: Tx,
    deviceId: string,
    credential: string | null,
  ): Promise<DeviceRow> {
    // On PostgreSQL the row lock serialises check-ins of one device across instances: a retry racing
    // its original waits, then finds the receipt.
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE OF d' : '';
    const [device] = await tx.all<DeviceRow>(
      `SELECT d.*, t.diagnostics_enabled FROM device d JOIN tenant t ON t.id = d.tenant_id WHERE d.id = ?${lock}`,
      [deviceId],
    );
    if (
      !device ||
      !credential ||
      !device.credential_hash ||
      !tokenMatches(this.secrets.tokenPepper, credential, device.credential_hash)
    ) {
      throw unauthenticated();
    }
    return device;
  }

  /** Hardware fields that changed go into `columns`; returns their names. */
  private applyHardware(
    device: DeviceRow,
    reported: NonNullable<CheckInDto['hardware']>,
    columns: Record<string, unknown>,
    discarded: DiscardedData[],
  ): string[] {
    const values = canonicalHardware(device.platform, reported);
    const osVersion = (values.osVersion as string | undefined) ?? device.os_version;
    const notOnPlatform = findFieldNotOnPlatform(
      device.platform,
      device.enrollment_type,
      values,
      osVersion,
    );
    if (notOnPlatform) {
      throw invalidRequest(
        `hardware.${notOnPlatform.field}`,
        `Invalid field 'hardware.${notOnPlatform.field}': ${notOnPlatform.problem}.`,
      );
    }
    if (typeof values.phoneNumber === 'string' && device.ownership !== 'corporate') {
      discarded.push({
        field: 'hardware.phoneNumber',
        reason: 'personalDeviceKeepsLastFourDigits',
      });
    }
    const changed: string[] = [];
    const stored = hardwareColumns(values, device.ownership);
    for (const [column, value] of Object.entries(stored)) {
      if (normalise(device[column]) !== normalise(value)) columns[column] = value;
    }
    for (const field of Object.keys(values) as HardwareField[]) {
      if (columnsOfHardwareField(field).some((column) => column in columns)) changed.push(field);
    }
    return changed;
  }

  private async applyApps(
    tx: Tx,
    device: DeviceRow,
    body: CheckInDto,
    context: CollectionContext,
    columns: Record<string, unknown>,
    discarded: DiscardedData[],
    now: number,
  ): Promise<CheckInResponse['appInventory']> {
    const result = (
      status: AppInventoryStatus,
      reported = 0,
      stored = 0,
      added = 0,
      removed = 0,
    ) => ({
      status,
      reported,
      stored,
      added,
      removed,
    });
    if (!body.apps) {
      if (!body.appInventoryHash) return result('notReported');
      return body.appInventoryHash === device.app_inventory_hash
        ? result('unchanged')
        : result('resendRequired');
    }
    const reported = detectedAppsOf(body.apps);
    const scope = appInventoryScope({
      platform: device.platform,
      enrollmentType: device.enrollment_type,
      ownership: device.ownership,
      compliantAppListOn: context.policy.compliantAppListOn,
    });
    const selection = selectAppsToStore(reported, {
      scope: scope.scope,
      enrollmentType: device.enrollment_type,
      assignedAppIds: context.policy.assignedAppIds,
    });
    for (const { reason, count } of selection.discarded)
      discarded.push({ field: 'apps', reason, count });

    if (context.policy.compliantAppListOn) {
      const compliance = evaluateAppCompliance(
        context.appListRules,
        selection.stored,
        context.policy.assignedAppIds,
      );
      const detail =
        compliance.state === 'noncompliant'
          ? JSON.stringify({ rule: compliance.rule, offendingApp: compliance.offendingApp })
          : null;
      if (compliance.state !== device.compliance_state) columns.compliance_state = compliance.state;
      if (detail !== device.compliance_detail) columns.compliance_detail = detail;
    } else if (device.compliance_state !== 'compliant') {
      columns.compliance_state = 'compliant';
      columns.compliance_detail = null;
    }

    const hash = appInventoryHash(selection.stored);
    if (hash === device.app_inventory_hash) {
      return result('unchanged', reported.length, selection.stored.length);
    }
    const change = await replaceDetectedApps(
      tx,
      { id: device.id, tenantId: device.tenant_id, platform: device.platform },
      selection.stored,
      now,
    );
    columns.app_inventory_hash = hash;
    return result(
      'updated',
      reported.length,
      selection.stored.length,
      change.added,
      change.removed,
    );
  }

  private async applyInstallStates(
    tx: Tx,
    device: DeviceRow,
    reports: InstallStateReportDto[],
    context: CollectionContext,
    now: number,
  ): Promise<number> {
    const deployed = new Set(context.deployedApps.map((app) => app.mobileAppId));
    const latest = new Map<string, InstallStateReportDto>();
    reports.forEach((report, index) => {
      if (!deployed.has(report.mobileAppId)) {
        throw invalidRequest(
          `installStates[${index}].mobileAppId`,
          `Invalid field 'installStates[${index}].mobileAppId': not an app the tenant deploys to this platform.`,
        );
      }
      latest.set(report.mobileAppId, report);
    });
    const current = await tx.all<{
      managed_app_id: string;
      state: string;
      error_code: string | null;
    }>(
      'SELECT managed_app_id, state, error_code FROM managed_app_install_state WHERE device_id = ?',
      [device.id],
    );
    const known = new Map(current.map((row) => [row.managed_app_id, row]));
    const changed = [...latest.values()]
      .filter((report) => {
        const row = known.get(report.mobileAppId);
        return !row || row.state !== report.state || row.error_code !== (report.errorCode ?? null);
      })
      .sort((a, b) => (a.mobileAppId < b.mobileAppId ? -1 : 1));
    if (changed.length === 0) return 0;
    await tx.run(
      `INSERT INTO managed_app_install_state (device_id, managed_app_id, state, error_code, updated_at)
       VALUES ${changed.map(() => '(?, ?, ?, ?, ?)').join(', ')}
       ON CONFLICT (device_id, managed_app_id)
       DO UPDATE SET state = excluded.state, error_code = excluded.error_code, updated_at = excluded.updated_at`,
      changed.flatMap((report) => [
        device.id,
        report.mobileAppId,
        report.state,
        report.errorCode ?? null,
        now,
      ]),
    );
    return changed.length;
  }

  /**
   * Stores the device's answers to commands it was sent. Answers to retire and wipe change the
   * device's management (applyManagementAnswer); secrets among a command's parameters are deleted
   * once it is answered.
   */
  private async applyCommandResults(
    tx: Tx,
    device: DeviceRow,
    results: CommandResultDto[],
    now: number,
  ): Promise<{ applied: number; management: ManagementOutcome | null }> {
    const ids = [...new Set(results.map((result) => result.commandId))];
    const rows = await tx.all<{
      id: string;
      action: RemoteAction;
      status: string;
      parameters: string | null;
    }>(
      `SELECT id, action, status, parameters FROM device_command WHERE device_id = ? AND id IN (${ids.map(() => '?').join(', ')})`,
      [device.id, ...ids],
    );
    const commands = new Map(rows.map((row) => [row.id, row]));
    let applied = 0;
    let management: ManagementOutcome | null = null;
    for (const [index, result] of results.entries()) {
      const command = commands.get(result.commandId);
      if (!command) {
        throw invalidRequest(
          `commandResults[${index}].commandId`,
          `Invalid field 'commandResults[${index}].commandId': no such command was sent to this device.`,
        );
      }
      if (
        result.location &&
        !mayStoreLocation({
          ownership: device.ownership,
          answersLocateCommand: command.action === 'locateDevice',
        })
      ) {
        throw invalidRequest(
          `commandResults[${index}].location`,
          `Invalid field 'commandResults[${index}].location': a location is only accepted from a corporate device answering locateDevice.`,
        );
      }
      if (command.status !== 'pending' && command.status !== 'delivered') continue;
      const outcome = {
        ...(result.errorDetail ? { errorDetail: result.errorDetail } : {}),
        ...(result.location ? { location: result.location } : {}),
      };
      const parameters = command.parameters
        ? (JSON.parse(command.parameters) as Record<string, unknown>)
        : null;
      const kept = withoutSecrets(parameters);
      await tx.run(
        'UPDATE device_command SET status = ?, completed_at = ?, result = ?, parameters = ? WHERE id = ?',
        [
          result.status,
          now,
          Object.keys(outcome).length ? JSON.stringify(outcome) : null,
          kept ? JSON.stringify(kept) : null,
          command.id,
        ],
      );
      applied++;
      const answer = await applyManagementAnswer(
        tx,
        this.audit,
        { id: device.id, tenantId: device.tenant_id, managementState: device.management_state },
        { id: command.id, action: command.action, parameters },
        result.status,
        now,
      );
      if (answer) {
        management = answer;
        // Once retired or wiped, later answers in the same list no longer matter.
        if (answer.ended) break;
      }
    }
    return { applied, management };
  }

  /** Pending commands, and delivered ones not yet acknowledged (a lost response must not lose them). */
  private async deliverCommands(
    tx: Tx,
    deviceId: string,
    now: number,
  ): Promise<DeliveredCommand[]> {
    const rows = await tx.all<{
      id: string;
      action: RemoteAction;
      parameters: string | null;
      status: string;
    }>(
      `SELECT id, action, parameters, status FROM device_command
       WHERE device_id = ? AND status IN ('pending', 'delivered') ORDER BY requested_at, id`,
      [deviceId],
    );
    const pending = rows.filter((row) => row.status === 'pending').map((row) => row.id);
    if (pending.length > 0) {
      await tx.run(
        `UPDATE device_command SET status = 'delivered', delivered_at = ? WHERE id IN (${pending.map(() => '?').join(', ')})`,
        [now, ...pending],
      );
    }
    return rows.map((row) => ({
      commandId: row.id,
      action: row.action,
      parameters: row.parameters ? (JSON.parse(row.parameters) as Record<string, unknown>) : null,
    }));
  }
}

/** Compares stored and new column values across drivers (PostgreSQL int8 may arrive as text). */
function normalise(value: unknown): string | null {
  return value === null || value === undefined ? null : String(value);
}
