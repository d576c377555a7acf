import { HARDWARE_FIELDS, HardwareField } from '../../rules';
import {
  AuditEventRow,
  AuditEventView,
  mapAuditEventRow,
} from '../../graph/audit-events/audit-event.mapper';
import { Device } from '../../platform/database/entities/device.entity';
import { graphDateTime } from '../../platform/http/graph-values';
import { Admin } from '../../platform/database/entities/admin.entity';

/** One stored app version on a device (app_catalog via device_app). */
export interface StoredAppRow {
  app_id: string;
  display_name: string;
  version: string;
  publisher: string | null;
  size_in_bytes: number | string | null;
  install_location: string | null;
}

export interface StoredInstallStateRow {
  managed_app_id: string;
  app_id: string;
  display_name: string;
  state: string;
  error_code: string | null;
  updated_at: number | string;
}

export interface StoredCommandRow {
  id: string;
  action: string;
  status: string;
  requested_at: number | string;
  delivered_at: number | string | null;
  completed_at: number | string | null;
  result: string | null;
}

export interface StoredDiagnosticRow {
  device_pseudonym: string;
  event_type: string;
  platform: string;
  os_version: string;
  value: number | string | null;
  occurred_at: number | string;
  received_at: number | string;
}

export interface StoredDevice {
  device: Device;
  apps: StoredAppRow[];
  installStates: StoredInstallStateRow[];
  commands: StoredCommandRow[];
}

const time = (value: number | string | null) =>
  value === null ? null : graphDateTime(Number(value));
const numberOrNull = (value: number | string | null) => (value === null ? null : Number(value));

/**
 * Everything stored about one person in a tenant, as one JSON document (a data-subject access
 * request): their devices with hardware and app inventory, install states and remote actions, any
 * admin account, their pseudonymized diagnostics, and the audit events that name them.
 *
 * Left out on purpose: secrets (credential and token hashes, wipe unlock codes) and other people —
 * the admins who acted appear as their kind of actor, not by name or IP address.
 */
export function exportDocument(input: {
  userPrincipalName: string;
  exportedAt: number;
  devices: StoredDevice[];
  admins: Admin[];
  diagnostics: StoredDiagnosticRow[];
  auditEvents: AuditEventRow[];
  /** Whether a UPN is the person's. */
  isSubject: (userPrincipalName: string | null) => boolean;
  /** Whether an audit event's resource is the person or one of their devices or admin accounts. */
  isSubjectResource: (resource: { resourceId: string; displayName: string | null }) => boolean;
}) {
  return {
    userPrincipalName: input.userPrincipalName,
    exportedDateTime: graphDateTime(input.exportedAt),
    managedDevices: input.devices.map(exportedDevice),
    adminAccounts: input.admins.map((admin) => ({
      id: admin.id,
      userPrincipalName: admin.userPrincipalName,
      displayName: admin.displayName,
      role: admin.role,
      createdDateTime: graphDateTime(admin.createdAt),
      revokedDateTime: time(admin.revokedAt),
    })),
    diagnosticEvents: input.diagnostics.map((row) => ({
      devicePseudonym: row.device_pseudonym,
      eventType: row.event_type,
      platform: row.platform,
      osVersion: row.os_version,
      value: numberOrNull(row.value),
      occurredDateTime: graphDateTime(Number(row.occurred_at)),
      receivedDateTime: graphDateTime(Number(row.received_at)),
    })),
    auditEvents: input.auditEvents.map((row) =>
      withoutOtherPeople(mapAuditEventRow(row), input.isSubject, input.isSubjectResource),
    ),
  };
}

function exportedDevice({ device, apps, installStates, commands }: StoredDevice) {
  const hardware = Object.fromEntries(
    HARDWARE_FIELDS.filter((field) => field !== 'phoneNumber').map((field) => [
      field,
      device[field as Exclude<HardwareField, 'phoneNumber'>],
    ]),
  );
  return {
    id: device.id,
    platform: device.platform,
    enrollmentType: device.enrollmentType,
    ownership: device.ownership,
    ownershipReason: device.ownershipReason,
    managementState: device.managementState,
    complianceState: device.complianceState,
    complianceDetail: device.complianceDetail,
    /** The security state the device last reported and its results on each compliance policy. */
    compliancePolicyStates:
      device.compliancePolicyStates === null
        ? null
        : (JSON.parse(device.compliancePolicyStates) as unknown),
    enrolledDateTime: graphDateTime(device.enrolledAt),
    lastCheckInDateTime: graphDateTime(device.lastCheckInAt),
    checkInCount: device.checkInCount,
    lastCheckInSequence: device.lastSequence,
    user: {
      userPrincipalName: device.userPrincipalName,
      displayName: device.userDisplayName,
      emailAddress: device.userEmail,
    },
    managedDeviceName: device.managedDeviceName,
    notes: device.notes,
    hardware: {
      ...hardware,
      phoneNumber: device.phoneNumber,
      phoneNumberLastFourDigits: device.phoneNumberLast4,
    },
    detectedApps: apps.map((app) => ({
      appId: app.app_id,
      displayName: app.display_name,
      version: app.version,
      publisher: app.publisher,
      sizeInBytes: numberOrNull(app.size_in_bytes),
      installLocation: app.install_location,
    })),
    installStates: installStates.map((row) => ({
      mobileAppId: row.managed_app_id,
      appId: row.app_id,
      displayName: row.display_name,
      state: row.state,
      errorCode: row.error_code,
      lastUpdatedDateTime: graphDateTime(Number(row.updated_at)),
    })),
    deviceActions: commands.map((command) => ({
      id: command.id,
      action: command.action,
      status: command.status,
      requestedDateTime: graphDateTime(Number(command.requested_at)),
      deliveredDateTime: time(command.delivered_at),
      completedDateTime: time(command.completed_at),
      result: command.result === null ? null : (JSON.parse(command.result) as unknown),
    })),
  };
}

/**
 * An audit event as the person may see it: actors other than themselves only by kind, and
 * resources that are not theirs (another user's device they acted on as an admin) only by type
 * and the names of the properties changed.
 */
function withoutOtherPeople(
  event: AuditEventView,
  isSubject: (userPrincipalName: string | null) => boolean,
  isSubjectResource: (resource: { resourceId: string; displayName: string | null }) => boolean,
): AuditEventView {
  const actor =
    event.actor.userPrincipalName === null || isSubject(event.actor.userPrincipalName)
      ? event.actor
      : { ...event.actor, userPrincipalName: null, ipAddress: null, userId: null };
  const resources = event.resources.map((resource) =>
    isSubjectResource(resource)
      ? resource
      : {
          ...resource,
          resourceId: '',
          displayName: null,
          modifiedProperties: resource.modifiedProperties.map((property) => ({
            ...property,
            oldValue: null,
            newValue: null,
          })),
        },
  );
  return { ...event, actor, resources };
}
