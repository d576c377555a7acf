import { IsText } from '../../platform/http/validation';

/** The person a data-subject request is about, found by UPN (case-insensitively) in the tenant. */
export class DataSubjectRequestDto {
  @IsText(320) userPrincipalName!: string;
}
