import { CanActivate, ExecutionContext, HttpStatus, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuditService } from '../audit/audit.service';
import { bearerToken } from '../common/bearer';
import { accessDenied, GraphError, unauthenticated } from '../common/graph-error';
import { hashToken, ServerSecrets } from '../common/secrets';
import { APP_CONFIG, SERVER_SECRETS } from '../core/tokens';
import { WriteTransactions } from '../database/write-transactions';
import { AdminRole } from '../tenants/admin.entity';
import { AppRegistrationsService } from '../graph/sign-in/app-registrations.service';
import { acceptedPermissions, rolesAllow } from '../graph/sign-in/graph-permissions';
import { TokenSigningKeys } from '../graph/sign-in/token-signing-keys';
import { GraphRequestGate } from '../graph/throttling/graph-request-gate';
import {
  AdminRequest,
  ANY_APPLICATION_KEY,
  auditActorOf,
  AuthenticatedAdmin,
  PERMISSION_KEY,
  SignedInApplication,
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
 * Authenticates `Authorization: Bearer <admin token or access token>` and enforces the route's
 * permission: an admin's role allows the route's declared permission; an application's Graph
 * permissions (the token's roles) include one the route's row in ROUTE_PERMISSIONS accepts (see
 * docs/graph-api.md). A refused attempt (403) is itself audited. Routes without a declared
 * permission are refused: forgetting the decorator must not open a route to everyone. Admitted
 * Graph requests then pass the GraphRequestGate (throttling, injected faults).
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
    private readonly signingKeys: TokenSigningKeys,
    private readonly apps: AppRegistrationsService,
    private readonly gate: GraphRequestGate,
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
    const handlers = [context.getHandler(), context.getClass()];
    const permission = this.reflector.getAllAndOverride<Permission | undefined>(
      PERMISSION_KEY,
      handlers,
    );
    // Admin tokens are opaque (`adm_…`); access tokens from the token endpoint are signed JWTs.
    if (token.includes('.')) {
      const anyApplication =
        this.reflector.getAllAndOverride<boolean | undefined>(ANY_APPLICATION_KEY, handlers) ??
        false;
      const application = await this.authenticateApplication(request, token);
      const route = request.routeOptions.url ?? '';
      if (!anyApplication && !rolesAllow(application.application.roles, request.method, route)) {
        const accepted = acceptedPermissions(request.method, route);
        await this.auditRefusal(request, application, accepted?.join(' or ') ?? 'adminOnly');
        throw new GraphError(
          HttpStatus.FORBIDDEN,
          'Forbidden',
          accepted
            ? `Application is not authorized to perform this operation. Application must have one of the following scopes: ${accepted.join(', ')}`
            : 'Application is not authorized to perform this operation: this route is for admin tokens only.',
        );
      }
      if (!anyApplication)
        await this.gate.admit(application, request, context.switchToHttp().getResponse());
      return true;
    }
    const admin = await this.authenticateAdmin(request, token);
    if (permission && admin.role && roleAllows(admin.role, permission)) {
      if (!this.reflector.getAllAndOverride<boolean | undefined>(ANY_APPLICATION_KEY, handlers)) {
        await this.gate.admit(admin, request, context.switchToHttp().getResponse());
      }
      return true;
    }
    await this.auditRefusal(request, admin, permission ?? 'undeclared');
    throw accessDenied(
      permission
        ? `The role ${admin.role} does not allow ${permission}.`
        : 'This route declares no permission and is refused.',
    );
  }

  private async authenticateAdmin(
    request: AdminRequest,
    token: string,
  ): Promise<AuthenticatedAdmin> {
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
      application: null,
      ipAddress: request.ip,
      correlationId: request.id,
    };
    request.admin = admin;
    return admin;
  }

  /**
   * An access token from the token endpoint: signed by one of the servers' keys, for Graph, not
   * expired, of a registration that is not revoked. Its tenant is the token's `tid`.
   */
  private async authenticateApplication(
    request: AdminRequest,
    token: string,
  ): Promise<AuthenticatedAdmin & { application: SignedInApplication }> {
    const claims = await this.signingKeys.verify(token);
    if (!claims) {
      throw unauthenticated('The access token is invalid, expired, or not signed by this service.');
    }
    const app = await this.apps.activeByClientId(claims.tid, claims.appid);
    if (!app) throw unauthenticated("The access token's application is unknown or revoked.");
    const principal = {
      adminId: app.id,
      tenantId: app.tenant_id,
      userPrincipalName: app.display_name,
      role: null,
      application: { clientId: app.client_id, displayName: app.display_name, roles: claims.roles },
      ipAddress: request.ip,
      correlationId: request.id,
    };
    request.admin = principal;
    return principal;
  }

  /** A refused attempt (403) is itself audited. */
  private async auditRefusal(
    request: AdminRequest,
    principal: AuthenticatedAdmin,
    required: string,
  ): Promise<void> {
    await this.transactions.run((tx) =>
      this.audit.record(tx, {
        tenantId: principal.tenantId,
        category: 'Role',
        activity: 'Request refused',
        activityType: `${request.method} ${request.routeOptions.url ?? ''}`,
        operationType: 'Refused',
        result: 'Failure',
        actor: auditActorOf(principal),
        resources: [
          {
            resourceId: principal.adminId,
            type: principal.application ? 'application' : 'admin',
            displayName: principal.userPrincipalName,
            modifiedProperties: [
              principal.application
                ? {
                    displayName: 'roles',
                    oldValue: principal.application.roles.join(', '),
                    newValue: null,
                  }
                : { displayName: 'role', oldValue: principal.role, newValue: null },
              { displayName: 'requiredPermission', oldValue: null, newValue: required },
            ],
          },
        ],
        correlationId: principal.correlationId,
      }),
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
