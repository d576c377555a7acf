import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { auditActorOf, AuthenticatedAdmin } from '../../platform/auth/authenticated-admin';
import { lockCatalogRowsOfDevices } from '../../platform/store/device-apps.store';
import { AuditActor, AuditResource } from '../../platform/database/entities/audit-event.entity';
import { AuditEventRow } from '../../graph/audit-events/audit-event.mapper';
import { AuditService } from '../../platform/audit/audit.service';
import { conflict } from '../../platform/http/graph-error';
import { ServerSecrets } from '../../platform/secrets';
import { SERVER_SECRETS } from '../../platform/tokens';
import { Tx, WriteTransactions } from '../../platform/database/write-transactions';
import { Device } from '../../platform/database/entities/device.entity';
import { retireDeviceData } from '../../platform/store/retirement';
import { devicePseudonym, pseudonymousPrincipalName, userPseudonym } from '../../rules/pseudonyms';
import { Admin } from '../../platform/database/entities/admin.entity';
import { ErasureSubject, pseudonymizeAuditEvent, searchableValues } from './erasure';
import {
  exportDocument,
  StoredAppRow,
  StoredCommandRow,
  StoredDevice,
  StoredDiagnosticRow,
  StoredInstallStateRow,
} from './export-document';

export type ExportDocument = ReturnType<typeof exportDocument>;

export interface ErasureResult {
  userPrincipalName: string;
  managedDevicesDeleted: number;
  auditEventsPseudonymized: number;
  diagnosticEventsDeleted: number;
  adminAccountsPseudonymized: number;
}

/** Device columns that identify the person or their devices (searched for in the audit trail). */
const DEVICE_VALUES: readonly (keyof Device)[] = [
  'deviceName',
  'managedDeviceName',
  'serialNumber',
  'imei',
  'imei2',
  'meid',
  'iccid',
  'eid',
  'udid',
  'wiFiMacAddress',
  'ethernetMacAddress',
  'phoneNumber',
  'ipAddress',
  'appleId',
  'androidId',
  'windowsDeviceId',
];

/** The person's records in one tenant. */
interface SubjectRecords {
  devices: Device[];
  admins: Admin[];
  pseudonym: string;
  devicePseudonyms: string[];
  erasure: ErasureSubject;
}

/**
 * Data-subject requests (GDPR art. 15 and 17) for a person found by UPN in the admin's tenant:
 * export everything stored about them as one document, or erase them. Each is audited with the
 * person's pseudonym — never the UPN or anything else of theirs.
 */
@Injectable()
export class DataSubjectRequestsService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  export(admin: AuthenticatedAdmin, userPrincipalName: string): Promise<ExportDocument> {
    return this.transactions.run(async (tx) => {
      const records = await this.recordsOf(tx, admin.tenantId, userPrincipalName, false);
      const devices: StoredDevice[] = [];
      for (const device of records.devices) devices.push(await this.storedDevice(tx, device));
      const diagnosticsOfSubject = this.diagnosticsCondition(admin.tenantId, records);
      const diagnostics = await tx.all<StoredDiagnosticRow>(
        `SELECT device_pseudonym, event_type, platform, os_version, value, occurred_at, received_at
         FROM diagnostic_event WHERE ${diagnosticsOfSubject.where} ORDER BY received_at, id`,
        diagnosticsOfSubject.params,
      );
      const auditEvents = await this.auditEventsNaming(tx, admin.tenantId, records.erasure);
      const identity = new Set(records.erasure.identity.map((value) => value.toLowerCase()));
      const isSubject = (value: string | null) =>
        value !== null && identity.has(value.toLowerCase());
      const ownResources = new Set([
        ...records.erasure.deviceIds,
        ...records.admins.map((account) => account.id),
      ]);
      const document = exportDocument({
        userPrincipalName,
        exportedAt: Date.now(),
        devices,
        admins: records.admins,
        diagnostics,
        auditEvents,
        isSubject,
        isSubjectResource: (resource) =>
          ownResources.has(resource.resourceId) || isSubject(resource.displayName),
      });
      await this.audit.record(tx, {
        tenantId: admin.tenantId,
        category: 'DataSubjectRequest',
        activity: 'Export personal data',
        activityType: 'Export DataSubject',
        operationType: 'Action',
        actor: auditActorOf(admin),
        resources: [
          subjectResource(records.pseudonym, {
            managedDevicesExported: devices.length,
            auditEventsExported: auditEvents.length,
            diagnosticEventsExported: diagnostics.length,
          }),
        ],
        correlationId: admin.correlationId,
      });
      return document;
    });
  }

  /**
   * Erases the person: their devices are retired and deleted (inventory, install states, remote
   * actions, receipts with them), their diagnostics deleted, a former admin account of theirs keeps
   * only the pseudonym, and every audit event that names them keeps what happened with the person
   * replaced by the pseudonym. One transaction: all of it or nothing. An active admin account must
   * be revoked first (its UPN is how the admin signs in).
   */
  erase(admin: AuthenticatedAdmin, userPrincipalName: string): Promise<ErasureResult> {
    return this.transactions.run(async (tx) => {
      const records = await this.recordsOf(tx, admin.tenantId, userPrincipalName, true);
      if (records.admins.some((account) => account.revokedAt === null)) {
        throw conflict(
          'userPrincipalName',
          'The person is an active admin of this tenant: revoke the admin first, then erase.',
        );
      }
      const principal = pseudonymousPrincipalName(records.pseudonym);
      let auditEventsPseudonymized = 0;
      for (const row of await this.auditEventsNaming(tx, admin.tenantId, records.erasure)) {
        const erased = pseudonymizeAuditEvent(
          {
            actor: JSON.parse(row.actor) as AuditActor,
            resources: JSON.parse(row.resources) as AuditResource[],
          },
          records.erasure,
        );
        if (!erased) continue;
        await tx.run(
          'UPDATE audit_event SET actor = ?, actor_user_principal_name = ?, resources = ? WHERE id = ?',
          [
            JSON.stringify(erased.actor),
            erased.actor.userPrincipalName,
            JSON.stringify(erased.resources),
            row.id,
          ],
        );
        auditEventsPseudonymized++;
      }
      const diagnosticsOfSubject = this.diagnosticsCondition(admin.tenantId, records);
      const diagnosticEventsDeleted = await tx.run(
        `DELETE FROM diagnostic_event WHERE ${diagnosticsOfSubject.where}`,
        diagnosticsOfSubject.params,
      );
      const deviceIds = records.devices.map((device) => device.id);
      const now = Date.now();
      await lockCatalogRowsOfDevices(tx, deviceIds);
      for (const id of deviceIds) {
        await retireDeviceData(tx, id, 'retired', now);
        await tx.run('DELETE FROM device WHERE id = ?', [id]);
      }
      for (const account of records.admins) {
        await tx.run('UPDATE admin SET user_principal_name = ?, display_name = NULL WHERE id = ?', [
          principal,
          account.id,
        ]);
      }
      await tx.run(
        'UPDATE device_command SET requested_by = ? WHERE tenant_id = ? AND LOWER(requested_by) = ?',
        [principal, admin.tenantId, userPrincipalName.toLowerCase()],
      );
      await this.resampleStatistics(tx);
      const result: ErasureResult = {
        userPrincipalName,
        managedDevicesDeleted: deviceIds.length,
        auditEventsPseudonymized,
        diagnosticEventsDeleted,
        adminAccountsPseudonymized: records.admins.length,
      };
      await this.audit.record(tx, {
        tenantId: admin.tenantId,
        category: 'DataSubjectRequest',
        activity: 'Erase personal data',
        activityType: 'Erase DataSubject',
        operationType: 'Delete',
        actor: auditActorOf(admin),
        resources: [
          subjectResource(records.pseudonym, {
            managedDevicesDeleted: result.managedDevicesDeleted,
            auditEventsPseudonymized,
            diagnosticEventsDeleted,
            adminAccountsPseudonymized: result.adminAccountsPseudonymized,
          }),
        ],
        correlationId: admin.correlationId,
      });
      return result;
    });
  }

  /**
   * PostgreSQL's planner statistics keep sample values of columns (pg_stats' most common values and
   * histogram bounds), so the person's UPN or serial number could outlive the erasure there until
   * the next automatic ANALYZE: the tables that held them are sampled again now, in the same
   * transaction (whose deletions ANALYZE already leaves out). SQLite's sqlite_stat4 samples are not
   * collected at all here (analysis_limit is set, see data-source-options.ts).
   */
  private async resampleStatistics(tx: Tx): Promise<void> {
    if (tx.dialect === 'postgres') {
      await tx.run('ANALYZE device, admin, audit_event, device_command, diagnostic_event');
    }
  }

  /**
   * The person's devices (live ones: a tombstone keeps no UPN) and admin accounts, and what
   * identifies them. For an erasure the devices are locked on PostgreSQL (in id order, as other
   * writers of several devices lock them), so that a check-in waits and then finds them gone.
   */
  private async recordsOf(
    tx: Tx,
    tenantId: string,
    userPrincipalName: string,
    forErasure: boolean,
  ): Promise<SubjectRecords> {
    const upn = userPrincipalName.toLowerCase();
    const lock = forErasure && tx.dialect === 'postgres' ? ' ORDER BY id FOR UPDATE' : '';
    const ids = await tx.all<{ id: string }>(
      `SELECT id FROM device WHERE tenant_id = ? AND retired_at IS NULL
         AND LOWER(COALESCE(user_principal_name, '')) = ?${lock}`,
      [tenantId, upn],
    );
    const devices = ids.length
      ? await tx.manager.find(Device, {
          where: { id: In(ids.map((row) => row.id)) },
          order: { enrolledAt: 'ASC', id: 'ASC' },
        })
      : [];
    const adminIds = await tx.all<{ id: string }>(
      'SELECT id FROM admin WHERE tenant_id = ? AND LOWER(user_principal_name) = ?',
      [tenantId, upn],
    );
    const admins = adminIds.length
      ? await tx.manager.find(Admin, {
          where: { id: In(adminIds.map((row) => row.id)) },
          order: { createdAt: 'ASC' },
        })
      : [];
    const key = this.secrets.pseudonymKey;
    const pseudonym = userPseudonym(key, tenantId, userPrincipalName);
    return {
      devices,
      admins,
      pseudonym,
      devicePseudonyms: devices.map((device) => devicePseudonym(key, device.id)),
      erasure: {
        pseudonym: pseudonymousPrincipalName(pseudonym),
        identity: searchableValues([
          userPrincipalName,
          ...devices.flatMap((device) => [
            device.userPrincipalName,
            device.userEmail,
            device.userDisplayName,
          ]),
          ...admins.flatMap((account) => [account.userPrincipalName, account.displayName]),
        ]),
        deviceValues: searchableValues(
          devices.flatMap((device) => DEVICE_VALUES.map((column) => device[column] as string)),
        ),
        deviceIds: new Set(devices.map((device) => device.id)),
      },
    };
  }

  private async storedDevice(tx: Tx, device: Device): Promise<StoredDevice> {
    return {
      device,
      apps: await tx.all<StoredAppRow>(
        `SELECT c.app_id, c.display_name, c.version, c.publisher, c.size_in_bytes, c.install_location
         FROM device_app l JOIN app_catalog c ON c.id = l.app_catalog_id
         WHERE l.device_id = ? ORDER BY c.app_id, c.version`,
        [device.id],
      ),
      installStates: await tx.all<StoredInstallStateRow>(
        `SELECT s.managed_app_id, m.app_id, m.display_name, s.state, s.error_code, s.updated_at
         FROM managed_app_install_state s JOIN managed_app m ON m.id = s.managed_app_id
         WHERE s.device_id = ? ORDER BY m.app_id`,
        [device.id],
      ),
      commands: await tx.all<StoredCommandRow>(
        `SELECT id, action, status, requested_at, delivered_at, completed_at, result
         FROM device_command WHERE device_id = ? ORDER BY requested_at, id`,
        [device.id],
      ),
    };
  }

  /** The person's diagnostics: by their user pseudonym or one of their devices'. */
  private diagnosticsCondition(tenantId: string, records: SubjectRecords) {
    const devices = records.devicePseudonyms;
    return {
      where: `tenant_id = ? AND (user_pseudonym = ?${
        devices.length ? ` OR device_pseudonym IN (${devices.map(() => '?').join(', ')})` : ''
      })`,
      params: [tenantId, records.pseudonym, ...devices],
    };
  }

  /**
   * Audit events that name the person: about one of their devices, by them, or with their UPN,
   * e-mail or name in the text. A text search over the tenant's trail (JSON columns), as rare
   * requests like these can afford; the exact rewriting is pseudonymizeAuditEvent's.
   */
  private auditEventsNaming(
    tx: Tx,
    tenantId: string,
    subject: ErasureSubject,
  ): Promise<AuditEventRow[]> {
    const like = tx.dialect === 'postgres' ? 'ILIKE' : 'LIKE';
    const needles = [...subject.deviceIds, ...subject.identity].map(
      (value) =>
        `%${JSON.stringify(value)
          .slice(1, -1)
          .replace(/[\\%_]/g, '\\$&')}%`,
    );
    if (needles.length === 0) return Promise.resolve([]);
    const conditions = needles.flatMap(() => [
      `actor ${like} ? ESCAPE '\\'`,
      `resources ${like} ? ESCAPE '\\'`,
    ]);
    return tx.all<AuditEventRow>(
      `SELECT id, activity_at, category, activity, activity_type, activity_operation_type,
         activity_result, actor, actor_user_principal_name, resources, correlation_id
       FROM audit_event WHERE tenant_id = ? AND (${conditions.join(' OR ')})
       ORDER BY activity_at, id`,
      [tenantId, ...needles.flatMap((needle) => [needle, needle])],
    );
  }
}

function subjectResource(pseudonym: string, counts: Record<string, number>): AuditResource {
  return {
    resourceId: pseudonymousPrincipalName(pseudonym),
    type: 'dataSubject',
    displayName: null,
    modifiedProperties: Object.entries(counts).map(([name, count]) => ({
      displayName: name,
      oldValue: null,
      newValue: String(count),
    })),
  };
}
