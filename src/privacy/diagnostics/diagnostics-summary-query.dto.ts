import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export class DiagnosticsSummaryQueryDto {
  /** The last this many days (by the time events were received). */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number of days' })
  @Min(1)
  @Max(3650)
  days?: number;
}
