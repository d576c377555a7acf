import { Module } from '@nestjs/common';
import { CorporateIdentifiersService } from './corporate-identifiers.service';
import { ImportedDeviceIdentitiesController } from './imported-device-identities.controller';

@Module({
  controllers: [ImportedDeviceIdentitiesController],
  providers: [CorporateIdentifiersService],
  exports: [CorporateIdentifiersService],
})
export class CorporateIdentifiersModule {}
