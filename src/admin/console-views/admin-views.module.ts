import { Module } from '@nestjs/common';
import { PrivacyModule } from '../../privacy/privacy.module';
import { GraphModule } from '../../graph/graph.module';
import { AdminViewsController } from './admin-views.controller';
import { AdminViewsService } from './admin-views.service';

/** Admin views the Graph API lacks: who am I, device counts, compliance reason, history, CSV. */
@Module({
  imports: [GraphModule, PrivacyModule],
  controllers: [AdminViewsController],
  providers: [AdminViewsService],
})
export class AdminViewsModule {}
