import { Equals, IsIn, IsOptional } from 'class-validator';
import { acceptReadOnly, IsText } from '../../common/validation';
import { MANAGED_DEVICE_PROPERTY_NAMES } from '../../graph/managed-device';
import { MANAGED_DEVICE_OWNER_TYPES, ManagedDeviceOwnerType } from '../managed-device-owner-type';

const OWNER_TYPE_MESSAGE = {
  message: `must be one of ${MANAGED_DEVICE_OWNER_TYPES.join(', ')}`,
};

/**
 * The managedDevice properties an admin may change: ownership (beta also calls it ownerType), the
 * management name and the notes. `null` clears a name or the notes. Every other documented
 * managedDevice property is read-only: accepted and ignored, as Graph does, so that a device read
 * and sent back unchanged (as SDK objects do) is accepted. A name Graph does not document is a 400.
 */
export class UpdateManagedDeviceDto {
  @IsOptional()
  @Equals('#microsoft.graph.managedDevice', { message: 'must be #microsoft.graph.managedDevice' })
  '@odata.type'?: string;

  @IsOptional()
  @IsIn(MANAGED_DEVICE_OWNER_TYPES, OWNER_TYPE_MESSAGE)
  managedDeviceOwnerType?: ManagedDeviceOwnerType;

  @IsOptional()
  @IsIn(MANAGED_DEVICE_OWNER_TYPES, OWNER_TYPE_MESSAGE)
  ownerType?: ManagedDeviceOwnerType;

  @IsOptional() @IsText(256) managedDeviceName?: string | null;

  @IsOptional() @IsText(2000) notes?: string | null;
}

export const MANAGED_DEVICE_WRITABLE = [
  'managedDeviceOwnerType',
  'ownerType',
  'managedDeviceName',
  'notes',
] as const;

/** Read-only properties, accepted in a body and ignored. */
export const MANAGED_DEVICE_IGNORED: readonly string[] = MANAGED_DEVICE_PROPERTY_NAMES.filter(
  (name) => !(MANAGED_DEVICE_WRITABLE as readonly string[]).includes(name),
);
acceptReadOnly(UpdateManagedDeviceDto, MANAGED_DEVICE_IGNORED);
