import { AuditService } from '../platform/audit/audit.service';
import { AuthenticatedDevice } from '../platform/auth/device-authentication';
import { DeviceRow } from '../platform/database/entities/device.entity';
import { RemoteAction } from '../platform/database/entities/device-command.entity';
import { Tx } from '../platform/database/write-transactions';
import { DetectedAppsChange } from '../platform/store/device-apps.store';
import { applyManagementAnswer } from './command-acknowledgement';
import { CheckInResponse } from './contract/device-channel.types';
import { StoredCommand, StoredDevice, StoredInstallState, WritePlan } from './decide';
import { DeviceReport } from './device-report';
import { DiagnosticsService } from './diagnostics-intake.service';

/** What a check-in needs of the device's tenant, read with the device. */
export interface TenantOfDevice {
  id: string;
  policyVersion: number;
  diagnosticsEnabled: boolean;
}

export interface LoadedCheckIn {
  device: StoredDevice;
  tenant: TenantOfDevice;
}

/**
 * Where a check-in reads and writes, in the one transaction of WriteTransactions that the caller
 * opened (a transport may run statements of its own in it too). One implementation per database,
 * chosen by the configured one (device-channel.module.ts): SQLite runs cached statements on the
 * process's one connection (sqlite-check-in.store.ts), PostgreSQL named prepared statements with as
 * few round trips as the plan allows (postgres-check-in.store.ts).
 */
export abstract class CheckInStore {
  constructor(
    private readonly audit: AuditService,
    private readonly diagnostics: DiagnosticsService,
  ) {}

  /**
   * The authenticated device (null when a retire or wipe cleared its credential since it was
   * checked), its receipt when the report repeats a sequence, its open commands and those the
   * report answers, and — when reported — its install states. On PostgreSQL the device row is
   * locked: check-ins of one device are serialised across instances, so a retry racing its
   * original waits, then finds the receipt.
   */
  abstract load(
    tx: Tx,
    caller: AuthenticatedDevice,
    report: DeviceReport,
  ): Promise<LoadedCheckIn | null>;

  /**
   * Applies the plan; `answer` turns how the app inventory changed into the check-in's answer,
   * which is returned and — when the plan keeps a receipt — kept as the device's one receipt.
   */
  abstract apply(
    tx: Tx,
    plan: WritePlan,
    answer: (change: DetectedAppsChange | null) => CheckInResponse,
  ): Promise<CheckInResponse>;

  /** Retire and wipe answers, and diagnostics: rare, shared by both databases. */
  protected async applyManagementAnswers(tx: Tx, plan: WritePlan): Promise<void> {
    for (const answer of plan.managementAnswers) {
      await applyManagementAnswer(tx, this.audit, plan.device, answer, plan.now);
    }
  }

  protected async storeDiagnostics(tx: Tx, plan: WritePlan): Promise<void> {
    if (!plan.diagnostics) return;
    await this.diagnostics.store(
      tx,
      {
        ...plan.device,
        osVersion: plan.diagnostics.osVersion,
        userPrincipalName: plan.diagnostics.userPrincipalName,
      },
      plan.diagnostics.events,
      plan.now,
    );
  }
}

/** The device row with its tenant's settings, as both stores read it (raw columns). */
export type DeviceWithTenantRow = Pick<
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

export interface CommandRow {
  id: string;
  action: RemoteAction;
  status: string;
  parameters: string | null;
}

/** The stored device as decide() takes it, from the rows either store read. */
export function loadedCheckIn(
  row: DeviceWithTenantRow,
  receipt: { sequence: number | string; response: string } | null,
  commands: readonly CommandRow[],
  installStates: ReadonlyMap<string, StoredInstallState>,
): LoadedCheckIn {
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

/** The command ids a report answers, once each. */
export function answeredCommandIds(report: DeviceReport): string[] {
  return [...new Set(report.commandResults?.map((result) => result.commandId) ?? [])];
}
