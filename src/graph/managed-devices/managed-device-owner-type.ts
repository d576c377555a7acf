import { Ownership } from '../../rules';

/** Graph's managedDeviceOwnerType and our ownership words: `company` is what we call corporate. */
export const MANAGED_DEVICE_OWNER_TYPES = ['company', 'personal', 'unknown'] as const;
export type ManagedDeviceOwnerType = (typeof MANAGED_DEVICE_OWNER_TYPES)[number];

const TO_OWNERSHIP: Record<ManagedDeviceOwnerType, Ownership> = {
  company: 'corporate',
  personal: 'personal',
  unknown: 'unknown',
};

export const ownershipOf = (ownerType: ManagedDeviceOwnerType): Ownership =>
  TO_OWNERSHIP[ownerType];

export const ownerTypeOf = (ownership: Ownership): ManagedDeviceOwnerType =>
  ownership === 'corporate' ? 'company' : ownership;
