import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  Equals,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsObject,
  ValidateNested,
} from 'class-validator';
import { acceptReadOnly, IsText } from '../../common/validation';
import { CorporateIdentifierKind } from '../corporate-identifier.entity';
import { MAX_IMPORT_ROWS } from '../identity-import';
import { IMPORTED_DEVICE_IDENTITY_TYPES } from '../imported-device-identity.mapper';

const TYPE_MESSAGE = { message: `must be one of ${IMPORTED_DEVICE_IDENTITY_TYPES.join(', ')}` };

export class ImportedDeviceIdentityDto {
  @IsOptional()
  @Equals('#microsoft.graph.importedDeviceIdentity', {
    message: 'must be #microsoft.graph.importedDeviceIdentity',
  })
  '@odata.type'?: string;

  /** IMEI, serial number, or `manufacturer,model,serialNumber` for Windows. */
  @IsText(400) importedDeviceIdentifier!: string;

  @IsIn(IMPORTED_DEVICE_IDENTITY_TYPES, TYPE_MESSAGE)
  importedDeviceIdentityType!: CorporateIdentifierKind;

  @IsOptional() @IsText(256) description?: string | null;
}

/**
 * Documented read-only properties (and `platform`, `enrollmentState`, `lastContactedDateTime`,
 * which Intune sets itself as devices enroll): accepted in a body and ignored, as Graph does.
 */
acceptReadOnly(ImportedDeviceIdentityDto, [
  'id',
  'createdDateTime',
  'lastModifiedDateTime',
  'lastContactedDateTime',
  'enrollmentState',
  'platform',
]);

/** Graph's importDeviceIdentityList body. */
export class ImportDeviceIdentityListDto {
  @IsArray()
  @ArrayMaxSize(MAX_IMPORT_ROWS)
  // IsObject each: else a list element that is itself a list passes (nested lists are validated item by item).
  @IsObject({ each: true, message: 'must be a list of objects' })
  @ValidateNested({ each: true })
  @Type(() => ImportedDeviceIdentityDto)
  importedDeviceIdentities!: ImportedDeviceIdentityDto[];

  @IsOptional() @IsBoolean() overwriteImportedDeviceIdentities?: boolean;
}

/** Query of the CSV upload: the file itself says neither. */
export class CsvImportQueryDto {
  @IsIn(IMPORTED_DEVICE_IDENTITY_TYPES, TYPE_MESSAGE)
  importedDeviceIdentityType!: CorporateIdentifierKind;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'must be true or false' })
  overwriteImportedDeviceIdentities?: 'true' | 'false';
}
