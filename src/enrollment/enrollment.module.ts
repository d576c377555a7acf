import { Module } from '@nestjs/common';
import { EnrollmentController } from './enrollment.controller';
import { EnrollmentService } from './enrollment.service';

@Module({ controllers: [EnrollmentController], providers: [EnrollmentService] })
export class EnrollmentModule {}
