import {
  acceptedPermissions,
  GRAPH_APPLICATION_PERMISSIONS,
  ROUTE_PERMISSIONS,
  rolesAllow,
} from './graph-permissions';

describe('the route → Graph permission table', () => {
  it('names only Graph application permissions, and every route accepts at least one', () => {
    for (const [route, permissions] of Object.entries(ROUTE_PERMISSIONS)) {
      expect(route).toMatch(/^(GET|POST|PATCH|DELETE) \/(deviceManagement|deviceAppManagement)\//);
      expect(permissions.length).toBeGreaterThan(0);
      for (const p of permissions) expect(GRAPH_APPLICATION_PERMISSIONS).toContain(p);
    }
  });

  it('takes the version segment off: v1.0 and beta routes share one row', () => {
    expect(acceptedPermissions('GET', '/v1.0/deviceManagement/managedDevices')).toEqual(
      acceptedPermissions('GET', '/beta/deviceManagement/managedDevices'),
    );
  });

  it('lets Read.All read devices but not change them; ReadWrite.All does both', () => {
    const read = ['DeviceManagementManagedDevices.Read.All'];
    const write = ['DeviceManagementManagedDevices.ReadWrite.All'];
    expect(rolesAllow(read, 'GET', '/v1.0/deviceManagement/managedDevices/:id')).toBe(true);
    expect(rolesAllow(read, 'PATCH', '/v1.0/deviceManagement/managedDevices/:id')).toBe(false);
    expect(rolesAllow(write, 'GET', '/v1.0/deviceManagement/managedDevices/:id')).toBe(true);
    expect(rolesAllow(write, 'PATCH', '/v1.0/deviceManagement/managedDevices/:id')).toBe(true);
  });

  it('keeps remote actions to PrivilegedOperations.All, except wipe, which ReadWrite.All may too', () => {
    const write = ['DeviceManagementManagedDevices.ReadWrite.All'];
    const privileged = ['DeviceManagementManagedDevices.PrivilegedOperations.All'];
    const route = (action: string) => `/v1.0/deviceManagement/managedDevices/:id/${action}`;
    expect(rolesAllow(write, 'POST', route('retire'))).toBe(false);
    expect(rolesAllow(privileged, 'POST', route('retire'))).toBe(true);
    expect(rolesAllow(write, 'POST', route('wipe'))).toBe(true);
    expect(rolesAllow(privileged, 'GET', '/v1.0/deviceManagement/managedDevices')).toBe(false);
  });

  it('files the audit trail under Apps permissions, as Graph does', () => {
    expect(acceptedPermissions('GET', '/v1.0/deviceManagement/auditEvents')).toEqual([
      'DeviceManagementApps.Read.All',
      'DeviceManagementApps.ReadWrite.All',
    ]);
  });

  it('gives applications no way into our admin routes', () => {
    const all = [...GRAPH_APPLICATION_PERMISSIONS];
    expect(acceptedPermissions('GET', '/v1.0/admin/admins')).toBeNull();
    expect(rolesAllow(all, 'POST', '/v1.0/admin/applications')).toBe(false);
  });
});
