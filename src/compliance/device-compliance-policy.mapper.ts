import { Platform } from '../collection-rules';
import { graphDateTime } from '../graph/graph-values';
import { ResourceDefinition } from '../odata';
import { AppListType, CompliancePolicy, ListedApp } from './compliance-policy.entity';

/** Graph's compliance policy type of each platform. */
export const POLICY_TYPES: Record<Platform, string> = {
  ios: '#microsoft.graph.iosCompliancePolicy',
  android: '#microsoft.graph.androidCompliancePolicy',
  macos: '#microsoft.graph.macOSCompliancePolicy',
  windows: '#microsoft.graph.windows10CompliancePolicy',
};

export const platformOfPolicyType = (odataType: string): Platform | undefined =>
  (Object.keys(POLICY_TYPES) as Platform[]).find(
    (platform) => POLICY_TYPES[platform] === odataType,
  );

/**
 * Graph's compliantAppListType: `appsNotInListCompliant` = the listed apps are prohibited
 * (restricted); `appsInListCompliant` = only the listed apps are allowed (approved).
 */
export const COMPLIANT_APP_LIST_TYPES = ['appsNotInListCompliant', 'appsInListCompliant'] as const;
export type CompliantAppListType = (typeof COMPLIANT_APP_LIST_TYPES)[number];

const TO_APP_LIST_TYPE: Record<CompliantAppListType, AppListType> = {
  appsNotInListCompliant: 'restricted',
  appsInListCompliant: 'approved',
};

export const appListTypeOf = (type: CompliantAppListType): AppListType => TO_APP_LIST_TYPE[type];
export const compliantAppListTypeOf = (type: AppListType): CompliantAppListType =>
  type === 'restricted' ? 'appsNotInListCompliant' : 'appsInListCompliant';

/** Graph's appListItem. */
export interface AppListItem {
  '@odata.type': '#microsoft.graph.appListItem';
  name: string;
  publisher: string | null;
  appStoreUrl: string | null;
  appId: string;
}

export interface DeviceCompliancePolicyView {
  '@odata.type': string;
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  displayName: string;
  description: string | null;
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

export function mapDeviceCompliancePolicy(policy: CompliancePolicy): DeviceCompliancePolicyView {
  return {
    '@odata.type': POLICY_TYPES[policy.platform],
    id: policy.id,
    createdDateTime: graphDateTime(policy.createdAt),
    lastModifiedDateTime: graphDateTime(policy.updatedAt),
    displayName: policy.displayName,
    description: policy.description,
    compliantAppListType: compliantAppListTypeOf(policy.appListType),
    compliantAppsList: policy.apps.map(mapAppListItem),
  };
}

/** A compliance_policy row as a list query selects it (raw columns). */
export interface CompliancePolicyRow {
  id: string;
  platform: Platform;
  display_name: string;
  description: string | null;
  app_list_type: AppListType;
  apps: string;
  created_at: number | string;
  updated_at: number | string;
}

export const mapCompliancePolicyRow = (row: CompliancePolicyRow): DeviceCompliancePolicyView =>
  mapDeviceCompliancePolicy({
    id: row.id,
    tenantId: '',
    platform: row.platform,
    displayName: row.display_name,
    description: row.description,
    appListType: row.app_list_type,
    apps: JSON.parse(row.apps) as ListedApp[],
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  });

/** What `$filter`, `$orderby` and `$select` may use on deviceCompliancePolicies. */
export const DEVICE_COMPLIANCE_POLICIES: ResourceDefinition<CompliancePolicyRow> = {
  name: 'deviceCompliancePolicies',
  key: 'id',
  properties: {
    id: { column: 'p.id', type: 'guid', nullable: false, value: (row) => row.id },
    displayName: {
      column: 'p.display_name',
      type: 'string',
      nullable: false,
      value: (row) => row.display_name,
    },
    description: { column: 'p.description', type: 'string', value: (row) => row.description },
    createdDateTime: {
      column: 'p.created_at',
      type: 'datetime',
      nullable: false,
      value: (row) => row.created_at,
    },
    lastModifiedDateTime: {
      column: 'p.updated_at',
      type: 'datetime',
      nullable: false,
      value: (row) => row.updated_at,
    },
    compliantAppListType: {
      column: 'p.app_list_type',
      type: 'enum',
      nullable: false,
      values: { appsNotInListCompliant: 'restricted', appsInListCompliant: 'approved' },
      value: (row) => row.app_list_type,
    },
    // A list: only for $select.
    compliantAppsList: {
      column: 'p.apps',
      type: 'string',
      filterable: false,
      sortable: false,
      value: (row) => row.apps,
    },
  },
};
