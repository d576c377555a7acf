import { graphDateTime } from '../graph/graph-values';
import { ResourceDefinition } from '../odata';
import { AuditActor, AuditEvent, AuditResource } from './audit-event.entity';

/** Graph's auditActor `type` for our kinds of actor. */
const ACTOR_TYPES: Record<AuditActor['type'], string> = {
  admin: 'ItPro',
  device: 'Device',
  system: 'Application',
  application: 'Application',
};

/**
 * Graph's auditActorType enum (itPro, iw, system, partner, unknown): a device and a consumer's app
 * registration are none of them.
 */
const AUDIT_ACTOR_TYPES: Record<AuditActor['type'], string> = {
  admin: 'itPro',
  device: 'unknown',
  system: 'system',
  application: 'unknown',
};

/** Graph's auditEvent. */
export interface AuditEventView {
  '@odata.type': '#microsoft.graph.auditEvent';
  id: string;
  displayName: string;
  componentName: string;
  actor: {
    '@odata.type': '#microsoft.graph.auditActor';
    type: string;
    auditActorType: string;
    userPermissions: string[];
    applicationId: string | null;
    applicationDisplayName: string;
    userPrincipalName: string | null;
    servicePrincipalName: string | null;
    ipAddress: string | null;
    userId: string | null;
  };
  activity: string;
  activityDateTime: string;
  activityType: string;
  activityOperationType: string;
  activityResult: string;
  correlationId: string;
  resources: {
    '@odata.type': '#microsoft.graph.auditResource';
    displayName: string | null;
    modifiedProperties: {
      '@odata.type': '#microsoft.graph.auditProperty';
      displayName: string;
      oldValue: string | null;
      newValue: string | null;
    }[];
    type: string;
    auditResourceType: string;
    resourceId: string;
  }[];
  category: string;
}

export function mapAuditEvent(event: AuditEvent): AuditEventView {
  return {
    '@odata.type': '#microsoft.graph.auditEvent',
    id: event.id,
    displayName: event.activity,
    componentName: event.category,
    actor: {
      '@odata.type': '#microsoft.graph.auditActor',
      type: ACTOR_TYPES[event.actor.type],
      auditActorType: AUDIT_ACTOR_TYPES[event.actor.type],
      userPermissions: [],
      applicationId: event.actor.applicationId ?? null,
      applicationDisplayName: event.actor.applicationDisplayName,
      userPrincipalName: event.actor.userPrincipalName,
      servicePrincipalName: null,
      ipAddress: event.actor.ipAddress,
      userId: event.actor.id,
    },
    activity: event.activity,
    activityDateTime: graphDateTime(event.activityAt),
    activityType: event.activityType,
    activityOperationType: event.activityOperationType,
    activityResult: event.activityResult,
    correlationId: event.correlationId,
    resources: event.resources.map(mapAuditResource),
    category: event.category,
  };
}

function mapAuditResource(resource: AuditResource): AuditEventView['resources'][number] {
  return {
    '@odata.type': '#microsoft.graph.auditResource',
    displayName: resource.displayName,
    modifiedProperties: resource.modifiedProperties.map((property) => ({
      '@odata.type': '#microsoft.graph.auditProperty',
      displayName: property.displayName,
      oldValue: property.oldValue,
      newValue: property.newValue,
    })),
    type: resource.type,
    auditResourceType: resource.type,
    resourceId: resource.resourceId,
  };
}

/** An audit_event row as a list query selects it (raw columns). */
export interface AuditEventRow {
  id: string;
  activity_at: number | string;
  category: string;
  activity: string;
  activity_type: string;
  activity_operation_type: AuditEvent['activityOperationType'];
  activity_result: AuditEvent['activityResult'];
  actor: string;
  actor_user_principal_name: string | null;
  resources: string;
  correlation_id: string;
}

export const mapAuditEventRow = (row: AuditEventRow): AuditEventView =>
  mapAuditEvent({
    id: row.id,
    tenantId: '',
    activityAt: Number(row.activity_at),
    category: row.category,
    activity: row.activity,
    activityType: row.activity_type,
    activityOperationType: row.activity_operation_type,
    activityResult: row.activity_result,
    actor: JSON.parse(row.actor) as AuditActor,
    actorUserPrincipalName: row.actor_user_principal_name,
    resources: JSON.parse(row.resources) as AuditResource[],
    correlationId: row.correlation_id,
  });

const selectOnly = (column: string) =>
  ({ column, type: 'string', filterable: false, sortable: false }) as const;

const text = (column: string, read: (row: AuditEventRow) => unknown) =>
  ({ column, type: 'string', nullable: false, value: read }) as const;

/**
 * What `$filter`, `$orderby` and `$select` may use on auditEvents: date, category, actor,
 * operation, and the other scalar properties of Graph's auditEvent.
 */
export const AUDIT_EVENTS: ResourceDefinition<AuditEventRow> = {
  name: 'auditEvents',
  key: 'id',
  properties: {
    id: { column: 'a.id', type: 'guid', nullable: false, value: (row) => row.id },
    activityDateTime: {
      column: 'a.activity_at',
      type: 'datetime',
      nullable: false,
      value: (row) => row.activity_at,
    },
    category: text('a.category', (row) => row.category),
    componentName: text('a.category', (row) => row.category),
    activity: text('a.activity', (row) => row.activity),
    displayName: text('a.activity', (row) => row.activity),
    activityType: text('a.activity_type', (row) => row.activity_type),
    activityOperationType: text('a.activity_operation_type', (row) => row.activity_operation_type),
    activityResult: text('a.activity_result', (row) => row.activity_result),
    correlationId: text('a.correlation_id', (row) => row.correlation_id),
    'actor/userPrincipalName': {
      column: 'a.actor_user_principal_name',
      type: 'string',
      selectable: false,
      value: (row) => row.actor_user_principal_name,
    },
    // Complex values: only for $select.
    actor: { ...selectOnly('a.actor'), value: (row) => row.actor },
    resources: { ...selectOnly('a.resources'), value: (row) => row.resources },
  },
};
