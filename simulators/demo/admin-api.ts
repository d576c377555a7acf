import type { Platform } from '../../src/device-channel/contract/wire-vocabulary';

/** Graph's mobileApp type per platform, and the property that carries the app's id in it. */
const MOBILE_APP_TYPES: Record<Platform, { odataType: string; appIdProperty: string }> = {
  ios: { odataType: '#microsoft.graph.iosStoreApp', appIdProperty: 'bundleId' },
  android: { odataType: '#microsoft.graph.androidManagedStoreApp', appIdProperty: 'packageId' },
  macos: { odataType: '#microsoft.graph.macOSLobApp', appIdProperty: 'bundleId' },
  windows: { odataType: '#microsoft.graph.win32LobApp', appIdProperty: 'fileName' },
};

/** Graph's device restriction profile types that carry a compliant-app list (Windows has none). */
const RESTRICTION_PROFILE_TYPES = {
  ios: '#microsoft.graph.iosGeneralDeviceConfiguration',
  android: '#microsoft.graph.androidGeneralDeviceConfiguration',
  macos: '#microsoft.graph.macOSGeneralDeviceConfiguration',
} as const;

export type RemoteActionName =
  'retire' | 'wipe' | 'syncDevice' | 'rebootNow' | 'remoteLock' | 'shutDown' | 'locateDevice';

export interface ImportedIdentity {
  importedDeviceIdentityType: 'imei' | 'serialNumber' | 'manufacturerModelSerial';
  importedDeviceIdentifier: string;
  description?: string;
}

/** An admin API answer that was not a success, with the server's message. */
export class AdminApiError extends Error {}

/**
 * The few Graph admin calls the demo makes, over HTTP with the admin token — the same calls a
 * user makes with curl or a Graph SDK.
 */
export class AdminApi {
  constructor(
    private readonly baseUrl: string,
    private readonly adminToken: string,
  ) {}

  async deployApp(
    platform: Platform,
    app: { appId: string; displayName: string; publisher?: string },
    intent: 'required' | 'available',
  ): Promise<string> {
    const created = await this.call<{ id: string }>(
      'POST',
      '/v1.0/deviceAppManagement/mobileApps',
      {
        '@odata.type': MOBILE_APP_TYPES[platform].odataType,
        displayName: app.displayName,
        ...(app.publisher && { publisher: app.publisher }),
        [MOBILE_APP_TYPES[platform].appIdProperty]: app.appId,
      },
    );
    await this.call('POST', `/v1.0/deviceAppManagement/mobileApps/${created.id}/assign`, {
      mobileAppAssignments: [
        { intent, target: { '@odata.type': '#microsoft.graph.allDevicesAssignmentTarget' } },
      ],
    });
    return created.id;
  }

  importCorporateIdentifiers(identities: ImportedIdentity[]): Promise<unknown> {
    return this.call(
      'POST',
      '/v1.0/deviceManagement/importedDeviceIdentities/importDeviceIdentityList',
      { importedDeviceIdentities: identities, overwriteImportedDeviceIdentities: false },
    );
  }

  /** A device restriction profile with a compliant-app list: the compliant-app feature. */
  createAppListRule(
    platform: keyof typeof RESTRICTION_PROFILE_TYPES,
    rule: {
      displayName: string;
      listType: 'appsNotInListCompliant' | 'appsInListCompliant';
      apps: { appId: string; name: string; publisher?: string }[];
    },
  ): Promise<{ id: string }> {
    return this.call('POST', '/v1.0/deviceManagement/deviceConfigurations', {
      '@odata.type': RESTRICTION_PROFILE_TYPES[platform],
      displayName: rule.displayName,
      compliantAppListType: rule.listType,
      compliantAppsList: rule.apps.map((app) => ({
        '@odata.type': '#microsoft.graph.appListItem',
        appId: app.appId,
        name: app.name,
        ...(app.publisher && { publisher: app.publisher }),
      })),
    });
  }

  remoteAction(deviceId: string, action: RemoteActionName, body?: object): Promise<unknown> {
    return this.call(
      'POST',
      `/v1.0/deviceManagement/managedDevices/${deviceId}/${action}`,
      body ?? {},
    );
  }

  setOwnership(deviceId: string, ownerType: 'company' | 'personal'): Promise<unknown> {
    return this.call('PATCH', `/v1.0/deviceManagement/managedDevices/${deviceId}`, {
      managedDeviceOwnerType: ownerType,
    });
  }

  get<T = unknown>(path: string): Promise<T> {
    return this.call<T>('GET', path);
  }

  private async call<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(this.baseUrl + path, {
      method,
      headers: {
        authorization: `Bearer ${this.adminToken}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // Not Graph's error shape: the start of the body says enough.
      }
      throw new AdminApiError(`${method} ${path}: HTTP ${response.status}: ${message}`);
    }
    return (text ? JSON.parse(text) : undefined) as T;
  }
}
