import { IsIn, IsOptional } from 'class-validator';
import { IsText } from '../../common/validation';
import { MANAGED_DEVICE_OWNER_TYPES, ManagedDeviceOwnerType } from '../managed-device-owner-type';

/**
 * The managedDevice properties an admin may change. Anything else is a 400 naming the field (the
 * global ValidationPipe forbids unknown properties). `null` clears a name or the notes.
 */
export class UpdateManagedDeviceDto {
  @IsOptional()
  @IsIn(MANAGED_DEVICE_OWNER_TYPES, {
    message: `must be one of ${MANAGED_DEVICE_OWNER_TYPES.join(', ')}`,
  })
  managedDeviceOwnerType?: ManagedDeviceOwnerType;

  @IsOptional() @IsText(256) managedDeviceName?: string | null;

  @IsOptional() @IsText(2000) notes?: string | null;
}
