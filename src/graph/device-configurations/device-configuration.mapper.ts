import { Platform } from '../../rules';
import { graphDateTime } from '../../platform/http/graph-values';
import { ResourceDefinition, versionedPolicyProperties } from '../odata';
import { DeviceConfiguration } from '../../platform/database/entities/device-configuration.entity';
import { CompliantAppListType, ListedApp } from '../../rules';

/**
 * Graph's device restriction profile type of each platform that has a compliant-app list; Windows
 * 10's general configuration has none (docs/collection-rules.md "Apps").
 */
export const CONFIGURATION_TYPES = {
  ios: '#microsoft.graph.iosGeneralDeviceConfiguration',
  android: '#microsoft.graph.androidGeneralDeviceConfiguration',
  macos: '#microsoft.graph.macOSGeneralDeviceConfiguration',
} as const satisfies Partial<Record<Platform, string>>;

export type ConfigurationPlatform = keyof typeof CONFIGURATION_TYPES;

export const platformOfConfigurationType = (odataType: string): ConfigurationPlatform | undefined =>
  (Object.keys(CONFIGURATION_TYPES) as ConfigurationPlatform[]).find(
    (platform) => CONFIGURATION_TYPES[platform] === odataType,
  );

/** Graph's appListItem. */
export interface AppListItem {
  '@odata.type': '#microsoft.graph.appListItem';
  name: string;
  publisher: string | null;
  appStoreUrl: string | null;
  appId: string;
}

export interface DeviceConfigurationView {
  '@odata.type': string;
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  displayName: string;
  description: string | null;
  version: number;
  compliantAppListType: CompliantAppListType;
  compliantAppsList: AppListItem[];
}

export function mapAppListItem(app: ListedApp): AppListItem {
  return {
    '@odata.type': '#microsoft.graph.appListItem',
    name: app.displayName ?? app.appId,
    publisher: app.publisher ?? null,
    appStoreUrl: app.appStoreUrl ?? null,
    appId: app.appId,
  };
}

export function mapDeviceConfiguration(
  configuration: DeviceConfiguration,
): DeviceConfigurationView {
  return {
    '@odata.type': CONFIGURATION_TYPES[configuration.platform as ConfigurationPlatform],
    id: configuration.id,
    createdDateTime: graphDateTime(configuration.createdAt),
    lastModifiedDateTime: graphDateTime(configuration.updatedAt),
    displayName: configuration.displayName,
    description: configuration.description,
    version: configuration.version,
    compliantAppListType: configuration.compliantAppListType,
    compliantAppsList: configuration.compliantAppsList.map(mapAppListItem),
  };
}

/** A device_configuration row as a list query selects it (raw columns). */
export interface DeviceConfigurationRow {
  id: string;
  platform: Platform;
  display_name: string;
  description: string | null;
  version: number | string;
  compliant_app_list_type: CompliantAppListType;
  compliant_apps_list: string;
  created_at: number | string;
  updated_at: number | string;
}

export const mapDeviceConfigurationRow = (row: DeviceConfigurationRow): DeviceConfigurationView =>
  mapDeviceConfiguration({
    id: row.id,
    tenantId: '',
    platform: row.platform,
    displayName: row.display_name,
    description: row.description,
    version: Number(row.version),
    compliantAppListType: row.compliant_app_list_type,
    compliantAppsList: JSON.parse(row.compliant_apps_list) as ListedApp[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });

/** What `$filter`, `$orderby` and `$select` may use on deviceConfigurations. */
export const DEVICE_CONFIGURATIONS: ResourceDefinition<DeviceConfigurationRow> = {
  name: 'deviceConfigurations',
  key: 'id',
  properties: {
    ...versionedPolicyProperties<DeviceConfigurationRow>(),
    compliantAppListType: {
      column: 'p.compliant_app_list_type',
      type: 'enum',
      nullable: false,
      values: {
        none: 'none',
        appsInListCompliant: 'appsInListCompliant',
        appsNotInListCompliant: 'appsNotInListCompliant',
      },
      value: (row) => row.compliant_app_list_type,
    },
    // A list: only for $select.
    compliantAppsList: {
      column: 'p.compliant_apps_list',
      type: 'string',
      filterable: false,
      sortable: false,
      value: (row) => row.compliant_apps_list,
    },
  },
};
