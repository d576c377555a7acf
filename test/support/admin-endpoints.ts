import { ManagedAppsService } from '../../src/graph/mobile-apps/managed-apps.service';
import { DeviceConfigurationsService } from '../../src/graph/device-configurations/device-configurations.service';
import { DeviceCompliancePoliciesService } from '../../src/graph/device-compliance-policies/device-compliance-policies.service';
import { CorporateIdentifiersService } from '../../src/graph/imported-device-identities/corporate-identifiers.service';
import { ExportJobsService } from '../../src/graph/reports/export-jobs.service';
import { AppRegistrationsService } from '../../src/platform/auth/app-registrations.service';
import { AdminRole } from '../../src/platform/database/entities/admin.entity';
import { AdminsService } from '../../src/admin/admins.service';
import { EnrollmentTokensService } from '../../src/admin/enrollment-tokens.service';
import { CreatedTenant } from '../../src/admin/tenants.service';
import { Method } from './admin-api';
import { checkIn, enroll, EnrolledDevice } from './device-channel';
import { deviceFixture, imeiFor } from './device-fixtures';
import { systemActor, TestServer } from './test-server';

let unique = 0;
const next = () => ++unique + process.pid * 10_000;

/** Creates, in one tenant, what admin requests act on (through the services, as the system). */
export class TenantFixtures {
  constructor(
    readonly server: TestServer,
    readonly tenant: CreatedTenant,
  ) {}

  device(
    platform: 'ios' | 'android' | 'macos' | 'windows' = 'ios',
    ownership: 'corporate' | 'personal' = 'corporate',
  ): Promise<EnrolledDevice> {
    return enroll(
      this.server.url,
      this.tenant.enrollmentToken,
      deviceFixture(platform, { ownership }),
    );
  }

  async policy(): Promise<string> {
    const policy = await this.server.service(DeviceConfigurationsService).create(
      this.tenant.tenantId,
      {
        platform: 'android',
        displayName: `Policy ${next()}`,
        compliantAppListType: 'appsNotInListCompliant',
        compliantAppsList: [{ appId: 'com.example.prohibited' }],
      },
      systemActor,
    );
    return policy.id;
  }

  async compliancePolicy(): Promise<string> {
    const policy = await this.server.service(DeviceCompliancePoliciesService).create(
      this.tenant.tenantId,
      {
        platform: 'ios',
        displayName: `Compliance ${next()}`,
        description: null,
        settings: { passcodeRequired: true },
      },
      systemActor,
    );
    return policy.id;
  }

  async identity(): Promise<string> {
    const row = await this.server
      .service(CorporateIdentifiersService)
      .add(this.tenant.tenantId, { kind: 'imei', imei: imeiFor(500_000 + next()) }, systemActor);
    return row.id;
  }

  async mobileApp(): Promise<string> {
    const app = await this.server
      .service(ManagedAppsService)
      .create(
        this.tenant.tenantId,
        { platform: 'ios', appId: `com.example.deployed${next()}`, displayName: 'Deployed' },
        systemActor,
      );
    return app.id;
  }

  async admin(): Promise<{ adminId: string; tokenId: string }> {
    const { admin, token } = await this.server
      .service(AdminsService)
      .create(
        this.tenant.tenantId,
        { userPrincipalName: `fixture${next()}@contoso.example`, role: 'readOnlyOperator' },
        systemActor,
      );
    return { adminId: admin.id, tokenId: token.row.id };
  }

  async enrollmentToken(): Promise<string> {
    const issued = await this.server
      .service(EnrollmentTokensService)
      .issue(this.tenant.tenantId, { description: 'Fixture', expiresAt: null }, systemActor);
    return issued.row.id;
  }

  /** A detected app of the tenant: its catalog id, as the query API names it. */
  async detectedApp(): Promise<string> {
    const device = await this.device('android');
    await checkIn(this.server.url, device, {
      apps: [{ appId: `com.example.detected${next()}`, displayName: 'Detected', version: '1.0' }],
    });
    const [row] = await this.server.query<{ app_catalog_id: number }>(
      'SELECT app_catalog_id FROM device_app WHERE device_id = ?',
      [device.id],
    );
    return String(row.app_catalog_id);
  }

  /** A report export job of the tenant (its id, e.g. `DevicesWithInventory_<guid>`). */
  async exportJob(): Promise<string> {
    const job = await this.server.service(ExportJobsService).create(
      this.tenant.tenantId,
      {
        reportName: 'DevicesWithInventory',
        filter: null,
        select: [],
        format: 'csv',
        localizationType: 'localizedValuesAsAdditionalColumn',
      },
      systemActor,
      this.server.url,
    );
    await this.server.service(ExportJobsService).idle();
    return job.id;
  }

  /** An app registration of the tenant and the id of its client secret. */
  async application(): Promise<{ id: string; keyId: string }> {
    const created = await this.server.service(AppRegistrationsService).create(
      this.tenant.tenantId,
      {
        displayName: `Fixture app ${next()}`,
        permissions: ['DeviceManagementManagedDevices.Read.All'],
        secretExpiresAt: null,
      },
      systemActor,
    );
    return { id: created.app.id, keyId: created.secret.id };
  }

  async auditEvent(): Promise<string> {
    const [row] = await this.server.query<{ id: string }>(
      'SELECT id FROM audit_event WHERE tenant_id = ? ORDER BY activity_at LIMIT 1',
      [this.tenant.tenantId],
    );
    return row.id;
  }
}

export interface AdminRequest {
  path: string;
  body?: unknown;
  contentType?: string;
}

/** One admin route, who may call it, and how to make a valid request to it in a tenant. */
export interface AdminEndpoint {
  /** Method and route pattern, as registered: `POST /v1.0/deviceManagement/managedDevices/:id/retire`. */
  route: string;
  allowed: readonly AdminRole[];
  request(fixtures: TenantFixtures): Promise<AdminRequest>;
}

export const EVERYONE: readonly AdminRole[] = [
  'administrator',
  'helpDeskOperator',
  'readOnlyOperator',
];
export const OPERATORS: readonly AdminRole[] = ['administrator', 'helpDeskOperator'];
export const ADMINISTRATORS: readonly AdminRole[] = ['administrator'];

const DM = '/v1.0/deviceManagement';
const APPS = '/v1.0/deviceAppManagement/mobileApps';

const deviceAction = (action: string, platform: 'ios' | 'macos' = 'ios'): AdminEndpoint => ({
  route: `POST ${DM}/managedDevices/:id/${action}`,
  allowed: OPERATORS,
  request: async (f) => ({
    path: `${DM}/managedDevices/${(await f.device(platform)).id}/${action}`,
    body: action === 'wipe' ? { keepUserData: false } : undefined,
  }),
});

/**
 * Every admin route with the roles that may call it: the single table behind the role × endpoint
 * matrix, the cross-tenant matrix and the audit-trail checks. The roles are written out here, not
 * read from the role table, so that a wrong entry in ROLE_PERMISSIONS fails the tests.
 */
export const ADMIN_ENDPOINTS: readonly AdminEndpoint[] = [
  // Admins, their tokens, enrollment tokens.
  {
    route: 'GET /v1.0/admin/admins',
    allowed: ADMINISTRATORS,
    request: async () => ({ path: '/v1.0/admin/admins' }),
  },
  {
    route: 'POST /v1.0/admin/admins',
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: '/v1.0/admin/admins',
      body: { userPrincipalName: `new${next()}@contoso.example`, role: 'readOnlyOperator' },
    }),
  },
  {
    route: 'GET /v1.0/admin/admins/:adminId',
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `/v1.0/admin/admins/${(await f.admin()).adminId}` }),
  },
  {
    route: 'DELETE /v1.0/admin/admins/:adminId',
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `/v1.0/admin/admins/${(await f.admin()).adminId}` }),
  },
  {
    route: 'POST /v1.0/admin/admins/:adminId/tokens',
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `/v1.0/admin/admins/${(await f.admin()).adminId}/tokens`,
      body: { expiresDateTime: new Date(Date.now() + 86_400_000).toISOString() },
    }),
  },
  {
    route: 'DELETE /v1.0/admin/admins/:adminId/tokens/:tokenId',
    allowed: ADMINISTRATORS,
    request: async (f) => {
      const { adminId, tokenId } = await f.admin();
      return { path: `/v1.0/admin/admins/${adminId}/tokens/${tokenId}` };
    },
  },
  {
    route: 'GET /v1.0/admin/enrollmentTokens',
    allowed: ADMINISTRATORS,
    request: async () => ({ path: '/v1.0/admin/enrollmentTokens' }),
  },
  {
    route: 'POST /v1.0/admin/enrollmentTokens',
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: '/v1.0/admin/enrollmentTokens',
      body: { description: 'Office', expiresDateTime: '2999-01-01T00:00:00Z' },
    }),
  },
  {
    route: 'DELETE /v1.0/admin/enrollmentTokens/:tokenId',
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `/v1.0/admin/enrollmentTokens/${await f.enrollmentToken()}` }),
  },

  // Managed devices: changes and remote actions.
  {
    route: `PATCH ${DM}/managedDevices/:id`,
    allowed: OPERATORS,
    request: async (f) => ({
      path: `${DM}/managedDevices/${(await f.device()).id}`,
      body: { managedDeviceOwnerType: 'personal', notes: 'Handed over to the user' },
    }),
  },
  {
    route: `DELETE ${DM}/managedDevices/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `${DM}/managedDevices/${(await f.device()).id}` }),
  },
  deviceAction('retire'),
  deviceAction('wipe'),
  deviceAction('syncDevice'),
  deviceAction('rebootNow'),
  deviceAction('remoteLock'),
  deviceAction('shutDown', 'macos'),
  deviceAction('locateDevice'),

  // Compliance policies.
  {
    route: `GET ${DM}/deviceConfigurations`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/deviceConfigurations` }),
  },
  {
    route: `GET ${DM}/deviceConfigurations/:id`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/deviceConfigurations/${await f.policy()}` }),
  },
  {
    route: `POST ${DM}/deviceConfigurations`,
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: `${DM}/deviceConfigurations`,
      body: {
        '@odata.type': '#microsoft.graph.iosGeneralDeviceConfiguration',
        displayName: 'No games',
        compliantAppListType: 'appsNotInListCompliant',
        compliantAppsList: [{ name: 'Solitaire', appId: 'com.solitaire.classic' }],
      },
    }),
  },
  {
    route: `PATCH ${DM}/deviceConfigurations/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `${DM}/deviceConfigurations/${await f.policy()}`,
      body: { displayName: 'Renamed' },
    }),
  },
  {
    route: `DELETE ${DM}/deviceConfigurations/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `${DM}/deviceConfigurations/${await f.policy()}` }),
  },

  // Device compliance policies.
  {
    route: `GET ${DM}/deviceCompliancePolicies`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/deviceCompliancePolicies` }),
  },
  ...(['', '/assignments', '/deviceStatuses', '/deviceStatusOverview'] as const).map((tail) => ({
    route: `GET ${DM}/deviceCompliancePolicies/:id${tail}`,
    allowed: EVERYONE,
    request: async (f: TenantFixtures) => ({
      path: `${DM}/deviceCompliancePolicies/${await f.compliancePolicy()}${tail}`,
    }),
  })),
  {
    route: `POST ${DM}/deviceCompliancePolicies`,
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: `${DM}/deviceCompliancePolicies`,
      body: {
        '@odata.type': '#microsoft.graph.iosCompliancePolicy',
        displayName: 'Passcode',
        passcodeRequired: true,
      },
    }),
  },
  {
    route: `PATCH ${DM}/deviceCompliancePolicies/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `${DM}/deviceCompliancePolicies/${await f.compliancePolicy()}`,
      body: { displayName: 'Renamed' },
    }),
  },
  {
    route: `POST ${DM}/deviceCompliancePolicies/:id/assign`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `${DM}/deviceCompliancePolicies/${await f.compliancePolicy()}/assign`,
      body: {
        assignments: [{ target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } }],
      },
    }),
  },
  {
    route: `DELETE ${DM}/deviceCompliancePolicies/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `${DM}/deviceCompliancePolicies/${await f.compliancePolicy()}`,
    }),
  },
  {
    route: `GET ${DM}/managedDevices/:id/deviceCompliancePolicyStates`,
    allowed: EVERYONE,
    request: async (f) => ({
      path: `${DM}/managedDevices/${(await f.device()).id}/deviceCompliancePolicyStates`,
    }),
  },

  // Corporate identifiers.
  {
    route: `GET ${DM}/importedDeviceIdentities`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/importedDeviceIdentities` }),
  },
  {
    route: `GET ${DM}/importedDeviceIdentities/:id`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/importedDeviceIdentities/${await f.identity()}` }),
  },
  {
    route: `POST ${DM}/importedDeviceIdentities`,
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: `${DM}/importedDeviceIdentities`,
      body: {
        importedDeviceIdentifier: imeiFor(600_000 + next()),
        importedDeviceIdentityType: 'imei',
      },
    }),
  },
  {
    route: `POST ${DM}/importedDeviceIdentities/importDeviceIdentityList`,
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: `${DM}/importedDeviceIdentities/importDeviceIdentityList`,
      body: {
        importedDeviceIdentities: [
          { importedDeviceIdentifier: `SER${next()}`, importedDeviceIdentityType: 'serialNumber' },
        ],
        overwriteImportedDeviceIdentities: false,
      },
    }),
  },
  {
    route: `POST ${DM}/importedDeviceIdentities/importCsv`,
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: `${DM}/importedDeviceIdentities/importCsv?importedDeviceIdentityType=imei`,
      body: `${imeiFor(700_000 + next())},Warehouse\n`,
      contentType: 'text/csv',
    }),
  },
  {
    route: `DELETE ${DM}/importedDeviceIdentities/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `${DM}/importedDeviceIdentities/${await f.identity()}` }),
  },

  // Deployed apps.
  {
    route: `POST ${APPS}`,
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: APPS,
      body: {
        '@odata.type': '#microsoft.graph.androidManagedStoreApp',
        displayName: 'Teams',
        packageId: `com.microsoft.teams${next()}`,
      },
    }),
  },
  {
    route: `PATCH ${APPS}/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `${APPS}/${await f.mobileApp()}`,
      body: { publisher: 'Contoso' },
    }),
  },
  {
    route: `POST ${APPS}/:id/assign`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `${APPS}/${await f.mobileApp()}/assign`,
      body: {
        mobileAppAssignments: [
          {
            intent: 'available',
            target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' },
          },
        ],
      },
    }),
  },
  {
    route: `DELETE ${APPS}/:id`,
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `${APPS}/${await f.mobileApp()}` }),
  },

  // The query API (read only).
  {
    route: `GET ${DM}/managedDevices`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/managedDevices` }),
  },
  {
    route: `GET ${DM}/managedDevices/:id`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/managedDevices/${(await f.device()).id}` }),
  },
  {
    route: `GET ${DM}/managedDevices/:id/detectedApps`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/managedDevices/${(await f.device()).id}/detectedApps` }),
  },
  {
    route: `GET ${DM}/managedDeviceOverview`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/managedDeviceOverview` }),
  },
  {
    route: `GET ${DM}/detectedApps`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/detectedApps` }),
  },
  {
    route: `GET ${DM}/detectedApps/:id`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/detectedApps/${await f.detectedApp()}` }),
  },
  {
    route: `GET ${DM}/detectedApps/:id/managedDevices`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/detectedApps/${await f.detectedApp()}/managedDevices` }),
  },
  { route: `GET ${APPS}`, allowed: EVERYONE, request: async () => ({ path: APPS }) },
  {
    route: `GET ${APPS}/:id`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${APPS}/${await f.mobileApp()}` }),
  },
  {
    route: `GET ${APPS}/:id/installSummary`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${APPS}/${await f.mobileApp()}/installSummary` }),
  },

  // Privacy lifecycle: settings, diagnostics aggregates, retention, data-subject requests.
  {
    route: 'GET /v1.0/admin/settings',
    allowed: EVERYONE,
    request: async () => ({ path: '/v1.0/admin/settings' }),
  },
  {
    route: 'PATCH /v1.0/admin/settings',
    allowed: ADMINISTRATORS,
    request: async () => ({ path: '/v1.0/admin/settings', body: { deviceCleanupDays: 270 } }),
  },
  {
    route: `GET ${DM}/managedDeviceCleanupSettings`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/managedDeviceCleanupSettings` }),
  },
  {
    route: `PATCH ${DM}/managedDeviceCleanupSettings`,
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: `${DM}/managedDeviceCleanupSettings`,
      body: { deviceInactivityBeforeRetirementInDays: '270' },
    }),
  },
  {
    route: 'GET /v1.0/admin/diagnostics/summary',
    allowed: EVERYONE,
    request: async () => ({ path: '/v1.0/admin/diagnostics/summary?days=7' }),
  },
  {
    route: 'POST /v1.0/admin/retention/run',
    allowed: ADMINISTRATORS,
    request: async () => ({ path: '/v1.0/admin/retention/run' }),
  },
  {
    route: 'POST /v1.0/admin/dataSubjectRequests/export',
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: '/v1.0/admin/dataSubjectRequests/export',
      body: { userPrincipalName: (await f.device()).payload.user!.userPrincipalName },
    }),
  },
  {
    route: 'POST /v1.0/admin/dataSubjectRequests/erase',
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: '/v1.0/admin/dataSubjectRequests/erase',
      body: { userPrincipalName: (await f.device()).payload.user!.userPrincipalName },
    }),
  },

  // Views the console needs beyond Graph's routes.
  {
    route: 'GET /v1.0/admin/me',
    allowed: EVERYONE,
    request: async () => ({ path: '/v1.0/admin/me' }),
  },
  {
    route: 'GET /v1.0/admin/managedDeviceCounts',
    allowed: EVERYONE,
    request: async () => ({ path: '/v1.0/admin/managedDeviceCounts' }),
  },
  {
    route: 'GET /v1.0/admin/managedDevices/export',
    allowed: EVERYONE,
    request: async () => ({ path: `/v1.0/admin/managedDevices/export?$orderby=deviceName` }),
  },
  ...['privacy', 'compliance', 'actionHistory'].map((view): AdminEndpoint => ({
    route: `GET /v1.0/admin/managedDevices/:id/${view}`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `/v1.0/admin/managedDevices/${(await f.device()).id}/${view}` }),
  })),

  // Report exports.
  {
    route: `POST ${DM}/reports/exportJobs`,
    allowed: EVERYONE,
    request: async () => ({
      path: `${DM}/reports/exportJobs`,
      body: { reportName: 'DevicesWithInventory', select: ['DeviceId', 'DeviceName'] },
    }),
  },
  {
    route: `GET ${DM}/reports/exportJobs`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/reports/exportJobs` }),
  },
  {
    route: `GET ${DM}/reports/exportJobs/:id`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/reports/exportJobs/${await f.exportJob()}` }),
  },
  {
    route: `GET ${DM}/reports/:keySegment`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/reports/exportJobs('${await f.exportJob()}')` }),
  },

  // Consumers' sign-in (app registrations), $batch and the fault-injection switch.
  {
    route: 'GET /v1.0/admin/applications',
    allowed: ADMINISTRATORS,
    request: async () => ({ path: '/v1.0/admin/applications' }),
  },
  {
    route: 'POST /v1.0/admin/applications',
    allowed: ADMINISTRATORS,
    request: async () => ({
      path: '/v1.0/admin/applications',
      body: { displayName: 'CMDB sync', permissions: ['DeviceManagementApps.Read.All'] },
    }),
  },
  {
    route: 'GET /v1.0/admin/applications/:id',
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `/v1.0/admin/applications/${(await f.application()).id}` }),
  },
  {
    route: 'DELETE /v1.0/admin/applications/:id',
    allowed: ADMINISTRATORS,
    request: async (f) => ({ path: `/v1.0/admin/applications/${(await f.application()).id}` }),
  },
  {
    route: 'POST /v1.0/admin/applications/:id/addPassword',
    allowed: ADMINISTRATORS,
    request: async (f) => ({
      path: `/v1.0/admin/applications/${(await f.application()).id}/addPassword`,
      body: {},
    }),
  },
  {
    route: 'DELETE /v1.0/admin/applications/:id/passwordCredentials/:keyId',
    allowed: ADMINISTRATORS,
    request: async (f) => {
      const app = await f.application();
      return { path: `/v1.0/admin/applications/${app.id}/passwordCredentials/${app.keyId}` };
    },
  },
  {
    route: 'GET /v1.0/admin/faultInjection',
    allowed: EVERYONE,
    request: async () => ({ path: '/v1.0/admin/faultInjection' }),
  },
  {
    route: 'PUT /v1.0/admin/faultInjection',
    allowed: ADMINISTRATORS,
    request: async () => ({ path: '/v1.0/admin/faultInjection', body: { seed: 3 } }),
  },
  {
    route: 'DELETE /v1.0/admin/faultInjection',
    allowed: ADMINISTRATORS,
    request: async () => ({ path: '/v1.0/admin/faultInjection' }),
  },
  {
    route: 'POST /v1.0/$batch',
    allowed: EVERYONE,
    request: async () => ({
      path: '/v1.0/$batch',
      body: { requests: [{ id: '1', method: 'GET', url: '/deviceManagement/managedDevices' }] },
    }),
  },

  // The audit trail.
  {
    route: `GET ${DM}/auditEvents`,
    allowed: EVERYONE,
    request: async () => ({ path: `${DM}/auditEvents` }),
  },
  {
    route: `GET ${DM}/auditEvents/:id`,
    allowed: EVERYONE,
    request: async (f) => ({ path: `${DM}/auditEvents/${await f.auditEvent()}` }),
  },
];

export const methodOf = (endpoint: AdminEndpoint): Method => endpoint.route.split(' ')[0] as Method;

/**
 * Mutations: everything but reads — and but `$batch`, which changes only what its inner requests
 * change, each audited (or refused) as if sent alone.
 */
export const MUTATIONS = ADMIN_ENDPOINTS.filter(
  (endpoint) => methodOf(endpoint) !== 'GET' && !endpoint.route.endsWith('/$batch'),
);
