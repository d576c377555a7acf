import { Static, TSchema, Type } from '@sinclair/typebox';
import { INSTALL_STATES } from '../../platform/database/entities/managed-app-install-state.entity';
import { ENROLLMENT_TYPE_NAMES, PLATFORMS } from '../../rules';

/**
 * The JSON device channel's messages: one JSON Schema each, compiled once (message-validator.ts).
 * It validates the body before the handler runs, words every refusal and is the OpenAPI document's
 * request body — there is no second description of these bodies. Keywords of our own (checked by
 * the same predicates as everywhere else, see message-validator.ts): `deviceText` (non-empty text
 * without control characters), `deviceIdentifier` (a hardware identifier's format and check
 * digits), `reportedDateTime` (a device's clock, within a window) and `problem` (the words of a
 * refusal where the keyword's own would be vague).
 */

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * The most apps MAX_APPS_PER_CHECKIN may allow. The configured limit (2,000 by default: a developer
 * workstation's full program list) is enforced with a 413 before the body is validated.
 */
export const MAX_APPS_PER_CHECK_IN = 20000;

export const DIAGNOSTIC_EVENT_TYPES = [
  'crash',
  'checkInLatency',
  'enrollmentFailure',
  'storageHealth',
  'batteryHealth',
] as const;

export type IdentifierKind =
  | 'serialNumber'
  | 'imei'
  | 'meid'
  | 'iccid'
  | 'eid'
  | 'udid'
  | 'macAddress'
  | 'e164PhoneNumber'
  | 'ipAddress'
  | 'androidId'
  | 'windowsDeviceId';

/** `null` allowed besides the schema's own type: an optional field sent as null means "absent". */
function nullable<T extends TSchema>(schema: T) {
  const nullableSchema: Record<string, unknown> = { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.enum)) nullableSchema.enum = [...(schema.enum as unknown[]), null];
  return Type.Unsafe<Static<T> | null>(nullableSchema);
}

const text = (maxLength: number) => Type.String({ maxLength, deviceText: maxLength });
const optionalText = (maxLength: number) => Type.Optional(nullable(text(maxLength)));
const identifier = (kind: IdentifierKind) =>
  Type.Optional(nullable(Type.String({ maxLength: 128, deviceIdentifier: kind })));
const byteCount = () => Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: MAX_SAFE })));
const reportedDateTime = (maxAgeDays: number) =>
  Type.String({ format: 'date-time', reportedDateTime: maxAgeDays });
const oneOf = <T extends string>(values: readonly T[], problem?: string) =>
  Type.Unsafe<T>({
    type: 'string',
    enum: [...values],
    problem: problem ?? `must be one of ${values.join(', ')}`,
  });
const id = (problem: string) =>
  Type.String({
    pattern:
      '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$',
    problem,
  });
const closed = { additionalProperties: false } as const;

/**
 * Hardware identifiers shared by enrollment and check-in. Optional identifiers may be `null` on
 * check-in to say "no longer present" (a SIM taken out). Which fields a platform may send at all is
 * decided by the collection rules (findFieldNotOnPlatform), not here; serials and UDIDs have
 * per-platform formats that are checked there too, so here they are only bounded.
 */
const hardwareIdentifiers = {
  /** Some devices report an empty serial (VMs, white-box PCs): it is kept as absent, not refused. */
  serialNumber: identifier('serialNumber'),
  imei: identifier('imei'),
  imei2: identifier('imei'),
  meid: identifier('meid'),
  iccid: identifier('iccid'),
  eid: identifier('eid'),
  udid: identifier('udid'),
  wiFiMacAddress: identifier('macAddress'),
  ethernetMacAddress: identifier('macAddress'),
  phoneNumber: identifier('e164PhoneNumber'),
  subscriberCarrier: optionalText(128),
  ipAddress: identifier('ipAddress'),
  totalStorageSpaceInBytes: byteCount(),
  freeStorageSpaceInBytes: byteCount(),
  physicalMemoryInBytes: byteCount(),
  appleId: optionalText(320),
  androidId: identifier('androidId'),
  windowsDeviceId: identifier('windowsDeviceId'),
};

/** At enrollment the descriptive fields are required. */
export const EnrollmentHardware = Type.Object(
  {
    ...hardwareIdentifiers,
    deviceName: text(256),
    manufacturer: text(128),
    model: text(128),
    osVersion: text(64),
  },
  closed,
);

/** At check-in every field is optional; the descriptive ones can change but not be cleared. */
export const CheckInHardware = Type.Object(
  {
    ...hardwareIdentifiers,
    deviceName: Type.Optional(text(256)),
    manufacturer: Type.Optional(text(128)),
    model: Type.Optional(text(128)),
    osVersion: Type.Optional(text(64)),
  },
  closed,
);
export type CheckInHardware = Static<typeof CheckInHardware>;

const userPrincipalName = (problem: string) =>
  Type.String({ format: 'email', maxLength: 320, problem });

/** The device's user: required data for every device (docs/collection-rules.md "Phone number, location, diagnostics"). */
const EnrollingUser = Type.Object(
  {
    userPrincipalName: userPrincipalName('must be a user principal name such as user@contoso.com'),
    displayName: optionalText(256),
    emailAddress: Type.Optional(nullable(userPrincipalName('must be an e-mail address'))),
  },
  closed,
);

export const EnrollRequest = Type.Object(
  {
    platform: oneOf(PLATFORMS),
    enrollmentType: oneOf(ENROLLMENT_TYPE_NAMES, 'is not a known enrollment type'),
    /** Absent for userless enrollments (dedicated devices, bulk enrollment without user affinity). */
    user: Type.Optional(nullable(EnrollingUser)),
    hardware: EnrollmentHardware,
  },
  closed,
);
export type EnrollRequest = Static<typeof EnrollRequest>;

export const ReportedApp = Type.Object(
  {
    /** Bundle id (Apple), package name (Android), product code or program name (Windows). */
    appId: text(256),
    displayName: text(256),
    version: text(128),
    publisher: optionalText(256),
    sizeInBytes: byteCount(),
    installLocation: optionalText(1024),
    /** Android only: which profile the app lives in on a work-profile device. */
    profile: Type.Optional(nullable(oneOf(['work', 'personal'] as const))),
  },
  closed,
);
export type ReportedApp = Static<typeof ReportedApp>;

const InstallStateReport = Type.Object(
  {
    mobileAppId: id('must be the id of one of the tenant’s deployed apps'),
    state: oneOf(INSTALL_STATES),
    errorCode: optionalText(64),
  },
  closed,
);
export type InstallStateReport = Static<typeof InstallStateReport>;

const coordinate = (limit: number) => Type.Number({ minimum: -limit, maximum: limit });

const ReportedLocation = Type.Object(
  {
    latitude: coordinate(90),
    longitude: coordinate(180),
    accuracyInMeters: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1e7 }))),
    observedDateTime: Type.Optional(nullable(reportedDateTime(7))),
  },
  closed,
);

const CommandResult = Type.Object(
  {
    commandId: id('must be the id of a command delivered to this device'),
    status: oneOf(['done', 'failed'] as const, 'must be done or failed'),
    errorDetail: optionalText(500),
    /** Only as the answer of a corporate device to locateDevice (docs/collection-rules.md "Phone number, location, diagnostics"). */
    location: Type.Optional(nullable(ReportedLocation)),
  },
  closed,
);
export type CommandResult = Static<typeof CommandResult>;

/**
 * One optional diagnostic event (docs/collection-rules.md "Phone number, location, diagnostics"). Kept only when the tenant has diagnostics
 * on, and then pseudonymized: the type, the time and the number are stored; `detail` is free text
 * that could carry anything (a device name, a path with a user name), so it is never stored.
 */
const DiagnosticEvent = Type.Object(
  {
    type: oneOf(DIAGNOSTIC_EVENT_TYPES),
    occurredDateTime: reportedDateTime(90),
    /** checkInLatency: milliseconds; storageHealth: free space in percent; batteryHealth: capacity in percent. */
    value: Type.Optional(nullable(Type.Number({ minimum: 0, maximum: 1e12 }))),
    detail: optionalText(500),
  },
  closed,
);
export type DiagnosticEvent = Static<typeof DiagnosticEvent>;

/**
 * The device's own security state (docs/device-channel.md "Security state"), evaluated against the
 * tenant's compliance policies; which fields a platform may send is decided by the rules
 * (securityFieldNotOnPlatform).
 */
const flag = () => Type.Optional(nullable(Type.Boolean()));
export const SecurityState = Type.Object(
  {
    passcodePresent: flag(),
    passcodeMinimumLength: Type.Optional(nullable(Type.Integer({ minimum: 0, maximum: 64 }))),
    storageEncrypted: flag(),
    jailBroken: flag(),
    securityPatchLevel: Type.Optional(
      nullable(
        Type.String({
          pattern: '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])$',
          problem: 'must be a date YYYY-MM-DD, as Android reports its security patch level',
        }),
      ),
    ),
    bitLockerEnabled: flag(),
    secureBootEnabled: flag(),
    codeIntegrityEnabled: flag(),
    systemIntegrityProtectionEnabled: flag(),
    firewallEnabled: flag(),
  },
  closed,
);
export type SecurityState = Static<typeof SecurityState>;

const listOf = <T extends TSchema>(item: T, maxItems: number) =>
  Type.Optional(nullable(Type.Array(item, { maxItems })));

export const CheckInRequest = Type.Object(
  {
    /** Increases by one per check-in; a retry repeats it and is answered from the receipt. */
    sequence: Type.Integer({ minimum: 1, maximum: MAX_SAFE }),
    hardware: Type.Optional(nullable(CheckInHardware)),
    /** The full app inventory; omit it and send appInventoryHash when nothing changed. */
    apps: listOf(ReportedApp, MAX_APPS_PER_CHECK_IN),
    /** sha256 (hex) of the inventory the device would send, computed by appInventoryHash(). */
    appInventoryHash: Type.Optional(
      nullable(
        Type.String({ pattern: '^[0-9a-f]{64}$', problem: 'must be a lower-case hex SHA-256' }),
      ),
    ),
    installStates: listOf(InstallStateReport, 500),
    commandResults: listOf(CommandResult, 100),
    diagnostics: listOf(DiagnosticEvent, 200),
    security: Type.Optional(nullable(SecurityState)),
  },
  closed,
);
export type CheckInRequest = Static<typeof CheckInRequest>;
