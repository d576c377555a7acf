import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
} from 'class-validator';
import { acceptReadOnly } from '../../common/validation';
import { REPORT_FORMATS, REPORT_NAMES } from './report-definitions';

/**
 * Graph's deviceManagementExportJob as a create body. `format` pdf, a `snapshotId` and a `search`
 * term are documented but not produced here (a 400 says so); the read-only properties (`id`,
 * `status`, `url`, the dates) are accepted and ignored.
 */
export class CreateExportJobDto {
  @IsOptional()
  @Equals('#microsoft.graph.deviceManagementExportJob', {
    message: 'must be #microsoft.graph.deviceManagementExportJob',
  })
  '@odata.type'?: string;

  @IsIn(REPORT_NAMES, {
    message: `must be one of ${REPORT_NAMES.join(', ')} (the reports this service exports)`,
  })
  reportName!: string;

  @IsOptional() @IsString() @MaxLength(2000) filter?: string | null;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(256)
  @IsString({ each: true })
  @MaxLength(1000, { each: true })
  select?: string[] | null;

  @IsOptional()
  @IsIn(REPORT_FORMATS, { message: `must be one of ${REPORT_FORMATS.join(', ')}` })
  format?: string;

  @IsOptional() @IsString() @MaxLength(64) localizationType?: string;

  @IsOptional()
  @IsIn(['', null], { message: 'is not supported: snapshots are not kept here' })
  snapshotId?: string | null;

  @IsOptional()
  @IsIn(['', null], { message: 'is not supported: use filter' })
  search?: string | null;
}

acceptReadOnly(CreateExportJobDto, [
  'id',
  'status',
  'url',
  'requestDateTime',
  'expirationDateTime',
]);
