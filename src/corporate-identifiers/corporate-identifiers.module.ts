import { Module } from '@nestjs/common';
import { CorporateIdentifiersService } from './corporate-identifiers.service';

@Module({ providers: [CorporateIdentifiersService], exports: [CorporateIdentifiersService] })
export class CorporateIdentifiersModule {}
