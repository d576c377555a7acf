import { IsBoolean, IsOptional, Matches } from 'class-validator';

/** Graph's wipe body; which option a platform honours is checked by wipeOptionNotOnPlatform. */
export class WipeManagedDeviceDto {
  @IsOptional() @IsBoolean() keepEnrollmentData?: boolean;
  @IsOptional() @IsBoolean() keepUserData?: boolean;
  @IsOptional() @Matches(/^\d{6}$/, { message: 'must be six digits' }) macOsUnlockCode?: string;
  @IsOptional() @IsBoolean() persistEsimDataPlan?: boolean;
  @IsOptional() @IsBoolean() useProtectedWipe?: boolean;
}
