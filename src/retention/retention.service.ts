import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { lockCatalogRowsOfDevices } from '../apps/detected-apps.store';
import { AuditActor } from '../audit/audit-event.entity';
import { AuditService, SYSTEM_ACTOR } from '../audit/audit.service';
import { AppConfig } from '../config/config';
import { APP_CONFIG } from '../core/tokens';
import { WriteTransactions } from '../database/write-transactions';
import { ManagementState } from '../devices/device.entity';
import { retireDeviceData } from '../devices/retirement';
import { graphDateTime } from '../graph/graph-values';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Devices cleaned up per transaction: short enough not to hold check-ins up on SQLite. */
const DEVICE_BATCH = 100;
/** Rows deleted per statement and transaction when purging by age. */
const ROW_BATCH = 2000;

export interface RetentionResult {
  staleDevicesDeleted: number;
  auditEventsDeleted: number;
  tombstonesPurged: number;
  diagnosticEventsDeleted: number;
}

export interface RetentionRequest {
  actor: AuditActor;
  correlationId: string;
  /** An admin asked for it: the run is audited even when it deletes nothing. */
  onDemand: boolean;
}

const NOTHING: RetentionResult = {
  staleDevicesDeleted: 0,
  auditEventsDeleted: 0,
  tombstonesPurged: 0,
  diagnosticEventsDeleted: 0,
};

/**
 * Retention (COLLECTION-RULES.md §7): the tenant's device cleanup rule deletes devices that have not
 * checked in for its number of days (like an admin's DELETE: data gone, a tombstone for the audit
 * trail); audit events older than the retention period are deleted, and with them the tombstones
 * of devices retired or wiped before it; diagnostics expire after their own period; superseded
 * check-in receipts are pruned.
 *
 * Every step is idempotent and works in small transactions: a run interrupted half-way, or two
 * runs at once on two instances, leave the same result as one run (see RetentionSchedule).
 */
@Injectable()
export class RetentionService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The scheduled run: every tenant, as the system. */
  async runForEveryTenant(now = Date.now()): Promise<RetentionResult> {
    const tenants = await this.transactions.read<{ id: string }>(
      'SELECT id FROM tenant ORDER BY id',
    );
    let total = NOTHING;
    for (const { id } of tenants) {
      const result = await this.runForTenant(
        id,
        { actor: SYSTEM_ACTOR, correlationId: randomUUID(), onDemand: false },
        now,
      );
      total = sum(total, result);
    }
    return total;
  }

  async runForTenant(
    tenantId: string,
    request: RetentionRequest,
    now = Date.now(),
  ): Promise<RetentionResult> {
    const [tenant] = await this.transactions.read<{ device_cleanup_days: number | null }>(
      'SELECT device_cleanup_days FROM tenant WHERE id = ?',
      [tenantId],
    );
    if (!tenant) return NOTHING;
    const cleanupDays =
      tenant.device_cleanup_days === null ? null : Number(tenant.device_cleanup_days);
    const auditCutoff = now - this.config.retention.auditEventDays * DAY_MS;
    const result: RetentionResult = {
      staleDevicesDeleted:
        cleanupDays === null
          ? 0
          : await this.deleteStaleDevices(tenantId, cleanupDays, request, now),
      auditEventsDeleted: await this.deleteInBatches(
        `SELECT id FROM audit_event WHERE tenant_id = ? AND activity_at < ?`,
        'DELETE FROM audit_event WHERE id IN',
        [tenantId, auditCutoff],
      ),
      tombstonesPurged: await this.deleteInBatches(
        `SELECT id FROM device WHERE tenant_id = ? AND retired_at IS NOT NULL AND retired_at < ?`,
        'DELETE FROM device WHERE id IN',
        [tenantId, auditCutoff],
      ),
      diagnosticEventsDeleted: await this.deleteInBatches(
        `SELECT id FROM diagnostic_event WHERE tenant_id = ? AND received_at < ?`,
        'DELETE FROM diagnostic_event WHERE id IN',
        [tenantId, now - this.config.retention.diagnosticEventDays * DAY_MS],
      ),
    };
    if (request.onDemand || Object.values(result).some((count) => count > 0)) {
      await this.transactions.run((tx) =>
        this.audit.record(tx, {
          tenantId,
          category: 'Tenant',
          activity: request.onDemand ? 'Run retention' : 'Scheduled retention',
          activityType: 'Run Retention',
          operationType: 'Action',
          actor: request.actor,
          resources: [
            {
              resourceId: tenantId,
              type: 'tenantSettings',
              displayName: null,
              modifiedProperties: [
                {
                  displayName: 'deviceCleanupDays',
                  oldValue: null,
                  newValue: cleanupDays === null ? null : String(cleanupDays),
                },
                {
                  displayName: 'auditEventsBefore',
                  oldValue: null,
                  newValue: graphDateTime(auditCutoff),
                },
                ...Object.entries(result).map(([name, count]) => ({
                  displayName: name,
                  oldValue: null,
                  newValue: String(count),
                })),
              ],
            },
          ],
          correlationId: request.correlationId,
        }),
      );
    }
    return result;
  }

  /**
   * Devices of the tenant not checked in for `days`, removed from management as an admin's DELETE
   * does, each with its audit event. On PostgreSQL a device that a check-in holds locked is
   * skipped: it is checking in, so it is not stale.
   */
  private async deleteStaleDevices(
    tenantId: string,
    days: number,
    request: RetentionRequest,
    now: number,
  ): Promise<number> {
    const cutoff = now - days * DAY_MS;
    let deleted = 0;
    for (;;) {
      const batch = await this.transactions.run(async (tx) => {
        const lock = tx.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
        const devices = await tx.all<{
          id: string;
          management_state: ManagementState;
          last_checkin_at: number | string;
        }>(
          `SELECT id, management_state, last_checkin_at FROM device
           WHERE tenant_id = ? AND retired_at IS NULL AND last_checkin_at < ?
           ORDER BY id LIMIT ${DEVICE_BATCH}${lock}`,
          [tenantId, cutoff],
        );
        await lockCatalogRowsOfDevices(
          tx,
          devices.map((device) => device.id),
        );
        for (const device of devices) {
          await retireDeviceData(tx, device.id, 'retired', now);
          await this.audit.record(tx, {
            tenantId,
            category: 'Device',
            activity: 'Device cleanup rule',
            activityType: 'Delete ManagedDevice',
            operationType: 'Delete',
            actor: request.actor,
            resources: [
              {
                resourceId: device.id,
                type: 'managedDevice',
                displayName: null,
                modifiedProperties: [
                  {
                    displayName: 'managementState',
                    oldValue: device.management_state,
                    newValue: 'retired',
                  },
                  {
                    displayName: 'lastSyncDateTime',
                    oldValue: graphDateTime(Number(device.last_checkin_at)),
                    newValue: null,
                  },
                  {
                    displayName: 'deviceInactivityBeforeRetirementInDays',
                    oldValue: null,
                    newValue: String(days),
                  },
                ],
              },
            ],
            correlationId: request.correlationId,
          });
        }
        return devices.length;
      });
      deleted += batch;
      if (batch < DEVICE_BATCH) return deleted;
    }
  }

  /** Deletes the rows `select` finds, ROW_BATCH at a time, each batch its own transaction. */
  private async deleteInBatches(
    select: string,
    deleteWhereKeyIn: string,
    params: readonly unknown[],
  ): Promise<number> {
    let deleted = 0;
    for (;;) {
      const batch = await this.transactions.run((tx) =>
        tx.run(`${deleteWhereKeyIn} (${select} LIMIT ${ROW_BATCH})`, params),
      );
      deleted += batch;
      if (batch < ROW_BATCH) return deleted;
    }
  }
}

function sum(a: RetentionResult, b: RetentionResult): RetentionResult {
  return Object.fromEntries(
    Object.entries(a).map(([name, count]) => [name, count + b[name as keyof RetentionResult]]),
  ) as unknown as RetentionResult;
}
