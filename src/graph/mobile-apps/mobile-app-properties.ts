import { Platform } from '../../collection-rules';
import { isText } from '../../common/validation';

/**
 * The documented properties of Graph's mobileApp and of the four platform types we serve, beyond
 * the ones with their own columns (displayName, description, publisher, and the app id:
 * bundleId/packageId/fileName). None of them changes what a device reports or what is collected:
 * they are kept as given (validated, bounded) and answered back, with Graph's empty value when
 * never set. See docs/graph-properties.md.
 *
 * Sources: Microsoft Graph's iosStoreApp, androidManagedStoreApp, macOSLobApp, win32LobApp and
 * mobileApp resource pages (v1.0 and beta).
 */
export type GraphJson =
  string | number | boolean | null | GraphJson[] | { [key: string]: GraphJson };

type Kind =
  /** Plain text, at most 2,000 characters. */
  | 'text'
  /** An absolute http(s) URL, at most 2,048 characters. */
  | 'url'
  | 'boolean'
  /** A whole number from 0 to 2^53. */
  | 'count'
  /** A list of at most 100 texts of at most 256 characters. */
  | 'textList'
  /** An object whose members are booleans, e.g. iosMinimumOperatingSystem `{ "v15_0": true }`. */
  | 'flags'
  /** mimeContent: `{ "type": "image/png", "value": "<base64>" }`. */
  | 'mimeContent'
  /** A documented complex value (rules, return codes, …) kept as given, at most 16 KiB of JSON. */
  | 'document';

interface DocumentedProperty {
  kind: Kind;
  /** What Graph answers when the property was never set. */
  empty: GraphJson;
  /** Answered only on /beta (it is not in v1.0's schema). */
  betaOnly?: true;
}

const text = (empty: GraphJson = ''): DocumentedProperty => ({ kind: 'text', empty });
const url: DocumentedProperty = { kind: 'url', empty: null };
const flag: DocumentedProperty = { kind: 'boolean', empty: false };
const count = (empty: number | null = 0): DocumentedProperty => ({ kind: 'count', empty });
const flags: DocumentedProperty = { kind: 'flags', empty: null };
const document = (empty: GraphJson): DocumentedProperty => ({ kind: 'document', empty });

/** The large icon: its own column, since it can be large (base64 of an image). */
export const LARGE_ICON = 'largeIcon';

/** Writable properties every mobileApp type has. */
const MOBILE_APP: Readonly<Record<string, DocumentedProperty>> = {
  [LARGE_ICON]: { kind: 'mimeContent', empty: null },
  isFeatured: flag,
  privacyInformationUrl: url,
  informationUrl: url,
  owner: text(),
  developer: text(),
  notes: text(),
  // Scope tags restrict which admins see an app in Intune; we have one role model per tenant, so
  // the list is kept and answered but restricts nothing. "0" is Intune's Default tag.
  roleScopeTagIds: { kind: 'textList', empty: ['0'], betaOnly: true },
};

/** Writable properties of each platform's type (its app id property excluded). */
const PLATFORM_TYPE: Readonly<Record<Platform, Readonly<Record<string, DocumentedProperty>>>> = {
  ios: {
    appStoreUrl: url,
    applicableDeviceType: flags,
    minimumSupportedOperatingSystem: flags,
  },
  android: {
    appIdentifier: text(null),
    usedLicenseCount: count(),
    totalLicenseCount: count(),
    appStoreUrl: url,
    isPrivate: flag,
    isSystemApp: flag,
    supportsOemConfig: flag,
  },
  macos: {
    committedContentVersion: text(null),
    fileName: text(null),
    size: count(),
    minimumSupportedOperatingSystem: flags,
    buildNumber: text(null),
    versionNumber: text(null),
    childApps: document([]),
    md5HashChunkSize: count(),
    md5Hash: { kind: 'textList', empty: [] },
    ignoreVersionDetection: flag,
    installAsManaged: flag,
  },
  windows: {
    committedContentVersion: text(null),
    size: count(),
    installCommandLine: text(null),
    uninstallCommandLine: text(null),
    applicableArchitectures: text('none'),
    minimumFreeDiskSpaceInMB: count(null),
    minimumMemoryInMB: count(null),
    minimumNumberOfProcessors: count(null),
    minimumCpuSpeedInMHz: count(null),
    rules: document([]),
    installExperience: document(null),
    returnCodes: document([]),
    msiInformation: document(null),
    setupFilePath: text(null),
    minimumSupportedWindowsRelease: text(null),
  },
};

/**
 * Documented read-only properties (and `publishingState`, which Intune sets itself as content is
 * uploaded): accepted in a body and ignored, as Graph does, so that an object read and sent back
 * unchanged is accepted.
 */
export const MOBILE_APP_READ_ONLY: readonly string[] = [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'publishingState',
  'uploadState',
  'isAssigned',
  'dependentAppCount',
  'supersedingAppCount',
  'supersededAppCount',
];

/** Every name a mobileApp body may carry besides `@odata.type`, the columns and the app id. */
export const MOBILE_APP_DOCUMENTED_NAMES: readonly string[] = [
  ...new Set([
    ...Object.keys(MOBILE_APP),
    ...Object.values(PLATFORM_TYPE).flatMap((type) => Object.keys(type)),
    ...MOBILE_APP_READ_ONLY,
  ]),
];

function documentedFor(platform: Platform): Readonly<Record<string, DocumentedProperty>> {
  return { ...MOBILE_APP, ...PLATFORM_TYPE[platform] };
}

/** The properties of one app as stored: the large icon apart, everything else together. */
export interface StoredAppProperties {
  largeIcon?: GraphJson;
  properties: Record<string, GraphJson>;
}

export type PropertyProblem = { property: string; message: string };

const MAX_TEXT = 2000;
const MAX_URL = 2048;
const MAX_LIST = 100;
const MAX_DOCUMENT_BYTES = 16 * 1024;
/** An icon of up to ~750 KB (base64 is 4/3 of the bytes); the body limit bounds it anyway. */
const MAX_ICON_CHARS = 1024 * 1024;

/**
 * The documented properties in `body` for an app of `platform`, checked: a property of another
 * platform's type is refused (naming the type that has it), read-only ones are dropped.
 * Pure; the caller turns a problem into a 400.
 */
export function readAppProperties(
  platform: Platform,
  odataType: string,
  body: Readonly<Record<string, unknown>>,
  /** The type's app id property (its own column), e.g. win32LobApp's fileName. */
  idProperty: string,
): StoredAppProperties | PropertyProblem {
  const documented = documentedFor(platform);
  const result: StoredAppProperties = { properties: {} };
  for (const name of MOBILE_APP_DOCUMENTED_NAMES) {
    const value = body[name];
    if (value === undefined || name === idProperty || MOBILE_APP_READ_ONLY.includes(name)) continue;
    const property = Object.hasOwn(documented, name) ? documented[name] : undefined;
    if (!property) {
      return { property: name, message: `is not a property of ${odataType}` };
    }
    const problem = checkValue(property.kind, value);
    if (problem) return { property: name, message: problem };
    if (name === LARGE_ICON) result.largeIcon = withoutODataType(value as GraphJson);
    else result.properties[name] = value as GraphJson;
  }
  return result;
}

export const isPropertyProblem = (
  value: StoredAppProperties | PropertyProblem,
): value is PropertyProblem => 'message' in value;

/** The documented properties of a stored app, as Graph answers them (stored value or empty). */
export function answerAppProperties(
  platform: Platform,
  beta: boolean,
  stored: {
    largeIcon: GraphJson | undefined;
    properties: Readonly<Record<string, GraphJson>>;
    assigned: boolean;
  },
): Record<string, GraphJson> {
  // beta's read-only counters: we keep no dependency or supersedence between apps.
  const answer: Record<string, GraphJson> = beta
    ? {
        uploadState: 0,
        isAssigned: stored.assigned,
        dependentAppCount: 0,
        supersedingAppCount: 0,
        supersededAppCount: 0,
      }
    : {};
  for (const [name, property] of Object.entries(documentedFor(platform))) {
    if (property.betaOnly && !beta) continue;
    if (name === LARGE_ICON) {
      answer[name] = stored.largeIcon
        ? { '@odata.type': 'microsoft.graph.mimeContent', ...(stored.largeIcon as object) }
        : null;
      continue;
    }
    answer[name] = Object.hasOwn(stored.properties, name)
      ? stored.properties[name]
      : property.empty;
  }
  return answer;
}

function checkValue(kind: Kind, value: unknown): string | undefined {
  if (value === null)
    return kind === 'boolean' || kind === 'count' ? 'must not be null' : undefined;
  switch (kind) {
    case 'text':
      return typeof value === 'string' && (value === '' || isText(value, MAX_TEXT))
        ? undefined
        : `must be a string of at most ${MAX_TEXT} characters without control characters`;
    case 'url':
      return isHttpUrl(value)
        ? undefined
        : `must be an http or https URL of at most ${MAX_URL} characters`;
    case 'boolean':
      return typeof value === 'boolean' ? undefined : 'must be true or false';
    case 'count':
      return Number.isSafeInteger(value) && (value as number) >= 0
        ? undefined
        : 'must be a whole number, 0 or more';
    case 'textList':
      return Array.isArray(value) &&
        value.length <= MAX_LIST &&
        value.every((item) => isText(item, 256))
        ? undefined
        : `must be a list of at most ${MAX_LIST} strings`;
    case 'flags':
      return isPlainObject(value) &&
        Object.keys(value).length <= 64 &&
        Object.entries(value).every(
          ([key, flag]) =>
            (key === '@odata.type' && typeof flag === 'string') ||
            (/^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key) && typeof flag === 'boolean'),
        )
        ? undefined
        : 'must be an object of true/false members';
    case 'mimeContent':
      return isPlainObject(value) &&
        Object.keys(value).every((key) => ['@odata.type', 'type', 'value'].includes(key)) &&
        (value.type === undefined || value.type === null || isText(value.type, 256)) &&
        typeof value.value === 'string' &&
        value.value.length <= MAX_ICON_CHARS &&
        /^[A-Za-z0-9+/]*={0,2}$/.test(value.value)
        ? undefined
        : 'must be a mimeContent: { "type": "<media type>", "value": "<base64>" }';
    case 'document':
      return isBoundedDocument(value)
        ? undefined
        : `must be an object or a list of at most ${MAX_DOCUMENT_BYTES} bytes of JSON`;
  }
}

function isHttpUrl(value: unknown): boolean {
  if (typeof value !== 'string' || value.length > MAX_URL || !isText(value, MAX_URL)) return false;
  try {
    const parsed = new URL(value);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:';
  } catch {
    return false;
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function isBoundedDocument(value: unknown): boolean {
  if (!isPlainObject(value) && !Array.isArray(value)) return false;
  return Buffer.byteLength(JSON.stringify(value)) <= MAX_DOCUMENT_BYTES && depth(value) <= 6;
}

function depth(value: unknown): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depth));
  if (isPlainObject(value)) return 1 + Math.max(0, ...Object.values(value).map(depth));
  return 0;
}

function withoutODataType(value: GraphJson): GraphJson {
  if (!isPlainObject(value)) return value;
  const rest = { ...value };
  delete rest['@odata.type'];
  return rest as GraphJson;
}
