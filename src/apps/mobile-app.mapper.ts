import { Platform } from '../collection-rules';
import { isoDateTime } from '../common/date-times';
import { ManagedApp } from './managed-app.entity';

/**
 * Graph's mobileApp type for each platform, and the property that carries the app's id on it (the
 * same choice as the query API's mapper, src/graph/mobile-app.ts, so that an app reads back as it
 * was created).
 */
export const MOBILE_APP_TYPES: Record<Platform, { odataType: string; idProperty: string }> = {
  ios: { odataType: '#microsoft.graph.iosStoreApp', idProperty: 'bundleId' },
  android: { odataType: '#microsoft.graph.androidManagedStoreApp', idProperty: 'packageId' },
  macos: { odataType: '#microsoft.graph.macOSLobApp', idProperty: 'bundleId' },
  windows: { odataType: '#microsoft.graph.win32LobApp', idProperty: 'fileName' },
};

export const MOBILE_APP_ID_PROPERTIES = ['bundleId', 'packageId', 'fileName'] as const;
export type MobileAppIdProperty = (typeof MOBILE_APP_ID_PROPERTIES)[number];

export const platformOfMobileAppType = (odataType: string): Platform | undefined =>
  (Object.keys(MOBILE_APP_TYPES) as Platform[]).find(
    (platform) => MOBILE_APP_TYPES[platform].odataType === odataType,
  );

export interface MobileAppView {
  '@odata.type': string;
  id: string;
  displayName: string;
  description: string | null;
  publisher: string | null;
  createdDateTime: string;
  lastModifiedDateTime: string;
  isAssigned: boolean;
  publishingState: 'published';
  bundleId?: string;
  packageId?: string;
  appIdentifier?: string;
  fileName?: string;
}

/** A deployed app as Graph's mobileApp (storage → API shape in one place). */
export function mapMobileApp(app: ManagedApp): MobileAppView {
  const type = MOBILE_APP_TYPES[app.platform];
  return {
    '@odata.type': type.odataType,
    id: app.id,
    displayName: app.displayName,
    description: app.description,
    publisher: app.publisher,
    createdDateTime: isoDateTime(app.createdAt),
    lastModifiedDateTime: isoDateTime(app.updatedAt),
    isAssigned: app.assignmentIntent !== null,
    publishingState: 'published',
    [type.idProperty]: app.appId,
    ...(app.platform === 'android' ? { appIdentifier: app.appId } : {}),
  };
}
