import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditActor } from '../audit/audit-event.entity';
import { AdminRole } from '../tenants/admin.entity';
import { Permission } from './permissions';

/**
 * Who is behind a request's bearer token — an admin (admin token) or an application (an access
 * token from the token endpoint); every query and change is scoped to `tenantId`.
 */
export interface AuthenticatedAdmin {
  /** The admin's id, or the application's registration id. */
  adminId: string;
  tenantId: string;
  /** The admin's UPN, or the application's display name. */
  userPrincipalName: string;
  /** null for an application: what it may do are the Graph permissions in `application`. */
  role: AdminRole | null;
  application: SignedInApplication | null;
  ipAddress: string;
  /** One id for everything this request does (audit events share it). */
  correlationId: string;
}

export interface SignedInApplication {
  clientId: string;
  displayName: string;
  /** Graph application permissions granted to it (the token's `roles`). */
  roles: string[];
}

export const PERMISSION_KEY = 'adminPermission';
/** Marks a route any signed-in application may call whatever its permissions (`$batch`). */
export const ANY_APPLICATION_KEY = 'anyApplication';
export const AllowAnyApplication = () => SetMetadata(ANY_APPLICATION_KEY, true);

/** Declares the permission an admin route needs (see ROLE_PERMISSIONS). */
export const RequirePermission = (permission: Permission) =>
  SetMetadata(PERMISSION_KEY, permission);

export type AdminRequest = FastifyRequest & { admin?: AuthenticatedAdmin };

/** The authenticated admin of the request (set by AdminAuthGuard). */
export const CurrentAdmin = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const admin = context.switchToHttp().getRequest<AdminRequest>().admin;
  if (!admin) throw new Error('CurrentAdmin used on a route without AdminAuthGuard');
  return admin;
});

export function auditActorOf(admin: AuthenticatedAdmin): AuditActor {
  if (admin.application) {
    return {
      type: 'application',
      id: admin.adminId,
      applicationId: admin.application.clientId,
      userPrincipalName: null,
      ipAddress: admin.ipAddress,
      applicationDisplayName: admin.application.displayName,
    };
  }
  return {
    type: 'admin',
    id: admin.adminId,
    userPrincipalName: admin.userPrincipalName,
    ipAddress: admin.ipAddress,
    applicationDisplayName: 'Device Inventory Collector API',
  };
}
