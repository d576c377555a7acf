import { AdminRole } from '../database/entities/admin.entity';

/** What an admin request may need. Every admin route declares exactly one. */
export const PERMISSIONS = ['read', 'remoteActions', 'changeOwnership', 'administer'] as const;
export type Permission = (typeof PERMISSIONS)[number];

/**
 * The role table: administrator — everything; helpDeskOperator — read, remote actions, ownership
 * change; readOnlyOperator — read only.
 */
export const ROLE_PERMISSIONS: Record<AdminRole, readonly Permission[]> = {
  administrator: ['read', 'remoteActions', 'changeOwnership', 'administer'],
  helpDeskOperator: ['read', 'remoteActions', 'changeOwnership'],
  readOnlyOperator: ['read'],
};

export const roleAllows = (role: AdminRole, permission: Permission): boolean =>
  ROLE_PERMISSIONS[role].includes(permission);
