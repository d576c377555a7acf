import { randomUUID } from 'node:crypto';
import { AuditActor, AuditResource } from '../database/entities/audit-event.entity';
import { AuditRecord } from './audit.service';

/** One changed property of an audit event's resource (Graph's modifiedProperty). */
export type ModifiedProperty = AuditResource['modifiedProperties'][number];

/**
 * The device itself as the actor — never its user: the audit trail outlives a retired device's
 * personal data, so it must not carry the user's UPN (the device row holds it until retirement).
 */
export function deviceActor(
  deviceId: string,
  application: 'Device enrollment' | 'Device check-in',
): AuditActor {
  return {
    type: 'device',
    id: deviceId,
    userPrincipalName: null,
    ipAddress: null,
    applicationDisplayName: application,
  };
}

/** A managed device as the resource of an event, with what changed. */
export function managedDeviceResource(
  deviceId: string,
  modifiedProperties: ModifiedProperty[],
): AuditResource {
  return { resourceId: deviceId, type: 'managedDevice', displayName: null, modifiedProperties };
}

/**
 * A device left management at once: its user removed management, an admin deleted it, or the
 * cleanup rule retired it. (A device answering a retire or wipe command is `Device answered …`.)
 */
export function deviceRetired(input: {
  tenantId: string;
  deviceId: string;
  activity: 'Device user removed management' | 'Delete ManagedDevice' | 'Device cleanup rule';
  actor: AuditActor;
  previousState: string | null;
  details?: ModifiedProperty[];
  correlationId?: string;
}): AuditRecord {
  return {
    tenantId: input.tenantId,
    category: 'Device',
    activity: input.activity,
    activityType: 'Delete ManagedDevice',
    operationType: 'Delete',
    actor: input.actor,
    resources: [
      managedDeviceResource(input.deviceId, [
        { displayName: 'managementState', oldValue: input.previousState, newValue: 'retired' },
        ...(input.details ?? []),
      ]),
    ],
    correlationId: input.correlationId ?? randomUUID(),
  };
}

const auditValue = (value: unknown): string | null =>
  value === null || value === undefined ? null : String(value);

/**
 * The properties a change sets to a new value, as audit events list them: one entry per property of
 * `after` whose value differs from `before` (properties `after` leaves out are not changed).
 */
export function changedProperties<T extends object>(
  before: T,
  after: Partial<T>,
  format: (value: unknown) => string | null = auditValue,
): ModifiedProperty[] {
  return (Object.keys(after) as (keyof T & string)[])
    .filter((name) => after[name] !== undefined && after[name] !== before[name])
    .map((name) => ({
      displayName: name,
      oldValue: format(before[name]),
      newValue: format(after[name]),
    }));
}
