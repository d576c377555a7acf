import { AdminRole } from '../../src/tenants/admin.entity';
import { AdminsService } from '../../src/tenants/admins.service';
import { HttpAnswer } from './device-channel';
import { systemActor, TestServer } from './test-server';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One call of the admin API with an admin's bearer token (JSON unless a content type is given). */
export async function adminCall<T = Record<string, unknown>>(
  baseUrl: string,
  token: string,
  method: Method,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<HttpAnswer<T>> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    // A CSV answer (the device export) arrives as { text }.
    body: (!text
      ? {}
      : response.headers.get('content-type')?.includes('text/csv')
        ? { text }
        : JSON.parse(text)) as T,
    headers: response.headers,
  };
}

let admins = 0;

/** A new admin of the tenant with `role`, and its token. */
export async function adminWithRole(
  server: TestServer,
  tenantId: string,
  role: AdminRole,
): Promise<{ adminId: string; upn: string; token: string }> {
  const upn = `${role.toLowerCase()}${++admins}@contoso.example`;
  const { admin, token } = await server
    .service(AdminsService)
    .create(tenantId, { userPrincipalName: upn, role }, systemActor);
  return { adminId: admin.id, upn, token: token.token };
}

export interface AuditRow {
  id: string;
  category: string;
  activity: string;
  activityType: string;
  operationType: string;
  result: string;
  actor: { type: string; userPrincipalName: string | null; ipAddress: string | null };
  resources: {
    resourceId: string;
    type: string;
    modifiedProperties: { displayName: string; oldValue: string | null; newValue: string | null }[];
  }[];
  correlationId: string;
}

/** The tenant's audit events, oldest first, straight from the database. */
export async function auditRows(server: TestServer, tenantId: string): Promise<AuditRow[]> {
  const rows = await server.query<Record<string, string>>(
    'SELECT * FROM audit_event WHERE tenant_id = ? ORDER BY activity_at, id',
    [tenantId],
  );
  return rows.map((row) => ({
    id: row.id,
    category: row.category,
    activity: row.activity,
    activityType: row.activity_type,
    operationType: row.activity_operation_type,
    result: row.activity_result,
    actor: JSON.parse(row.actor) as AuditRow['actor'],
    resources: JSON.parse(row.resources) as AuditRow['resources'],
    correlationId: row.correlation_id,
  }));
}

/** The audit events written while `work` ran. */
export async function auditedDuring(
  server: TestServer,
  tenantId: string,
  work: () => Promise<unknown>,
): Promise<AuditRow[]> {
  const before = new Set((await auditRows(server, tenantId)).map((row) => row.id));
  await work();
  return (await auditRows(server, tenantId)).filter((row) => !before.has(row.id));
}

/** The old/new values an audit event records for one property of its first resource. */
export function modified(event: AuditRow, property: string) {
  const found = event.resources[0]?.modifiedProperties.find((p) => p.displayName === property);
  return found && { oldValue: found.oldValue, newValue: found.newValue };
}
