import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsObject, IsOptional, MaxLength, ValidateNested } from 'class-validator';
import { ENROLLMENT_TYPE_NAMES, EnrollmentType, Platform, PLATFORMS } from '../../collection-rules';
import { IsText } from '../../common/validation';
import { EnrollmentHardwareDto } from '../../devices/dto/hardware-inventory.dto';

/** The device's user: required data for every device (docs/collection-rules.md "Phone number, location, diagnostics"). */
export class EnrollingUserDto {
  @IsEmail({}, { message: 'must be a user principal name such as user@contoso.com' })
  @MaxLength(320)
  userPrincipalName!: string;

  @IsOptional() @IsText(256) displayName?: string;

  @IsOptional()
  @IsEmail({}, { message: 'must be an e-mail address' })
  @MaxLength(320)
  emailAddress?: string;
}

export class EnrollDto {
  @IsIn(PLATFORMS, { message: `must be one of ${PLATFORMS.join(', ')}` })
  platform!: Platform;

  @IsIn(ENROLLMENT_TYPE_NAMES, { message: 'is not a known enrollment type' })
  enrollmentType!: EnrollmentType;

  /** Absent for userless enrollments (dedicated devices, bulk enrollment without user affinity). */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EnrollingUserDto)
  user?: EnrollingUserDto;

  @IsObject()
  @ValidateNested()
  @Type(() => EnrollmentHardwareDto)
  hardware!: EnrollmentHardwareDto;
}
