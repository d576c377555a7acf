import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { invalidRequest, itemNotFound } from '../common/graph-error';
import { takeExpand, withExpand } from '../graph-http/expand';
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
/** `$expand=managedDevices`: devices shown inline per app, and apps per page. */
const EXPANDED_DEVICES = 20;
const MAX_EXPANDED_PAGE = 100;

/** The read side of deviceManagement/detectedApps, tenant-scoped. */
@Injectable()
export class DetectedAppQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly devices: ManagedDeviceQueries,
  ) {}

  /** The tenant's detected apps with their device counts (maintained, never counted here). */
  async list(tenantId: string, request: GraphRequest) {
    const { request: plain, expand } = takeExpand(request, 'managedDevices');
    const list = await this.page(plain, this.apps(tenantId), DETECTED_APPS, expand);
    if (!expand) return list.response;
    const value = [];
    for (const app of list.rows)
      value.push({ ...app.entity, ...(await this.expanded(tenantId, plain, app.row)) });
    return {
      ...list.response,
      ...(list.response['@odata.nextLink'] && {
        '@odata.nextLink': withExpand(list.response['@odata.nextLink'], 'managedDevices'),
      }),
      value,
    };
  }

  /** managedDevices/{id}/detectedApps: the apps stored for one device. */
  async listOfDevice(tenantId: string, deviceId: string, request: GraphRequest) {
    await this.devices.findDevice(tenantId, deviceId);
    const builder = this.apps(tenantId).andWhere(
      'c.id IN (SELECT l.app_catalog_id FROM device_app l WHERE l.device_id = :deviceId)',
      { deviceId },
    );
    const list = await this.page(
      request,
      builder,
      navigationPath(MANAGED_DEVICES, deviceId, 'detectedApps'),
    );
    return list.response;
  }

  async get(tenantId: string, appId: string, request: GraphRequest) {
    const { request: plain, expand } = takeExpand(request, 'managedDevices');
    const select = parseEntityOptions(plain, detectedAppResource);
    const row = await this.findApp(tenantId, appId);
    const app = pickSelected(toDetectedApp(row), select);
    const devices = expand ? await this.expanded(tenantId, plain, row) : {};
    return entityResponse(plain, DETECTED_APPS, { ...app, ...devices }, select);
  }

  /**
   * `$expand=managedDevices` of one app, bounded: its first devices, and a link to the rest as
   * Graph gives one.
   */
  private async expanded(tenantId: string, request: GraphRequest, app: DetectedAppRow) {
    const navigation = navigationPath(DETECTED_APPS, String(app.id), 'managedDevices');
    const devices = await this.devices.list(
      tenantId,
      {
        ...request,
        path: `/${request.version}/${DETECTED_APPS}/${app.id}/managedDevices`,
        query: { $top: String(EXPANDED_DEVICES) },
      },
      navigation,
      Number(app.id),
    );
    return {
      managedDevices: devices.value,
      ...(devices['@odata.nextLink'] && {
        'managedDevices@odata.nextLink': devices['@odata.nextLink'],
      }),
    };
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
    expanding = false,
  ) {
    const query = parseListOptions(request, detectedAppResource);
    if (expanding && query.top > MAX_EXPANDED_PAGE) {
      throw invalidRequest(
        '$top',
        `$top must not be greater than ${MAX_EXPANDED_PAGE} with $expand=managedDevices`,
      );
    }
    const page = await readPage<DetectedAppRow>(builder, query);
    const rows = page.rows.map((row) => ({
      row,
      entity: pickSelected(toDetectedApp(row), query.select),
    }));
    const value = rows.map((row) => row.entity);
    return {
      rows,
      response: collectionResponse(request, entitySet, { ...page, value, select: query.select }),
    };
  }

  private apps(tenantId: string): SelectQueryBuilder<ObjectLiteral> {
    return selectColumns(
      this.dataSource.createQueryBuilder().from('app_catalog', 'c'),
      'c',
      DETECTED_APP_COLUMNS,
    ).where('c.tenant_id = :tenantId', { tenantId });
  }
}
