import { AuditActor, AuditResource } from '../../platform/database/entities/audit-event.entity';

/** What replaces a device's identifier or free text about a person in an audit event. */
export const ERASED = '(erased)';

/**
 * Properties of a device whose values are free text an admin typed (they may name the person in a
 * form no stored value matches): erased outright in events about the person's devices.
 */
const FREE_TEXT_PROPERTIES = new Set(['managedDeviceName', 'notes']);

/** Shorter values are not searched for: "Al" would erase every "Al" in the audit trail. */
const MIN_SEARCHED_LENGTH = 4;

/** A person whose data is being erased, as the audit trail may name them. */
export interface ErasureSubject {
  /** What replaces the person (a pseudonym in UPN form, see pseudonymousPrincipalName). */
  pseudonym: string;
  /** UPN, e-mail addresses, display names: replaced by the pseudonym. */
  identity: readonly string[];
  /** Device names, serial numbers, IMEIs, MACs, phone numbers, …: replaced by ERASED. */
  deviceValues: readonly string[];
  /** The person's devices: their events' free-text properties are erased. */
  deviceIds: ReadonlySet<string>;
}

export interface AuditEventContent {
  actor: AuditActor;
  resources: AuditResource[];
}

/** The values worth searching for: non-empty, long enough, longest first, each once. */
export function searchableValues(values: readonly (string | null | undefined)[]): string[] {
  const unique = new Map<string, string>();
  for (const value of values) {
    if (typeof value !== 'string' || value.trim().length < MIN_SEARCHED_LENGTH) continue;
    if (!unique.has(value.toLowerCase())) unique.set(value.toLowerCase(), value);
  }
  return [...unique.values()].sort((a, b) => b.length - a.length);
}

/**
 * An audit event with the person replaced: an actor who is the person becomes the pseudonym
 * (without IP address), their identity anywhere in the resources becomes the pseudonym, their
 * devices' identifiers and free text become ERASED. The event itself — what happened, when, to
 * which resource id — stays. Returns null when the event does not name the person.
 */
export function pseudonymizeAuditEvent(
  event: AuditEventContent,
  subject: ErasureSubject,
): AuditEventContent | null {
  const identity = matcher(searchableValues(subject.identity));
  const devices = matcher(searchableValues(subject.deviceValues));
  const replace = (text: string | null): string | null => {
    if (text === null) return null;
    let result = identity ? text.replace(identity, subject.pseudonym) : text;
    if (devices) result = result.replace(devices, ERASED);
    return result;
  };
  const actorIsSubject =
    event.actor.userPrincipalName !== null &&
    subject.identity.some(
      (value) => value.toLowerCase() === event.actor.userPrincipalName?.toLowerCase(),
    );
  const actor: AuditActor = actorIsSubject
    ? { ...event.actor, userPrincipalName: subject.pseudonym, ipAddress: null }
    : event.actor;
  const resources = event.resources.map((resource) => {
    const aboutDevice = subject.deviceIds.has(resource.resourceId);
    return {
      ...resource,
      displayName: replace(resource.displayName),
      modifiedProperties: resource.modifiedProperties.map((property) => {
        const freeText = aboutDevice && FREE_TEXT_PROPERTIES.has(property.displayName);
        const erase = (value: string | null) =>
          value === null ? null : freeText ? ERASED : replace(value);
        return {
          ...property,
          oldValue: erase(property.oldValue),
          newValue: erase(property.newValue),
        };
      }),
    };
  });
  const changed = actorIsSubject || JSON.stringify(resources) !== JSON.stringify(event.resources);
  return changed ? { actor, resources } : null;
}

function matcher(values: readonly string[]): RegExp | null {
  if (values.length === 0) return null;
  return new RegExp(
    values.map((value) => value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'),
    'gi',
  );
}
