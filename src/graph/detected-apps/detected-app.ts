import type * as Graph from '@microsoft/microsoft-graph-types';
import { Platform } from '../../rules';
import { PropertyDefinition, ResourceDefinition } from '../odata';
import { int64 } from '../../platform/http/graph-values';

/**
 * detectedApp: an app_catalog row (one app version seen in the tenant, with its maintained device
 * count) as Graph's detectedApp.
 *
 * - id: our catalog key as a string (Intune's ids are opaque strings too); `$filter` on id takes
 *   the number (`id eq 42`).
 * - platform: the catalog is kept per platform, not per Android enrollment flavour, so every Android
 *   app is `androidDedicatedAndFullyManaged` (the enrollment that reports full inventories).
 * - publisher: null when the device did not report one; sizeInByte: 0 when unknown.
 */
export interface DetectedAppRow {
  id: number;
  platform: Platform;
  app_id: string;
  version: string;
  display_name: string;
  publisher: string | null;
  size_in_bytes: number | string | null;
  device_count: number | string;
}

export const DETECTED_APP_COLUMNS: readonly (keyof DetectedAppRow)[] = [
  'id',
  'platform',
  'app_id',
  'version',
  'display_name',
  'publisher',
  'size_in_bytes',
  'device_count',
];

const PLATFORM_TYPES: Readonly<Record<Platform, Graph.DetectedAppPlatformType>> = {
  ios: 'ios',
  android: 'androidDedicatedAndFullyManaged',
  macos: 'macOS',
  windows: 'windows',
};

const PLATFORM_MEMBERS = [
  'unknown',
  'windows',
  'windowsMobile',
  'windowsHolographic',
  'ios',
  'macOS',
  'chromeOS',
  'androidOSP',
  'androidDeviceAdministrator',
  'androidWorkProfile',
  'androidDedicatedAndFullyManaged',
  'unknownFutureValue',
] as const satisfies readonly Graph.DetectedAppPlatformType[];

/** Graph member → stored platform word; members we never store match nothing. */
const PLATFORM_FILTER_VALUES: Record<string, string> = Object.fromEntries(
  PLATFORM_MEMBERS.map((member) => {
    const platform = (Object.keys(PLATFORM_TYPES) as Platform[]).find(
      (p) => PLATFORM_TYPES[p] === member,
    );
    return [member, platform ?? member];
  }),
);

type AppProperty = PropertyDefinition<DetectedAppRow>;

/** The $filter/$orderby/$select whitelist of detectedApps (alias `c` = app_catalog). */
export const detectedAppResource: ResourceDefinition<DetectedAppRow> = {
  name: 'detectedApps',
  key: 'id',
  properties: {
    id: { column: 'c.id', type: 'int', nullable: false, value: (row) => Number(row.id) },
    displayName: {
      column: 'c.display_name',
      type: 'string',
      nullable: false,
      value: (row) => row.display_name,
    },
    version: { column: 'c.version', type: 'string', nullable: false, value: (row) => row.version },
    publisher: { column: 'c.publisher', type: 'string', sortable: false },
    platform: {
      column: 'c.platform',
      type: 'enum',
      enumTypeName: 'microsoft.graph.detectedAppPlatformType',
      values: PLATFORM_FILTER_VALUES,
      nullable: false,
      value: (row) => row.platform,
    },
    sizeInByte: {
      column: 'COALESCE(c.size_in_bytes, 0)',
      type: 'int',
      nullable: false,
      value: (row) => int64(row.size_in_bytes),
    },
    deviceCount: {
      column: 'c.device_count',
      type: 'int',
      nullable: false,
      value: (row) => Number(row.device_count),
    },
  } satisfies Record<keyof ReturnType<typeof toDetectedApp>, AppProperty>,
  searchColumns: ['c.display_name', 'c.app_id'],
};

export function toDetectedApp(row: DetectedAppRow) {
  return {
    id: String(row.id),
    displayName: row.display_name,
    version: row.version,
    sizeInByte: int64(row.size_in_bytes),
    deviceCount: Number(row.device_count),
    publisher: row.publisher,
    platform: PLATFORM_TYPES[row.platform],
  } satisfies Graph.DetectedApp;
}
