import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { InstallState } from '../apps/managed-app-install-state.entity';
import { itemNotFound } from '../common/graph-error';
import { WriteTransactions } from '../database/write-transactions';
import {
  MOBILE_APP_COLUMNS,
  MobileAppRow,
  mobileAppResource,
  pickSelected,
  toMobileApp,
  toMobileAppInstallSummary,
  USER_STATE_PRIORITY,
} from '../graph';
import { GraphRequest, parseEntityOptions, parseListOptions } from '../graph-http/graph-request';
import { readPage, selectColumns } from '../graph-http/list-reader';
import { collectionResponse, entityResponse, navigationPath } from '../graph-http/odata-response';

export const MOBILE_APPS = 'deviceAppManagement/mobileApps';

/** The read side of deviceAppManagement/mobileApps (the tenant's deployed apps). */
@Injectable()
export class MobileAppQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
  ) {}

  async list(tenantId: string, request: GraphRequest) {
    const query = parseListOptions(request, mobileAppResource);
    const page = await readPage<MobileAppRow>(this.apps(tenantId), query);
    const value = page.rows.map((row) =>
      pickSelected(toMobileApp(row, request.version), query.select),
    );
    return collectionResponse(request, MOBILE_APPS, { ...page, value, select: query.select });
  }

  async get(tenantId: string, appId: string, request: GraphRequest) {
    const select = parseEntityOptions(request, mobileAppResource);
    const row = await this.findApp(tenantId, appId, { withIcon: true });
    const app = toMobileApp(row, request.version);
    return entityResponse(request, MOBILE_APPS, pickSelected(app, select), select);
  }

  /**
   * Device counts per install state exactly as the devices last reported them, and the users
   * behind them (each user once, under their most pressing state).
   */
  async installSummary(tenantId: string, appId: string, request: GraphRequest) {
    await this.findApp(tenantId, appId);
    const deviceRows = await this.transactions.read<{ state: InstallState; n: number | string }>(
      `SELECT state, COUNT(*) AS n FROM managed_app_install_state WHERE managed_app_id = ? GROUP BY state`,
      [appId],
    );
    const rank = `CASE s.state ${USER_STATE_PRIORITY.map((state, i) => `WHEN '${state}' THEN ${i}`).join(' ')} END`;
    const userRows = await this.transactions.read<{ r: number | string; n: number | string }>(
      `SELECT u.r, COUNT(*) AS n FROM (
         SELECT MIN(${rank}) AS r FROM managed_app_install_state s JOIN device d ON d.id = s.device_id
         WHERE s.managed_app_id = ? AND d.user_principal_name IS NOT NULL
         GROUP BY LOWER(d.user_principal_name)) u
       GROUP BY u.r`,
      [appId],
    );
    const summary = toMobileAppInstallSummary(appId, {
      devices: Object.fromEntries(deviceRows.map((row) => [row.state, Number(row.n)])),
      users: Object.fromEntries(
        userRows.map((row) => [USER_STATE_PRIORITY[Number(row.r)], Number(row.n)]),
      ),
    });
    return entityResponse(request, navigationPath(MOBILE_APPS, appId, 'installSummary'), summary);
  }

  private async findApp(
    tenantId: string,
    appId: string,
    options: { withIcon?: boolean } = {},
  ): Promise<MobileAppRow> {
    const builder = this.apps(tenantId).andWhere('m.id = :appId', { appId });
    if (options.withIcon) builder.addSelect('m.large_icon', 'large_icon');
    const row = await builder.getRawOne<MobileAppRow>();
    if (!row) throw itemNotFound('The mobile app');
    return row;
  }

  private apps(tenantId: string): SelectQueryBuilder<ObjectLiteral> {
    return selectColumns(
      this.dataSource.createQueryBuilder().from('managed_app', 'm'),
      'm',
      MOBILE_APP_COLUMNS,
    ).where('m.tenant_id = :tenantId', { tenantId });
  }
}
