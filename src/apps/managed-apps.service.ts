import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Platform } from '../collection-rules';
import { AuditActor } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { conflict } from '../common/graph-error';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { AssignmentIntent, ManagedApp } from './managed-app.entity';

export interface NewManagedApp {
  platform: Platform;
  appId: string;
  displayName: string;
  publisher?: string | null;
  description?: string | null;
  assignmentIntent?: AssignmentIntent | null;
}

/** The tenant's deployed apps (Graph mobileApps): the apps personal devices may report. */
@Injectable()
export class ManagedAppsService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  create(tenantId: string, app: NewManagedApp, actor: AuditActor): Promise<ManagedApp> {
    return this.transactions.run(async (tx) => {
      const now = Date.now();
      const row = tx.manager.create(ManagedApp, {
        id: randomUUID(),
        tenantId,
        platform: app.platform,
        appId: app.appId,
        displayName: app.displayName,
        publisher: app.publisher ?? null,
        description: app.description ?? null,
        assignmentIntent: app.assignmentIntent ?? null,
        createdAt: now,
        updatedAt: now,
      });
      try {
        await tx.manager.insert(ManagedApp, row);
      } catch (error) {
        if (isUniqueViolation(error)) {
          throw conflict(
            'appId',
            `The tenant already deploys an app with this appId on ${app.platform}.`,
          );
        }
        throw error;
      }
      await this.audit.record(tx, {
        tenantId,
        category: 'Application',
        activity: 'Create mobile app',
        activityType: 'Create MobileApp',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: row.id,
            type: 'mobileApp',
            displayName: row.displayName,
            modifiedProperties: [
              { displayName: 'appId', oldValue: null, newValue: row.appId },
              { displayName: 'platform', oldValue: null, newValue: row.platform },
              { displayName: 'assignmentIntent', oldValue: null, newValue: row.assignmentIntent },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return row;
    });
  }
}
