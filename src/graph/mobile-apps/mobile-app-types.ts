import { Platform } from '../../rules';
import { MOBILE_APP_TYPES } from './mobile-app';

/**
 * What a created mobileApp says about itself: `@odata.type` picks the platform (the types the
 * query API maps apps to, src/graph/mobile-app.ts, so that an app reads back as it was created),
 * and the app's id travels in that type's own property.
 */
export const MOBILE_APP_ID_PROPERTIES = ['bundleId', 'packageId', 'fileName'] as const;
export type MobileAppIdProperty = (typeof MOBILE_APP_ID_PROPERTIES)[number];

export const APP_ID_PROPERTY: Record<Platform, MobileAppIdProperty> = {
  ios: 'bundleId',
  android: 'packageId',
  macos: 'bundleId',
  windows: 'fileName',
};

export const MOBILE_APP_TYPE_NAMES: readonly string[] = Object.values(MOBILE_APP_TYPES);

export const platformOfMobileAppType = (odataType: string): Platform | undefined =>
  (Object.keys(MOBILE_APP_TYPES) as Platform[]).find(
    (platform) => MOBILE_APP_TYPES[platform] === odataType,
  );
