import { Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditActor } from '../platform/database/entities/audit-event.entity';
import { AuditService } from '../platform/audit/audit.service';
import { conflict, itemNotFound } from '../platform/http/graph-error';
import { hashToken, newToken, ServerSecrets } from '../platform/secrets';
import { SERVER_SECRETS } from '../platform/tokens';
import { Tx, WriteTransactions } from '../platform/database/write-transactions';
import { EnrollmentToken } from '../platform/database/entities/enrollment-token.entity';

export interface IssuedEnrollmentToken {
  row: EnrollmentToken;
  /** Shown once: only its hash is stored. */
  token: string;
}

/** A tenant's enrollment tokens: devices enroll with one; they can expire and be revoked. */
@Injectable()
export class EnrollmentTokensService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  issue(
    tenantId: string,
    input: { description: string | null; expiresAt: number | null },
    actor: AuditActor,
  ): Promise<IssuedEnrollmentToken> {
    return this.transactions.run((tx) => this.issueIn(tx, tenantId, input, actor, randomUUID()));
  }

  async issueIn(
    tx: Tx,
    tenantId: string,
    input: { description: string | null; expiresAt: number | null },
    actor: AuditActor,
    correlationId: string,
  ): Promise<IssuedEnrollmentToken> {
    const token = newToken('enr');
    const row = tx.manager.create(EnrollmentToken, {
      id: randomUUID(),
      tenantId,
      tokenHash: hashToken(this.secrets.tokenPepper, token),
      description: input.description,
      createdAt: Date.now(),
      expiresAt: input.expiresAt,
      revokedAt: null,
    });
    await tx.manager.insert(EnrollmentToken, row);
    await this.audit.record(tx, {
      tenantId,
      category: 'Enrollment',
      activity: 'Issue enrollment token',
      activityType: 'Create EnrollmentToken',
      operationType: 'Create',
      actor,
      resources: [
        {
          resourceId: row.id,
          type: 'enrollmentToken',
          displayName: row.description,
          modifiedProperties: [
            {
              displayName: 'expiresDateTime',
              oldValue: null,
              newValue: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
            },
          ],
        },
      ],
      correlationId,
    });
    return { row, token };
  }

  list(tenantId: string): Promise<EnrollmentToken[]> {
    return this.dataSource.manager.find(EnrollmentToken, {
      where: { tenantId },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  revoke(tenantId: string, tokenId: string, actor: AuditActor): Promise<void> {
    return this.transactions.run(async (tx) => {
      const token = await tx.manager.findOneBy(EnrollmentToken, { id: tokenId, tenantId });
      if (!token) throw itemNotFound('The enrollment token');
      if (token.revokedAt !== null) throw conflict(undefined, 'The token is already revoked.');
      await tx.run('UPDATE enrollment_token SET revoked_at = ? WHERE id = ?', [
        Date.now(),
        token.id,
      ]);
      await this.audit.record(tx, {
        tenantId,
        category: 'Enrollment',
        activity: 'Revoke enrollment token',
        activityType: 'Delete EnrollmentToken',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: token.id,
            type: 'enrollmentToken',
            displayName: token.description,
            modifiedProperties: [
              {
                displayName: 'revokedDateTime',
                oldValue: null,
                newValue: new Date().toISOString(),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }
}
