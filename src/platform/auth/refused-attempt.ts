import { AuditRecord } from '../audit/audit.service';
import { AuditResource } from '../database/entities/audit-event.entity';
import { auditActorOf, AuthenticatedAdmin } from './authenticated-admin';

/**
 * The audit record of an attempt refused with 403 for a reason of the resource itself (e.g. locating
 * a personal device). Written in its own transaction: the refusal changes nothing else.
 */
export function refusedAttempt(
  admin: AuthenticatedAdmin,
  input: { category: string; activityType: string; resource: AuditResource; reason: string },
): AuditRecord {
  return {
    tenantId: admin.tenantId,
    category: input.category,
    activity: 'Request refused',
    activityType: input.activityType,
    operationType: 'Refused',
    result: 'Failure',
    actor: auditActorOf(admin),
    resources: [
      {
        ...input.resource,
        modifiedProperties: [
          ...input.resource.modifiedProperties,
          { displayName: 'refusalReason', oldValue: null, newValue: input.reason },
        ],
      },
    ],
    correlationId: admin.correlationId,
  };
}
