import { Injectable } from '@nestjs/common';
import { DetectedAppsChange, replaceDetectedApps } from '../platform/store/device-apps.store';
import { AuditService } from '../platform/audit/audit.service';
import { CheckInResponse } from './contract/device-channel.types';
import { Tx } from '../platform/database/write-transactions';
import { DeviceRow } from '../platform/database/entities/device.entity';
import { DiagnosticsService } from './diagnostics-intake.service';
import { applyManagementAnswer } from './command-acknowledgement';
import { RemoteAction } from '../platform/database/entities/device-command.entity';
import { StoredCommand, StoredDevice, StoredInstallState, WritePlan } from './decide';
import { AuthenticatedDevice } from '../platform/auth/device-authentication';
import { DeviceReport } from './device-report';

/** What a check-in needs of the device's tenant, read with the device. */
export interface TenantOfDevice {
  id: string;
  policyVersion: number;
  diagnosticsEnabled: boolean;
}

/** The device row with its tenant's settings (raw columns: the hot path). */
type DeviceWithTenantRow = Pick<
  DeviceRow,
  | 'id'
  | 'tenant_id'
  | 'platform'
  | 'enrollment_type'
  | 'ownership'
  | 'management_state'
  | 'compliance_state'
  | 'compliance_detail'
  | 'compliance_policy_states'
  | 'last_sequence'
  | 'app_inventory_hash'
  | 'os_version'
  | 'user_principal_name'
  | 'rate_window_start'
  | 'rate_window_count'
> & {
  diagnostics_enabled: number | boolean;
  policy_version: number | string;
  [column: string]: unknown;
};

/**
 * Reads what decide() needs about a device and applies its WritePlan, inside one transaction of
 * WriteTransactions (group commit on SQLite, a pooled connection and row lock on PostgreSQL).
 */
@Injectable()
export class CheckInStore {
  constructor(
    private readonly audit: AuditService,
    private readonly diagnostics: DiagnosticsService,
  ) {}

  /**
   * The authenticated device (null when a retire or wipe cleared its credential since it was
   * checked), its receipt, its open commands and those the report answers, and — when reported —
   * its install states. On PostgreSQL the device row is locked: check-ins of one device are
   * serialised across instances, so a retry racing its original waits, then finds the receipt.
   */
  async load(
    tx: Tx,
    caller: AuthenticatedDevice,
    report: DeviceReport,
  ): Promise<{ device: StoredDevice; tenant: TenantOfDevice } | null> {
    const lock = tx.dialect === 'postgres' ? ' FOR UPDATE OF d' : '';
    const [row] = await tx.all<DeviceWithTenantRow>(
      `SELECT d.*, t.diagnostics_enabled, t.policy_version FROM device d JOIN tenant t ON t.id = d.tenant_id
       WHERE d.id = ? AND d.credential_hash = ?${lock}`,
      [caller.id, caller.credentialHash],
    );
    if (!row) return null;
    // Read after the lock, not joined to it: on PostgreSQL a joined row would come from the
    // statement's snapshot, which misses the receipt of the original this retry waited for.
    const [receipt] =
      report.sequence <= Number(row.last_sequence)
        ? await tx.all<{ sequence: number | string; response: string }>(
            'SELECT sequence, response FROM checkin_receipt WHERE device_id = ?',
            [row.id],
          )
        : [];
    const answered = [...new Set(report.commandResults?.map((result) => result.commandId) ?? [])];
    const answeredIds = answered.length ? ` OR id IN (${answered.map(() => '?').join(', ')})` : '';
    const commands = await tx.all<{
      id: string;
      action: RemoteAction;
      status: string;
      parameters: string | null;
    }>(
      `SELECT id, action, status, parameters FROM device_command
       WHERE device_id = ? AND (status IN ('pending', 'delivered')${answeredIds})
       ORDER BY requested_at, id`,
      [row.id, ...answered],
    );
    const installStates = new Map<string, StoredInstallState>();
    if (report.installStates) {
      const rows = await tx.all<{
        managed_app_id: string;
        state: string;
        error_code: string | null;
      }>(
        'SELECT managed_app_id, state, error_code FROM managed_app_install_state WHERE device_id = ?',
        [row.id],
      );
      for (const state of rows)
        installStates.set(state.managed_app_id, {
          state: state.state,
          errorCode: state.error_code,
        });
    }
    return {
      tenant: {
        id: row.tenant_id,
        policyVersion: Number(row.policy_version),
        diagnosticsEnabled: Boolean(row.diagnostics_enabled),
      },
      device: {
        id: row.id,
        tenantId: row.tenant_id,
        platform: row.platform,
        enrollmentType: row.enrollment_type,
        ownership: row.ownership,
        managementState: row.management_state,
        complianceState: row.compliance_state,
        complianceDetail: row.compliance_detail,
        compliancePolicyStates: row.compliance_policy_states,
        lastSequence: Number(row.last_sequence),
        appInventoryHash: row.app_inventory_hash,
        osVersion: row.os_version,
        userPrincipalName: row.user_principal_name,
        checkInWindow: {
          windowStart: Number(row.rate_window_start),
          count: Number(row.rate_window_count),
        },
        hardwareColumns: row,
        receipt: receipt
          ? {
              sequence: Number(receipt.sequence),
              response: JSON.parse(receipt.response) as CheckInResponse,
            }
          : null,
        commands: commands.map((command): StoredCommand => ({
          id: command.id,
          action: command.action,
          status: command.status,
          parameters: command.parameters
            ? (JSON.parse(command.parameters) as Record<string, unknown>)
            : null,
        })),
        installStates,
      },
    };
  }

  /** Applies the plan; returns how the app inventory changed, when it was replaced. */
  async apply(tx: Tx, plan: WritePlan): Promise<DetectedAppsChange | null> {
    const { device, now } = plan;
    for (const answer of plan.answeredCommands) {
      await tx.run(
        'UPDATE device_command SET status = ?, completed_at = ?, result = ?, parameters = ? WHERE id = ?',
        [answer.status, now, answer.result, answer.parameters, answer.commandId],
      );
    }
    for (const answer of plan.managementAnswers) {
      await applyManagementAnswer(tx, this.audit, device, answer, now);
    }
    const change = plan.apps ? await replaceDetectedApps(tx, device, plan.apps, now) : null;
    if (plan.installStates.length > 0) {
      await tx.run(
        `INSERT INTO managed_app_install_state (device_id, managed_app_id, state, error_code, updated_at)
         VALUES ${plan.installStates.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (device_id, managed_app_id)
         DO UPDATE SET state = excluded.state, error_code = excluded.error_code, updated_at = excluded.updated_at`,
        plan.installStates.flatMap((state) => [
          device.id,
          state.mobileAppId,
          state.state,
          state.errorCode,
          now,
        ]),
      );
    }
    if (plan.diagnostics) {
      await this.diagnostics.store(
        tx,
        {
          ...device,
          osVersion: plan.diagnostics.osVersion,
          userPrincipalName: plan.diagnostics.userPrincipalName,
        },
        plan.diagnostics.events,
        now,
      );
    }
    if (plan.delivered.length > 0) {
      await tx.run(
        `UPDATE device_command SET status = 'delivered', delivered_at = ? WHERE id IN (${plan.delivered.map(() => '?').join(', ')})`,
        [now, ...plan.delivered],
      );
    }
    const names = Object.keys(plan.deviceColumns);
    await tx.run(
      `UPDATE device SET ${names.map((name) => `${name} = ?`).join(', ')}, checkin_count = checkin_count + 1 WHERE id = ?`,
      [...Object.values(plan.deviceColumns), device.id],
    );
    return change;
  }

  /**
   * One receipt per device, the latest: a device repeats only the check-in it got no answer for,
   * which is its latest (it sends the next sequence only after an answer).
   */
  async keepReceipt(
    tx: Tx,
    deviceId: string,
    sequence: number,
    response: CheckInResponse,
    now: number,
  ): Promise<void> {
    await tx.run(
      `INSERT INTO checkin_receipt (device_id, sequence, received_at, response) VALUES (?, ?, ?, ?)
       ON CONFLICT (device_id) DO UPDATE
       SET sequence = excluded.sequence, received_at = excluded.received_at, response = excluded.response`,
      [deviceId, sequence, now, JSON.stringify(response)],
    );
  }
}
