import { AppleEnrollmentKind, MdmPayload } from '../contract/apple-mdm';
import { encodePlist, PlistValue } from '../contract/apple-plist';
import { IssuedIdentity } from './identity';

/** The MDM payload's identifier: what RemoveProfile names to end management (retire). */
export const MDM_PAYLOAD_IDENTIFIER = 'com.deviceinventorycollector.mdm';

/** Every right Apple defines (1–4096 summed): the server asks only for inventory, but may lock or erase. */
const ALL_ACCESS_RIGHTS = 8191;

export interface ProfileRequest {
  kind: AppleEnrollmentKind;
  enrollmentId: string;
  topic: string;
  serverUrl: string;
  checkInUrl: string;
  identity: IssuedIdentity;
  /** User Enrollment: the Managed Apple ID the enrollment is for. */
  managedAppleId: string | null;
}

/**
 * The `.mobileconfig` a device installs to enroll: the device identity (PKCS#12) and the
 * `com.apple.mdm` payload that names the server, the check-in URL and which identity signs messages
 * (Apple's schema: mdm/profiles/com.apple.mdm.yaml). Under User Enrollment AccessRights is ignored
 * by the device and the Managed Apple ID is required.
 */
export function enrollmentProfile(request: ProfileRequest): string {
  const identityUuid = uuidFrom(request.enrollmentId, 'identity');
  const mdm: MdmPayload & Record<string, PlistValue> = {
    PayloadType: 'com.apple.mdm',
    ServerURL: request.serverUrl,
    CheckInURL: request.checkInUrl,
    Topic: request.topic,
    IdentityCertificateUUID: identityUuid,
    SignMessage: true,
    CheckOutWhenRemoved: true,
    ServerCapabilities: ['com.apple.mdm.per-user-connections'],
    ...(request.kind === 'user'
      ? { ManagedAppleID: request.managedAppleId ?? '', EnrollmentMode: 'BYOD' as const }
      : { AccessRights: ALL_ACCESS_RIGHTS }),
  };
  return encodePlist({
    PayloadType: 'Configuration',
    PayloadVersion: 1,
    PayloadIdentifier: 'com.deviceinventorycollector.enrollment',
    PayloadUUID: uuidFrom(request.enrollmentId, 'profile'),
    PayloadDisplayName: 'Device Inventory Collector',
    PayloadDescription: 'Enrolls this device in device management.',
    PayloadScope: 'System',
    PayloadContent: [
      {
        PayloadType: 'com.apple.security.pkcs12',
        PayloadVersion: 1,
        PayloadIdentifier: `${MDM_PAYLOAD_IDENTIFIER}.identity`,
        PayloadUUID: identityUuid,
        PayloadDisplayName: 'Device identity',
        PayloadContent: request.identity.pkcs12,
        Password: request.identity.password,
      },
      {
        ...mdm,
        PayloadVersion: 1,
        PayloadIdentifier: MDM_PAYLOAD_IDENTIFIER,
        PayloadUUID: uuidFrom(request.enrollmentId, 'mdm'),
        PayloadDisplayName: 'Device management',
      },
    ],
  });
}

/** Stable payload UUIDs per enrollment, so that a profile fetched twice is the same profile. */
function uuidFrom(enrollmentId: string, role: 'profile' | 'identity' | 'mdm'): string {
  const suffix = { profile: '0', identity: '1', mdm: '2' }[role];
  return `${enrollmentId.slice(0, 35)}${suffix}`.toUpperCase();
}
