import { Injectable } from '@nestjs/common';
import { Readable } from 'node:stream';
import { AuthenticatedAdmin } from '../admin-auth/authenticated-admin';
import { roleAllows, PERMISSIONS, Permission } from '../admin-auth/permissions';
import { Ownership, Platform } from '../collection-rules';
import { accessDenied, invalidRequest, itemNotFound } from '../common/graph-error';
import { AppListType } from '../compliance/compliance-policy.entity';
import { compliantAppListTypeOf } from '../compliance/device-compliance-policy.mapper';
import { WriteTransactions } from '../database/write-transactions';
import {
  graphDateTime,
  LIVE_DEVICE,
  managedDeviceResource,
  ManagedDeviceRow,
  OPERATING_SYSTEMS,
  toManagedDevice,
} from '../graph';
import { GraphRequest, parseListOptions } from '../graph-http/graph-request';
import { ListQuery, MAX_PAGE_SIZE, parseSkipToken } from '../odata';
import { ManagedDeviceQueries } from '../query/managed-devices.queries';
import type { DeviceCommandStatus, RemoteAction } from '../remote-actions/device-command.entity';
import type { ManagementState } from '../devices/device.entity';
import { AdminRole } from '../tenants/admin.entity';
import { csvLine, DEVICE_CSV_COLUMNS, deviceCsvLine } from './device-csv';

export interface SignedInAdmin {
  id: string;
  userPrincipalName: string;
  displayName: string | null;
  role: AdminRole;
  /** What the role may do (`read`, `remoteActions`, `changeOwnership`, `administer`). */
  permissions: Permission[];
  tenantId: string;
  tenantDisplayName: string;
}

export interface ManagedDeviceCounts {
  total: number;
  /** One entry per operating system × owner type that has devices. */
  value: { operatingSystem: string; managedDeviceOwnerType: string; count: number }[];
}

export interface DeviceComplianceView {
  deviceId: string;
  complianceState: string;
  /** The app that makes the device noncompliant, and the kind of rule it broke; null otherwise. */
  offendingApp: { appId: string; displayName: string } | null;
  compliantAppListType: string | null;
}

export interface DeviceActionHistory {
  deviceId: string;
  managementState: ManagementState;
  /** When the device was retired or wiped (its data deleted); null while it is managed. */
  retiredDateTime: string | null;
  /** Every remote action requested for the device, newest first. */
  value: {
    id: string;
    actionName: RemoteAction;
    status: DeviceCommandStatus;
    requestedBy: string | null;
    requestedDateTime: string;
    deliveredDateTime: string | null;
    completedDateTime: string | null;
  }[];
}

const OWNER_TYPES: Readonly<Record<Ownership, string>> = {
  corporate: 'company',
  personal: 'personal',
  unknown: 'unknown',
};

/** Options the CSV export takes: the list's filter, search and order, never a page of it. */
const EXPORT_OPTIONS = new Set(['$filter', '$search', '$orderby']);

/**
 * Admin views the Graph API has no route for, which the console needs: who am I, device counts by
 * platform and ownership, a device's compliance reason and action history, and the CSV export.
 */
@Injectable()
export class AdminViewsService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly devices: ManagedDeviceQueries,
  ) {}

  async me(admin: AuthenticatedAdmin): Promise<SignedInAdmin> {
    const role = admin.role;
    if (role === null) throw accessDenied('An application has no admin role.');
    const [row] = await this.transactions.read<{ display_name: string | null; name: string }>(
      `SELECT a.display_name, t.name FROM admin a JOIN tenant t ON t.id = a.tenant_id WHERE a.id = ?`,
      [admin.adminId],
    );
    return {
      id: admin.adminId,
      userPrincipalName: admin.userPrincipalName,
      displayName: row?.display_name ?? null,
      role,
      permissions: PERMISSIONS.filter((permission) => roleAllows(role, permission)),
      tenantId: admin.tenantId,
      tenantDisplayName: row?.name ?? '',
    };
  }

  async counts(tenantId: string): Promise<ManagedDeviceCounts> {
    const rows = await this.transactions.read<{
      platform: Platform;
      ownership: Ownership;
      devices: number | string;
    }>(
      `SELECT d.platform, d.ownership, COUNT(*) AS devices FROM device d
       WHERE d.tenant_id = ? AND ${LIVE_DEVICE} GROUP BY d.platform, d.ownership`,
      [tenantId],
    );
    const value = rows
      .map((row) => ({
        operatingSystem: OPERATING_SYSTEMS[row.platform],
        managedDeviceOwnerType: OWNER_TYPES[row.ownership],
        count: Number(row.devices),
      }))
      .sort(
        (a, b) =>
          a.operatingSystem.localeCompare(b.operatingSystem) ||
          a.managedDeviceOwnerType.localeCompare(b.managedDeviceOwnerType),
      );
    return { total: value.reduce((sum, entry) => sum + entry.count, 0), value };
  }

  async compliance(tenantId: string, deviceId: string): Promise<DeviceComplianceView> {
    const [row] = await this.transactions.read<{
      compliance_state: string;
      compliance_detail: string | null;
    }>(
      `SELECT d.compliance_state, d.compliance_detail FROM device d
       WHERE d.id = ? AND d.tenant_id = ? AND ${LIVE_DEVICE}`,
      [deviceId, tenantId],
    );
    if (!row) throw itemNotFound('The managed device');
    const detail = row.compliance_detail
      ? (JSON.parse(row.compliance_detail) as {
          rule: AppListType;
          offendingApp: { appId: string; displayName: string };
        })
      : null;
    return {
      deviceId,
      complianceState: row.compliance_state,
      offendingApp: detail?.offendingApp ?? null,
      compliantAppListType: detail ? compliantAppListTypeOf(detail.rule) : null,
    };
  }

  /** Also for a retired or wiped device of the tenant: its tombstone keeps the actions' states. */
  async actionHistory(tenantId: string, deviceId: string): Promise<DeviceActionHistory> {
    const [device] = await this.transactions.read<{
      management_state: ManagementState;
      retired_at: number | string | null;
    }>(`SELECT management_state, retired_at FROM device WHERE id = ? AND tenant_id = ?`, [
      deviceId,
      tenantId,
    ]);
    if (!device) throw itemNotFound('The managed device');
    const commands = await this.transactions.read<{
      id: string;
      action: RemoteAction;
      status: DeviceCommandStatus;
      requested_by: string | null;
      requested_at: number | string;
      delivered_at: number | string | null;
      completed_at: number | string | null;
    }>(
      `SELECT id, action, status, requested_by, requested_at, delivered_at, completed_at
       FROM device_command WHERE device_id = ? AND tenant_id = ? ORDER BY requested_at DESC, id`,
      [deviceId, tenantId],
    );
    const at = (ms: number | string | null) => (ms === null ? null : graphDateTime(Number(ms)));
    return {
      deviceId,
      managementState: device.management_state,
      retiredDateTime: at(device.retired_at),
      value: commands.map((command) => ({
        id: command.id,
        actionName: command.action,
        status: command.status,
        requestedBy: command.requested_by,
        requestedDateTime: graphDateTime(Number(command.requested_at)),
        deliveredDateTime: at(command.delivered_at),
        completedDateTime: at(command.completed_at),
      })),
    };
  }

  /**
   * The devices `$filter`/`$search`/`$orderby` select, as CSV, read a keyset page at a time while
   * the response is written: memory stays flat however large the fleet. Options are validated
   * before the first byte, so a bad filter is still a 400.
   */
  exportCsv(tenantId: string, request: GraphRequest): Readable {
    for (const name of Object.keys(request.query)) {
      if (name.startsWith('$') && !EXPORT_OPTIONS.has(name.toLowerCase())) {
        throw invalidRequest(
          name.slice(0, 40),
          `Query option '${name.slice(0, 40)}' is not supported by the export (it takes $filter, $search and $orderby).`,
        );
      }
    }
    const query: ListQuery<ManagedDeviceRow> = {
      ...parseListOptions(request, managedDeviceResource('beta')),
      top: MAX_PAGE_SIZE,
    };
    const devices = this.devices;
    async function* lines(): AsyncGenerator<string> {
      yield csvLine(DEVICE_CSV_COLUMNS);
      let page = await devices.readRows(tenantId, query);
      for (;;) {
        yield page.rows
          .map((row) => deviceCsvLine(toManagedDevice(row, { version: 'beta', single: false })))
          .join('');
        if (!page.skipToken) return;
        const after = parseSkipToken(page.skipToken, query.resource, query.orderBy);
        page = await devices.readRows(tenantId, { ...query, after });
      }
    }
    return Readable.from(lines());
  }
}
