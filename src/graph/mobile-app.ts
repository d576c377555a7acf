import type * as GraphBeta from '@microsoft/microsoft-graph-types-beta';
import type * as Graph from '@microsoft/microsoft-graph-types';
import { Platform } from '../collection-rules';
import type { InstallState } from '../apps/managed-app-install-state.entity';
import type { ManagedApp } from '../apps/managed-app.entity';
import { PropertyDefinition, ResourceDefinition } from '../odata';
import { graphDateTime, GraphVersion } from './graph-values';
import {
  answerAppProperties,
  GraphJson,
  MOBILE_APP_DOCUMENTED_NAMES,
  MOBILE_APP_READ_ONLY,
} from './mobile-apps/mobile-app-properties';

/**
 * mobileApp: a managed_app row (an app the tenant deploys) as Graph's mobileApp, with a derived
 * type per platform so that SDK code switching on `@odata.type` finds the identifier it expects:
 *
 * | platform | @odata.type                               | identifier            |
 * | -------- | ----------------------------------------- | --------------------- |
 * | ios      | #microsoft.graph.iosStoreApp              | bundleId              |
 * | android  | #microsoft.graph.androidManagedStoreApp   | packageId, appIdentifier |
 * | macos    | #microsoft.graph.macOSLobApp              | bundleId              |
 * | windows  | #microsoft.graph.win32LobApp              | fileName (our app id) |
 *
 * The other documented properties (icon, URLs, notes, each type's own, see
 * mobile-apps/mobile-app-properties.ts) carry what the admin set, else Intune's empty values;
 * publishingState is always `published` (a deployed app is published). The large icon is read on
 * a single-app GET only: lists answer null for it, so that a page of apps stays small.
 */
export interface MobileAppRow {
  id: string;
  platform: Platform;
  app_id: string;
  display_name: string;
  publisher: string | null;
  description: string | null;
  created_at: number | string;
  updated_at: number | string;
  /** JSON of the other documented properties (null: none set). */
  graph_properties: string | null;
  /** required, available, or null when not assigned (beta's isAssigned). */
  assignment_intent?: string | null;
  /** JSON of the large icon; only read for a single app (absent in lists). */
  large_icon?: string | null;
}

export const MOBILE_APP_COLUMNS: readonly (keyof MobileAppRow)[] = [
  'id',
  'platform',
  'app_id',
  'display_name',
  'publisher',
  'description',
  'created_at',
  'updated_at',
  'graph_properties',
  'assignment_intent',
];

export const MOBILE_APP_TYPES: Readonly<Record<Platform, string>> = {
  ios: '#microsoft.graph.iosStoreApp',
  android: '#microsoft.graph.androidManagedStoreApp',
  macos: '#microsoft.graph.macOSLobApp',
  windows: '#microsoft.graph.win32LobApp',
};

type AppProperty = PropertyDefinition<MobileAppRow>;
const shownOnly: AppProperty = {
  column: 'NULL',
  type: 'string',
  filterable: false,
  sortable: false,
};

/** The $filter/$orderby/$select whitelist of mobileApps (alias `m` = managed_app). */
export const mobileAppResource: ResourceDefinition<MobileAppRow> = {
  name: 'mobileApps',
  key: 'id',
  properties: {
    id: { column: 'm.id', type: 'guid', nullable: false, value: (row) => row.id },
    displayName: {
      column: 'm.display_name',
      type: 'string',
      nullable: false,
      value: (row) => row.display_name,
    },
    publisher: {
      column: "COALESCE(m.publisher, '')",
      type: 'string',
      nullable: false,
      value: (row) => row.publisher ?? '',
    },
    description: { column: 'm.description', type: 'string', sortable: false },
    createdDateTime: {
      column: 'm.created_at',
      type: 'datetime',
      nullable: false,
      value: (row) => Number(row.created_at),
    },
    lastModifiedDateTime: {
      column: 'm.updated_at',
      type: 'datetime',
      nullable: false,
      value: (row) => Number(row.updated_at),
    },
    bundleId: shownOnly,
    packageId: shownOnly,
    fileName: shownOnly,
    ...Object.fromEntries(
      MOBILE_APP_DOCUMENTED_NAMES.filter(
        (name) => !['id', 'createdDateTime', 'lastModifiedDateTime'].includes(name),
      ).map((name) => [name, shownOnly]),
    ),
  },
  searchColumns: ['m.display_name', 'm.app_id'],
};

export type GraphMobileApp = Graph.MobileApp & {
  '@odata.type': string;
  bundleId?: string;
  packageId?: string;
  appIdentifier?: string;
  fileName?: string;
};

export function toMobileApp(row: MobileAppRow, version: GraphVersion = 'v1.0'): GraphMobileApp {
  const stored = {
    largeIcon: row.large_icon ? (JSON.parse(row.large_icon) as GraphJson) : undefined,
    properties: row.graph_properties
      ? (JSON.parse(row.graph_properties) as Record<string, GraphJson>)
      : {},
    assigned: row.assignment_intent !== null && row.assignment_intent !== undefined,
  };
  const documented = answerAppProperties(row.platform, version === 'beta', stored);
  const app = {
    '@odata.type': MOBILE_APP_TYPES[row.platform],
    id: row.id,
    displayName: row.display_name,
    description: row.description,
    publisher: row.publisher ?? '',
    createdDateTime: graphDateTime(Number(row.created_at)),
    lastModifiedDateTime: graphDateTime(Number(row.updated_at)),
    publishingState: 'published',
    ...documented,
  } as GraphMobileApp;
  switch (row.platform) {
    case 'ios':
    case 'macos':
      return { ...app, bundleId: row.app_id };
    case 'android':
      return { ...app, packageId: row.app_id, appIdentifier: app.appIdentifier ?? row.app_id };
    case 'windows':
      return { ...app, fileName: row.app_id };
  }
}

/** Read-only names a mobileApp body may carry (ignored), for the OpenAPI description. */
export const MOBILE_APP_IGNORED_PROPERTIES = MOBILE_APP_READ_ONLY;

/** The entity as the admin service holds it, for responses of create/assign. */
export function mobileAppRowOf(app: ManagedApp): MobileAppRow {
  return {
    id: app.id,
    platform: app.platform,
    app_id: app.appId,
    display_name: app.displayName,
    publisher: app.publisher,
    description: app.description,
    created_at: app.createdAt,
    updated_at: app.updatedAt,
    graph_properties: app.graphProperties,
    large_icon: app.largeIcon,
    assignment_intent: app.assignmentIntent,
  };
}

/** Devices per reported install state, and the users behind them. */
export interface InstallStateCounts {
  devices: Partial<Record<InstallState, number>>;
  users: Partial<Record<InstallState, number>>;
}

/**
 * A user counts once, under the most pressing state among their devices (failed, then
 * pendingInstall, notInstalled, installed, notApplicable), which gives Graph's definitions:
 * installed users = users whose devices all succeeded; failed users = users with at least one
 * failure; pending users = at least one pending device and no failure.
 */
export const USER_STATE_PRIORITY: readonly InstallState[] = [
  'failed',
  'pendingInstall',
  'notInstalled',
  'installed',
  'notApplicable',
];

/** mobileAppInstallSummary (beta) of one deployed app. */
export function toMobileAppInstallSummary(appId: string, counts: InstallStateCounts) {
  const d = (state: InstallState) => counts.devices[state] ?? 0;
  const u = (state: InstallState) => counts.users[state] ?? 0;
  return {
    id: appId,
    installedDeviceCount: d('installed'),
    failedDeviceCount: d('failed'),
    notApplicableDeviceCount: d('notApplicable'),
    notInstalledDeviceCount: d('notInstalled'),
    pendingInstallDeviceCount: d('pendingInstall'),
    installedUserCount: u('installed'),
    failedUserCount: u('failed'),
    notApplicableUserCount: u('notApplicable'),
    notInstalledUserCount: u('notInstalled'),
    pendingInstallUserCount: u('pendingInstall'),
  } satisfies Required<GraphBeta.MobileAppInstallSummary>;
}
