import { ENROLLMENT_TYPES, EnrollmentType } from './enrollment-types';
import { Ownership, Platform } from './vocabulary';

export type OwnershipReason = 'corporateIdentifier' | 'enrollmentType' | 'undetermined';

export interface OwnershipDecision {
  ownership: Ownership;
  reason: OwnershipReason;
}

/** A corporate identifier as the tenant imported it, in canonical form. */
export type CorporateIdentifierKey =
  | { kind: 'imei'; value: string }
  | { kind: 'serialNumber'; value: string }
  | { kind: 'manufacturerModelSerial'; value: string };

/**
 * The identifiers of an enrolling device that could match an imported corporate identifier.
 * Windows devices match on manufacturer + model + serial only (as Intune does); other platforms on
 * IMEI (each SIM slot) or serial number — and only when they report their OS version, since whether
 * the platform may report those identifiers at all depends on it (docs/collection-rules.md
 * "Ownership").
 */
export function corporateIdentifierCandidates(
  platform: Platform,
  hardware: {
    imei?: string | null;
    imei2?: string | null;
    serialNumber?: string | null;
    manufacturer?: string | null;
    model?: string | null;
    osVersion?: string | null;
  },
): CorporateIdentifierKey[] {
  if (platform === 'windows') {
    const { manufacturer, model, serialNumber } = hardware;
    if (!isPresent(serialNumber) || !isPresent(manufacturer) || !isPresent(model)) return [];
    return [
      {
        kind: 'manufacturerModelSerial',
        value: manufacturerModelSerialKey(manufacturer, model, serialNumber),
      },
    ];
  }
  if (!isPresent(hardware.osVersion)) return [];
  const keys: CorporateIdentifierKey[] = [];
  for (const imei of [hardware.imei, hardware.imei2]) {
    if (isPresent(imei)) keys.push({ kind: 'imei', value: imei });
  }
  if (isPresent(hardware.serialNumber)) {
    keys.push({ kind: 'serialNumber', value: hardware.serialNumber });
  }
  return keys;
}

/** A blank part identifies nothing: it must not match an imported identifier that is blank too. */
const isPresent = (part: string | null | undefined): part is string => !!part && part.trim() !== '';

/** One comparable string for a Windows manufacturer+model+serial identifier (case and spacing insensitive). */
export function manufacturerModelSerialKey(
  manufacturer: string,
  model: string,
  serial: string,
): string {
  const part = (s: string) => s.trim().replace(/\s+/g, ' ').toUpperCase();
  return `${part(manufacturer)}|${part(model)}|${part(serial)}`;
}

/**
 * Ownership at enrollment (docs/collection-rules.md "Ownership"): a corporate identifier match makes the device
 * corporate; otherwise the enrollment type's default; otherwise unknown.
 */
export function decideOwnership(input: {
  enrollmentType: EnrollmentType;
  matchesCorporateIdentifier: boolean;
}): OwnershipDecision {
  if (input.matchesCorporateIdentifier)
    return { ownership: 'corporate', reason: 'corporateIdentifier' };
  const byType = ENROLLMENT_TYPES[input.enrollmentType].ownership as Ownership;
  if (byType === 'unknown') return { ownership: 'unknown', reason: 'undetermined' };
  return { ownership: byType, reason: 'enrollmentType' };
}
