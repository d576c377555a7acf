import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AuditActor } from '../audit/audit-event.entity';
import { AdminRole } from '../tenants/admin.entity';
import { Permission } from './permissions';

/** The admin behind a request's bearer token; every query and change is scoped to `tenantId`. */
export interface AuthenticatedAdmin {
  adminId: string;
  tenantId: string;
  userPrincipalName: string;
  role: AdminRole;
  ipAddress: string;
  /** One id for everything this request does (audit events share it). */
  correlationId: string;
}

export const PERMISSION_KEY = 'adminPermission';

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
  return {
    type: 'admin',
    id: admin.adminId,
    userPrincipalName: admin.userPrincipalName,
    ipAddress: admin.ipAddress,
    applicationDisplayName: 'Device Inventory Collector API',
  };
}
