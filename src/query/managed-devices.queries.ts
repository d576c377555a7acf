import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { itemNotFound } from '../common/graph-error';
import { WriteTransactions } from '../database/write-transactions';
import {
  DeviceCommandRow,
  DeviceCountRow,
  LIVE_DEVICE,
  MANAGED_DEVICE_COLUMNS,
  ManagedDeviceRow,
  managedDeviceResource,
  pickSelected,
  SINGLE_DEVICE_COLUMNS,
  toManagedDevice,
  toManagedDeviceOverview,
} from '../graph';
import { GraphRequest, parseEntityOptions, parseListOptions } from '../graph-http/graph-request';
import { collectionResponse, entityResponse } from '../graph-http/odata-response';
import { Page, readPage, selectColumns } from '../graph-http/list-reader';
import { ListQuery } from '../odata';

export const MANAGED_DEVICES = 'deviceManagement/managedDevices';

/** The read side of deviceManagement/managedDevices and managedDeviceOverview, tenant-scoped. */
@Injectable()
export class ManagedDeviceQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
  ) {}

  /** The tenant's devices; with `appCatalogId`, only those that have that detected app. */
  async list(
    tenantId: string,
    request: GraphRequest,
    entitySet = MANAGED_DEVICES,
    appCatalogId?: number,
  ) {
    const query = parseListOptions(request, managedDeviceResource(request.version));
    const builder = this.devices(tenantId);
    if (appCatalogId !== undefined) {
      builder.andWhere(
        'd.id IN (SELECT l.device_id FROM device_app l WHERE l.app_catalog_id = :appCatalogId)',
        { appCatalogId },
      );
    }
    const page = await readPage(builder, query);
    const commands =
      !query.select || query.select.includes('deviceActionResults')
        ? await this.commandsOf(page.rows.map((row) => row.id))
        : new Map<string, DeviceCommandRow[]>();
    const value = page.rows.map((row) =>
      pickSelected(
        toManagedDevice(row, {
          version: request.version,
          single: false,
          commands: commands.get(row.id),
        }),
        query.select,
      ),
    );
    return collectionResponse(request, entitySet, { ...page, value, select: query.select });
  }

  /**
   * One keyset page of raw rows for `query` (already parsed): the CSV export walks the whole
   * filtered list with it, a page at a time, instead of holding the list in memory.
   */
  readRows(tenantId: string, query: ListQuery<ManagedDeviceRow>): Promise<Page<ManagedDeviceRow>> {
    return readPage(this.devices(tenantId), query);
  }

  async get(tenantId: string, deviceId: string, request: GraphRequest) {
    const select = parseEntityOptions(request, managedDeviceResource(request.version));
    // As in Intune, beta's hardwareInformation is filled only when a single device $selects it.
    const hardwareInformation =
      request.version === 'beta' && !!select?.includes('hardwareInformation');
    const row = await this.findDevice(tenantId, deviceId, { hardwareInformation });
    const commands = (await this.commandsOf([row.id])).get(row.id);
    const device = toManagedDevice(row, {
      version: request.version,
      single: true,
      commands,
      hardwareInformation,
    });
    return entityResponse(request, MANAGED_DEVICES, pickSelected(device, select), select);
  }

  /** The live device of the tenant, or 404 — the same for another tenant's id as for none. */
  async findDevice(
    tenantId: string,
    deviceId: string,
    options: { hardwareInformation?: boolean } = {},
  ): Promise<ManagedDeviceRow> {
    const builder = this.devices(tenantId).andWhere('d.id = :deviceId', { deviceId });
    if (options.hardwareInformation) {
      for (const column of SINGLE_DEVICE_COLUMNS) builder.addSelect(`d.${column}`, column);
    }
    const row = await builder.getRawOne<ManagedDeviceRow>();
    if (!row) throw itemNotFound('The managed device');
    return row;
  }

  async overview(tenantId: string, request: GraphRequest) {
    const rows = await this.transactions.read<DeviceCountRow>(
      `SELECT d.platform, d.enrollment_type, COUNT(*) AS devices FROM device d
       WHERE d.tenant_id = ? AND ${LIVE_DEVICE} GROUP BY d.platform, d.enrollment_type`,
      [tenantId],
    );
    return entityResponse(
      request,
      'deviceManagement/managedDeviceOverview',
      toManagedDeviceOverview(tenantId, rows),
    );
  }

  private devices(tenantId: string): SelectQueryBuilder<ObjectLiteral> {
    return selectColumns(
      this.dataSource.createQueryBuilder().from('device', 'd'),
      'd',
      MANAGED_DEVICE_COLUMNS,
    )
      .where('d.tenant_id = :tenantId', { tenantId })
      .andWhere(LIVE_DEVICE);
  }

  private async commandsOf(deviceIds: readonly string[]): Promise<Map<string, DeviceCommandRow[]>> {
    const byDevice = new Map<string, DeviceCommandRow[]>();
    if (deviceIds.length === 0) return byDevice;
    const rows = await this.transactions.read<DeviceCommandRow>(
      `SELECT device_id, action, status, requested_at, delivered_at, completed_at, result FROM device_command
       WHERE device_id IN (${deviceIds.map(() => '?').join(', ')})`,
      deviceIds,
    );
    for (const row of rows) {
      const list = byDevice.get(row.device_id) ?? [];
      list.push(row);
      byDevice.set(row.device_id, list);
    }
    return byDevice;
  }
}
