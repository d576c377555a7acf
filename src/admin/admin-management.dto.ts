import { IsIn, IsISO8601, IsOptional, Matches } from 'class-validator';
import { IsText } from '../platform/http/validation';
import { ADMIN_ROLES, AdminRole } from '../platform/database/entities/admin.entity';

/** name@domain, as Entra user principal names are. */
export const USER_PRINCIPAL_NAME = /^[^@\s]{1,200}@[^@\s.]+(\.[^@\s.]+)+$/;

export class CreateAdminDto {
  @IsText(320)
  @Matches(USER_PRINCIPAL_NAME, { message: 'must look like name@domain' })
  userPrincipalName!: string;

  @IsOptional() @IsText(256) displayName?: string;

  @IsIn(ADMIN_ROLES, { message: `must be one of ${ADMIN_ROLES.join(', ')}` })
  role!: AdminRole;

  /** Expiry of the admin's first token (ISO 8601); absent = until revoked. */
  @IsOptional() @IsISO8601({ strict: true }) tokenExpiresDateTime?: string;
}

export class CreateAdminTokenDto {
  @IsOptional() @IsISO8601({ strict: true }) expiresDateTime?: string;
}

export class CreateEnrollmentTokenDto {
  @IsOptional() @IsText(200) description?: string;
  @IsOptional() @IsISO8601({ strict: true }) expiresDateTime?: string;
}
