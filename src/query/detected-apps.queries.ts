import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { itemNotFound } from '../common/graph-error';
import {
  DETECTED_APP_COLUMNS,
  DetectedAppRow,
  detectedAppResource,
  pickSelected,
  toDetectedApp,
} from '../graph';
import { GraphRequest, parseEntityOptions, parseListOptions } from '../graph-http/graph-request';
import { readPage, selectColumns } from '../graph-http/list-reader';
import { ManagedDeviceQueries, MANAGED_DEVICES } from './managed-devices.queries';
import { collectionResponse, entityResponse, navigationPath } from '../graph-http/odata-response';

export const DETECTED_APPS = 'deviceManagement/detectedApps';
const MAX_CATALOG_ID = 2 ** 31 - 1;

/** The read side of deviceManagement/detectedApps, tenant-scoped. */
@Injectable()
export class DetectedAppQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: ManagedDeviceQueries,
  ) {}

  /** The tenant's detected apps with their device counts (maintained, never counted here). */
  async list(tenantId: string, request: GraphRequest) {
    return this.page(request, this.apps(tenantId), DETECTED_APPS);
  }

  /** managedDevices/{id}/detectedApps: the apps stored for one device. */
  async listOfDevice(tenantId: string, deviceId: string, request: GraphRequest) {
    await this.devices.findDevice(tenantId, deviceId);
    const builder = this.apps(tenantId).andWhere(
      'c.id IN (SELECT l.app_catalog_id FROM device_app l WHERE l.device_id = :deviceId)',
      { deviceId },
    );
    return this.page(request, builder, navigationPath(MANAGED_DEVICES, deviceId, 'detectedApps'));
  }

  async get(tenantId: string, appId: string, request: GraphRequest) {
    const select = parseEntityOptions(request, detectedAppResource);
    const row = await this.findApp(tenantId, appId);
    return entityResponse(request, DETECTED_APPS, pickSelected(toDetectedApp(row), select), select);
  }

  /** detectedApps/{id}/managedDevices: the devices that have this app version. */
  async devicesOf(tenantId: string, appId: string, request: GraphRequest) {
    const app = await this.findApp(tenantId, appId);
    return this.devices.list(
      tenantId,
      request,
      navigationPath(DETECTED_APPS, appId, 'managedDevices'),
      Number(app.id),
    );
  }

  private async findApp(tenantId: string, appId: string): Promise<DetectedAppRow> {
    // Our ids are positive integers; anything else names no app (404, like an unknown id).
    const id = /^\d{1,10}$/.test(appId) ? Number(appId) : 0;
    const row =
      id > 0 && id <= MAX_CATALOG_ID
        ? await this.apps(tenantId).andWhere('c.id = :appId', { appId: id }).getRawOne()
        : undefined;
    if (!row) throw itemNotFound('The detected app');
    return row as DetectedAppRow;
  }

  private async page(
    request: GraphRequest,
    builder: SelectQueryBuilder<ObjectLiteral>,
    entitySet: string,
  ) {
    const query = parseListOptions(request, detectedAppResource);
    const page = await readPage<DetectedAppRow>(builder, query);
    const value = page.rows.map((row) => pickSelected(toDetectedApp(row), query.select));
    return collectionResponse(request, entitySet, { ...page, value, select: query.select });
  }

  private apps(tenantId: string): SelectQueryBuilder<ObjectLiteral> {
    return selectColumns(
      this.dataSource.createQueryBuilder().from('app_catalog', 'c'),
      'c',
      DETECTED_APP_COLUMNS,
    ).where('c.tenant_id = :tenantId', { tenantId });
  }
}
