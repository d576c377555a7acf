import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { bearerToken } from '../common/bearer';
import { accessDenied, unauthenticated } from '../common/graph-error';
import { hashToken, ServerSecrets } from '../common/secrets';
import { APP_CONFIG, SERVER_SECRETS } from '../core/tokens';
import { WriteTransactions } from '../database/write-transactions';
import { AdminRole } from '../tenants/admin.entity';
import {
  AdminRequest,
  auditActorOf,
  AuthenticatedAdmin,
  PERMISSION_KEY,
} from './authenticated-admin';
import { Permission, roleAllows } from './permissions';
import {
  countRequest,
  countTokenRequestParams,
  countTokenRequestSql,
  RateLimit,
  InMemoryRateCounters,
  tooManyRequests,
  WindowCounter,
} from '../rate-limits/fixed-window';
import { AppConfig } from '../config/config';

/**
 * Authenticates `Authorization: Bearer <admin token>` and enforces the route's permission. A refused
 * attempt (403) is itself audited. Routes without a declared permission are refused: forgetting the
 * decorator must not open a route to everyone.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  private readonly rateLimit: RateLimit;
  constructor(
    private readonly reflector: Reflector,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
    private readonly counters: InMemoryRateCounters,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.rateLimit = {
      limit: config.rateLimits.requestsPerAdminToken,
      windowMs: config.rateLimits.windowMs,
    };
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AdminRequest>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw unauthenticated('An admin token is required (Authorization: Bearer …).');
    const now = Date.now();
    const [row] = await this.transactions.read<{
      token_id: string;
      rate_window_start: number;
      rate_window_count: number;
      admin_id: string;
      tenant_id: string;
      user_principal_name: string;
      role: AdminRole;
    }>(
      `SELECT t.id AS token_id, t.rate_window_start, t.rate_window_count, a.id AS admin_id, a.tenant_id, a.user_principal_name, a.role
       FROM admin_token t JOIN admin a ON a.id = t.admin_id
       WHERE t.token_hash = ? AND t.revoked_at IS NULL AND a.revoked_at IS NULL
         AND (t.expires_at IS NULL OR t.expires_at > ?)`,
      [hashToken(this.secrets.tokenPepper, token), now],
    );
    if (!row) throw unauthenticated('The admin token is invalid, expired or revoked.');
    await this.countRequest(row.token_id, {
      windowStart: row.rate_window_start,
      count: row.rate_window_count,
    });
    const admin: AuthenticatedAdmin = {
      adminId: row.admin_id,
      tenantId: row.tenant_id,
      userPrincipalName: row.user_principal_name,
      role: row.role,
      ipAddress: request.ip,
      correlationId: request.id,
    };
    request.admin = admin;

    const permission = this.reflector.getAllAndOverride<Permission | undefined>(PERMISSION_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (permission && roleAllows(admin.role, permission)) return true;
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        tenantId: admin.tenantId,
        category: 'Role',
        activity: 'Request refused',
        activityType: `${request.method} ${request.routeOptions.url ?? ''}`,
        operationType: 'Refused',
        result: 'Failure',
        actor: auditActorOf(admin),
        resources: [
          {
            resourceId: admin.adminId,
            type: 'admin',
            displayName: admin.userPrincipalName,
            modifiedProperties: [
              { displayName: 'role', oldValue: admin.role, newValue: null },
              {
                displayName: 'requiredPermission',
                oldValue: null,
                newValue: permission ?? 'undeclared',
              },
            ],
          },
        ],
        correlationId: admin.correlationId,
      }),
    );
    throw accessDenied(
      permission
        ? `The role ${admin.role} does not allow ${permission}.`
        : 'This route declares no permission and is refused.',
    );
  }

  /**
   * Every request of a token counts, refused ones too (else a flood of bad requests would be free).
   * On PostgreSQL (several instances) the counter is in the token's row: a full window is refused
   * without a write, otherwise one small autocommit statement counts the request — only while the
   * window has room, so that instances agree. On SQLite (one server process, as for retention) it
   * is counted in memory: a write per read request would queue reads behind check-ins.
   */
  private async countRequest(tokenId: string, counter: WindowCounter) {
    if (this.rateLimit.limit === 0) return;
    const now = Date.now();
    const refuse = () => tooManyRequests('the admin API with one token', this.rateLimit, now);
    if (this.transactions.dialect === 'sqlite') {
      if (!this.counters.count(tokenId, this.rateLimit, now)) throw refuse();
      return;
    }
    if (!countRequest(counter, this.rateLimit, now).allowed) throw refuse();
    const counted = await this.transactions.run((tx) =>
      tx.run(
        countTokenRequestSql('admin_token'),
        countTokenRequestParams(tokenId, this.rateLimit, now),
      ),
    );
    if (counted === 0) throw refuse();
  }
}
