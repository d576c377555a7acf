/**
 * Graph application permissions (app roles) and the one table saying which of them each Graph route
 * accepts. Every row is the "Application" line of the route's permission table in Microsoft's Graph
 * reference (api-reference/{v1.0,beta}/api/intune-*.md, named beside each row); a route accepts any
 * permission its table lists. Routes that are ours alone (`/admin/...`) have no row: an application
 * may not call them, only an admin token may. See docs/graph-api.md.
 */
export const GRAPH_APPLICATION_PERMISSIONS = [
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
  'DeviceManagementManagedDevices.PrivilegedOperations.All',
  'DeviceManagementApps.Read.All',
  'DeviceManagementApps.ReadWrite.All',
  'DeviceManagementConfiguration.Read.All',
  'DeviceManagementConfiguration.ReadWrite.All',
  'DeviceManagementServiceConfig.Read.All',
  'DeviceManagementServiceConfig.ReadWrite.All',
] as const;
export type GraphApplicationPermission = (typeof GRAPH_APPLICATION_PERMISSIONS)[number];

export const isGraphApplicationPermission = (name: string): name is GraphApplicationPermission =>
  (GRAPH_APPLICATION_PERMISSIONS as readonly string[]).includes(name);

type Permissions = readonly GraphApplicationPermission[];

const DEVICES_READ: Permissions = [
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
];
const DEVICES_WRITE: Permissions = ['DeviceManagementManagedDevices.ReadWrite.All'];
const PRIVILEGED: Permissions = ['DeviceManagementManagedDevices.PrivilegedOperations.All'];
const APPS_READ: Permissions = [
  'DeviceManagementApps.Read.All',
  'DeviceManagementApps.ReadWrite.All',
];
const APPS_WRITE: Permissions = ['DeviceManagementApps.ReadWrite.All'];
const CONFIGURATION_READ: Permissions = [
  'DeviceManagementConfiguration.Read.All',
  'DeviceManagementConfiguration.ReadWrite.All',
];
const CONFIGURATION_WRITE: Permissions = ['DeviceManagementConfiguration.ReadWrite.All'];
const SERVICE_CONFIG_READ: Permissions = [
  'DeviceManagementServiceConfig.Read.All',
  'DeviceManagementServiceConfig.ReadWrite.All',
];
const SERVICE_CONFIG_WRITE: Permissions = ['DeviceManagementServiceConfig.ReadWrite.All'];
const REPORTS_WRITE: Permissions = [
  'DeviceManagementConfiguration.ReadWrite.All',
  'DeviceManagementApps.ReadWrite.All',
  'DeviceManagementManagedDevices.ReadWrite.All',
];
const REPORTS_READ: Permissions = [
  ...REPORTS_WRITE,
  'DeviceManagementConfiguration.Read.All',
  'DeviceManagementApps.Read.All',
  'DeviceManagementManagedDevices.Read.All',
];

/**
 * `METHOD /route` (Fastify's route pattern without the version segment) → the application
 * permissions Graph accepts for it.
 */
export const ROUTE_PERMISSIONS: Readonly<Record<string, Permissions>> = {
  // intune-devices-manageddevice-list.md, -get.md
  'GET /deviceManagement/managedDevices': DEVICES_READ,
  'GET /deviceManagement/managedDevices/:id': DEVICES_READ,
  // intune-devices-manageddevice-update.md, -delete.md
  'PATCH /deviceManagement/managedDevices/:id': DEVICES_WRITE,
  'DELETE /deviceManagement/managedDevices/:id': DEVICES_WRITE,
  // intune-devices-detectedapp-list.md (a managed device's detectedApps relationship)
  'GET /deviceManagement/managedDevices/:id/detectedApps': DEVICES_READ,
  // intune-devices-manageddeviceoverview-get.md
  'GET /deviceManagement/managedDeviceOverview': DEVICES_READ,
  // intune-devices-manageddevice-retire.md, -syncdevice.md, -rebootnow.md, -remotelock.md,
  // -shutdown.md, -locatedevice.md
  'POST /deviceManagement/managedDevices/:id/retire': PRIVILEGED,
  'POST /deviceManagement/managedDevices/:id/syncDevice': PRIVILEGED,
  'POST /deviceManagement/managedDevices/:id/rebootNow': PRIVILEGED,
  'POST /deviceManagement/managedDevices/:id/remoteLock': PRIVILEGED,
  'POST /deviceManagement/managedDevices/:id/shutDown': PRIVILEGED,
  'POST /deviceManagement/managedDevices/:id/locateDevice': PRIVILEGED,
  // intune-devices-manageddevice-wipe.md lists ReadWrite.All as well
  'POST /deviceManagement/managedDevices/:id/wipe': [
    'DeviceManagementManagedDevices.ReadWrite.All',
    'DeviceManagementManagedDevices.PrivilegedOperations.All',
  ],
  // intune-devices-detectedapp-list.md, -get.md; intune-devices-manageddevice-list.md lists
  // GET /deviceManagement/detectedApps/{detectedAppId}/managedDevices
  'GET /deviceManagement/detectedApps': DEVICES_READ,
  'GET /deviceManagement/detectedApps/:id': DEVICES_READ,
  'GET /deviceManagement/detectedApps/:id/managedDevices': DEVICES_READ,
  // intune-apps-mobileapp-list.md, -get.md; beta intune-apps-mobileappinstallsummary-get.md
  'GET /deviceAppManagement/mobileApps': APPS_READ,
  'GET /deviceAppManagement/mobileApps/:id': APPS_READ,
  'GET /deviceAppManagement/mobileApps/:id/installSummary': APPS_READ,
  // intune-apps-*app-create.md, -update.md, -delete.md; intune-apps-mobileapp-assign.md
  'POST /deviceAppManagement/mobileApps': APPS_WRITE,
  'PATCH /deviceAppManagement/mobileApps/:id': APPS_WRITE,
  'DELETE /deviceAppManagement/mobileApps/:id': APPS_WRITE,
  'POST /deviceAppManagement/mobileApps/:id/assign': APPS_WRITE,
  // intune-deviceconfig-deviceconfiguration-list.md, -get.md, -create.md, -update.md, -delete.md
  'GET /deviceManagement/deviceConfigurations': CONFIGURATION_READ,
  'GET /deviceManagement/deviceConfigurations/:id': CONFIGURATION_READ,
  'POST /deviceManagement/deviceConfigurations': CONFIGURATION_WRITE,
  'PATCH /deviceManagement/deviceConfigurations/:id': CONFIGURATION_WRITE,
  'DELETE /deviceManagement/deviceConfigurations/:id': CONFIGURATION_WRITE,
  // intune-deviceconfig-devicecompliancepolicy-list.md, -get.md, -create.md, -update.md,
  // -delete.md, -assign.md; intune-deviceconfig-devicecompliancepolicyassignment-list.md,
  // -devicecompliancedevicestatus-list.md, -devicecompliancedeviceoverview-get.md;
  // intune-deviceconfig-devicecompliancepolicystate-list.md
  'GET /deviceManagement/deviceCompliancePolicies': CONFIGURATION_READ,
  'GET /deviceManagement/deviceCompliancePolicies/:id': CONFIGURATION_READ,
  'POST /deviceManagement/deviceCompliancePolicies': CONFIGURATION_WRITE,
  'PATCH /deviceManagement/deviceCompliancePolicies/:id': CONFIGURATION_WRITE,
  'DELETE /deviceManagement/deviceCompliancePolicies/:id': CONFIGURATION_WRITE,
  'POST /deviceManagement/deviceCompliancePolicies/:id/assign': CONFIGURATION_WRITE,
  'GET /deviceManagement/deviceCompliancePolicies/:id/assignments': CONFIGURATION_READ,
  'GET /deviceManagement/deviceCompliancePolicies/:id/deviceStatuses': CONFIGURATION_READ,
  'GET /deviceManagement/deviceCompliancePolicies/:id/deviceStatusOverview': CONFIGURATION_READ,
  'GET /deviceManagement/managedDevices/:id/deviceCompliancePolicyStates': CONFIGURATION_READ,
  // beta intune-enrollment-importeddeviceidentity-list.md, -get.md, -create.md, -delete.md,
  // -importdeviceidentitylist.md; importCsv is ours and imports like importDeviceIdentityList
  'GET /deviceManagement/importedDeviceIdentities': SERVICE_CONFIG_READ,
  'GET /deviceManagement/importedDeviceIdentities/:id': SERVICE_CONFIG_READ,
  'POST /deviceManagement/importedDeviceIdentities': SERVICE_CONFIG_WRITE,
  'POST /deviceManagement/importedDeviceIdentities/importDeviceIdentityList': SERVICE_CONFIG_WRITE,
  'POST /deviceManagement/importedDeviceIdentities/importCsv': SERVICE_CONFIG_WRITE,
  'DELETE /deviceManagement/importedDeviceIdentities/:id': SERVICE_CONFIG_WRITE,
  // intune-auditing-auditevent-list.md, -get.md (Graph files the audit trail under Apps)
  'GET /deviceManagement/auditEvents': APPS_READ,
  'GET /deviceManagement/auditEvents/:id': APPS_READ,
  // beta managedDeviceCleanupSettings: its page is not in the reference; it configures managed
  // devices, so it takes managedDevice's permissions
  'GET /deviceManagement/managedDeviceCleanupSettings': DEVICES_READ,
  'PATCH /deviceManagement/managedDeviceCleanupSettings': DEVICES_WRITE,
  // beta intune-reporting-devicemanagementexportjob-create.md, -get.md, -list.md; `:keySegment` is
  // the `exportJobs('{id}')` form of the get
  'POST /deviceManagement/reports/exportJobs': REPORTS_WRITE,
  'GET /deviceManagement/reports/exportJobs': REPORTS_READ,
  'GET /deviceManagement/reports/exportJobs/:id': REPORTS_READ,
  'GET /deviceManagement/reports/:keySegment': REPORTS_READ,
};

/** `/v1.0/deviceManagement/managedDevices/:id` → `/deviceManagement/managedDevices/:id`. */
export function versionlessRoute(routeUrl: string): string {
  return routeUrl.replace(/^\/(v1\.0|beta)(?=\/)/, '');
}

/** The permissions a route accepts, or null when applications may not call it at all. */
export function acceptedPermissions(method: string, routeUrl: string): Permissions | null {
  return ROUTE_PERMISSIONS[`${method.toUpperCase()} ${versionlessRoute(routeUrl)}`] ?? null;
}

/** Whether a token's roles let it call the route. */
export function rolesAllow(roles: readonly string[], method: string, routeUrl: string): boolean {
  const accepted = acceptedPermissions(method, routeUrl);
  return accepted !== null && accepted.some((permission) => roles.includes(permission));
}
