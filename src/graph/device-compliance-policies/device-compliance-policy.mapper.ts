import { Platform, PolicyComplianceStatus, StoredComplianceEvaluation } from '../../rules';
import { graphDateTime, GraphVersion } from '../../platform/http/graph-values';
import { ResourceDefinition, versionedPolicyProperties } from '../odata';
import {
  CompliancePolicyAssignment,
  DeviceCompliancePolicy,
} from '../../platform/database/entities/device-compliance-policy.entity';
import { answerPolicySettings } from './compliance-policy-settings';

/** Graph's compliance policy type of each platform. */
export const COMPLIANCE_POLICY_TYPES = {
  ios: '#microsoft.graph.iosCompliancePolicy',
  android: '#microsoft.graph.androidCompliancePolicy',
  macos: '#microsoft.graph.macOSCompliancePolicy',
  windows: '#microsoft.graph.windows10CompliancePolicy',
} as const satisfies Record<Platform, string>;

export const platformOfCompliancePolicyType = (odataType: string): Platform | undefined =>
  (Object.keys(COMPLIANCE_POLICY_TYPES) as Platform[]).find(
    (platform) => COMPLIANCE_POLICY_TYPES[platform] === odataType,
  );

/** Graph's policyPlatformType of each platform (deviceCompliancePolicyState.platformType). */
const POLICY_PLATFORM_TYPES: Record<Platform, string> = {
  ios: 'iOS',
  android: 'android',
  macos: 'macOS',
  windows: 'windows10AndLater',
};

/** Targets an assignment may name; groups do not exist here. */
export const ASSIGNMENT_TARGET_TYPES = {
  allDevices: '#microsoft.graph.allDevicesAssignmentTarget',
  allLicensedUsers: '#microsoft.graph.allLicensedUsersAssignmentTarget',
} as const;

export type DeviceCompliancePolicyView = Record<string, unknown> & {
  '@odata.type': string;
  id: string;
};

export function mapDeviceCompliancePolicy(
  policy: DeviceCompliancePolicy,
  version: GraphVersion,
): DeviceCompliancePolicyView {
  return {
    '@odata.type': COMPLIANCE_POLICY_TYPES[policy.platform],
    id: policy.id,
    createdDateTime: graphDateTime(policy.createdAt),
    description: policy.description,
    lastModifiedDateTime: graphDateTime(policy.updatedAt),
    displayName: policy.displayName,
    version: policy.version,
    // Intune's Default scope tag; the list restricts nothing here (one role model per tenant).
    ...(version === 'beta' ? { roleScopeTagIds: ['0'] } : {}),
    ...answerPolicySettings(policy.platform, policy.settings, version),
  };
}

export function mapAssignment(assignment: CompliancePolicyAssignment) {
  return {
    '@odata.type': '#microsoft.graph.deviceCompliancePolicyAssignment',
    id: assignment.id,
    target: { '@odata.type': ASSIGNMENT_TARGET_TYPES[assignment.targetType] },
  };
}

/** A device_compliance_policy row as a list query selects it (raw columns). */
export interface DeviceCompliancePolicyRow {
  id: string;
  platform: Platform;
  display_name: string;
  description: string | null;
  version: number | string;
  settings: string;
  assignments: string;
  created_at: number | string;
  updated_at: number | string;
}

export const policyOfRow = (row: DeviceCompliancePolicyRow): DeviceCompliancePolicy => ({
  id: row.id,
  tenantId: '',
  platform: row.platform,
  displayName: row.display_name,
  description: row.description,
  version: Number(row.version),
  settings: JSON.parse(row.settings) as DeviceCompliancePolicy['settings'],
  assignments: JSON.parse(row.assignments) as CompliancePolicyAssignment[],
  createdAt: Number(row.created_at),
  updatedAt: Number(row.updated_at),
});

/** What `$filter`, `$orderby` and `$select` may use on deviceCompliancePolicies. */
export const DEVICE_COMPLIANCE_POLICIES: ResourceDefinition<DeviceCompliancePolicyRow> = {
  name: 'deviceCompliancePolicies',
  key: 'id',
  properties: {
    ...versionedPolicyProperties<DeviceCompliancePolicyRow>(),
  },
};

/** A device as deviceStatuses reads it (raw columns). */
export interface DeviceStatusRow {
  id: string;
  device_name: string;
  managed_device_name: string | null;
  user_display_name: string | null;
  user_principal_name: string | null;
  model: string;
  last_checkin_at: number | string;
  compliance_policy_states: string | null;
}

/** The state of one policy in a device's stored evaluation: unknown until evaluated at its version. */
export function policyStateOn(
  stored: string | null,
  policy: { id: string; version: number },
): {
  state: PolicyComplianceStatus;
  evaluation: StoredComplianceEvaluation['policies'][number] | null;
} {
  const evaluation = stored
    ? ((JSON.parse(stored) as StoredComplianceEvaluation).policies.find(
        (result) => result.policyId === policy.id && result.version === policy.version,
      ) ?? null)
    : null;
  return { state: evaluation?.state ?? 'unknown', evaluation };
}

export const mapDeviceStatus =
  (policy: { id: string; version: number }) => (row: DeviceStatusRow) => ({
    '@odata.type': '#microsoft.graph.deviceComplianceDeviceStatus',
    id: row.id,
    deviceDisplayName: row.managed_device_name ?? row.device_name,
    userName: row.user_display_name ?? '',
    deviceModel: row.model,
    // No grace period runs (scheduledActionsForRule is accepted and ignored): written as Intune
    // writes it, as managedDevice does (src/graph/managed-devices/managed-device.ts).
    complianceGracePeriodExpirationDateTime: '9999-12-31T23:59:59Z',
    status: policyStateOn(row.compliance_policy_states, policy).state,
    lastReportedDateTime: graphDateTime(Number(row.last_checkin_at)),
    userPrincipalName: row.user_principal_name ?? '',
  });

/** What `$filter`, `$orderby` and `$select` may use on a policy's deviceStatuses. */
export const DEVICE_STATUSES: ResourceDefinition<DeviceStatusRow> = {
  name: 'deviceStatuses',
  key: 'id',
  properties: {
    id: { column: 'd.id', type: 'guid', nullable: false, value: (row) => row.id },
    deviceDisplayName: {
      column: 'd.device_name',
      type: 'string',
      nullable: false,
      value: (row) => row.device_name,
    },
    userName: {
      column: 'd.user_display_name',
      type: 'string',
      value: (row) => row.user_display_name,
    },
    deviceModel: { column: 'd.model', type: 'string', nullable: false, value: (row) => row.model },
    lastReportedDateTime: {
      column: 'd.last_checkin_at',
      type: 'datetime',
      nullable: false,
      value: (row) => row.last_checkin_at,
    },
    userPrincipalName: {
      column: 'd.user_principal_name',
      type: 'string',
      value: (row) => row.user_principal_name,
    },
    // Computed from the device's stored evaluation: answered and selectable only.
    status: {
      column: 'd.compliance_policy_states',
      type: 'string',
      filterable: false,
      sortable: false,
    },
    complianceGracePeriodExpirationDateTime: {
      column: 'd.last_checkin_at',
      type: 'datetime',
      filterable: false,
      sortable: false,
    },
  },
};

/** beta deviceCompliancePolicyState: one applying policy's result on one device. */
export function mapPolicyState(
  policy: DeviceCompliancePolicy,
  stored: string | null,
  user: { userPrincipalName: string | null; userDisplayName: string | null; email: string | null },
) {
  const { state, evaluation } = policyStateOn(stored, policy);
  const settings = evaluation?.settings ?? [];
  return {
    '@odata.type': '#microsoft.graph.deviceCompliancePolicyState',
    id: policy.id,
    displayName: policy.displayName,
    version: policy.version,
    platformType: POLICY_PLATFORM_TYPES[policy.platform],
    state,
    settingCount: settings.length,
    settingStates: settings.map((setting) => ({
      '@odata.type': '#microsoft.graph.deviceCompliancePolicySettingState',
      setting: `${COMPLIANCE_POLICY_TYPES[policy.platform].slice('#microsoft.graph.'.length)}.${setting.setting}`,
      settingName: setting.setting,
      instanceDisplayName: null,
      state: setting.state,
      errorCode: 0,
      errorDescription: null,
      userId: null,
      userName: user.userDisplayName,
      userEmail: user.email,
      userPrincipalName: user.userPrincipalName,
      sources: [],
      currentValue: setting.currentValue,
    })),
  };
}
