import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { manufacturerModelSerialKey } from '../collection-rules';
import { AuditActor } from '../audit/audit-event.entity';
import { AuditService } from '../audit/audit.service';
import { conflict, invalidRequest } from '../common/graph-error';
import { isUniqueViolation, WriteTransactions } from '../database/write-transactions';
import { checkImei } from '../identifiers';
import { CorporateIdentifier, CorporateIdentifierKind } from './corporate-identifier.entity';

export type NewCorporateIdentifier =
  | { kind: 'imei'; imei: string; description?: string | null }
  | { kind: 'serialNumber'; serialNumber: string; description?: string | null }
  | {
      kind: 'manufacturerModelSerial';
      manufacturer: string;
      model: string;
      serialNumber: string;
      description?: string | null;
    };

/** The canonical stored value of an identifier, or a problem naming the field. */
export function canonicalCorporateIdentifier(
  identifier: NewCorporateIdentifier,
): { kind: CorporateIdentifierKind; value: string } | { field: string; problem: string } {
  switch (identifier.kind) {
    case 'imei': {
      const imei = checkImei(identifier.imei);
      return imei.ok
        ? { kind: 'imei', value: imei.value }
        : { field: 'imei', problem: imei.problem };
    }
    case 'serialNumber': {
      const serial = identifier.serialNumber.trim().toUpperCase();
      return /^[A-Z0-9][A-Z0-9-]{2,63}$/.test(serial)
        ? { kind: 'serialNumber', value: serial }
        : { field: 'serialNumber', problem: 'must be 3–64 letters, digits or hyphens' };
    }
    case 'manufacturerModelSerial': {
      for (const field of ['manufacturer', 'model', 'serialNumber'] as const) {
        const value = identifier[field].trim();
        if (!value || value.length > 128) return { field, problem: 'must have 1–128 characters' };
      }
      return {
        kind: 'manufacturerModelSerial',
        value: manufacturerModelSerialKey(
          identifier.manufacturer,
          identifier.model,
          identifier.serialNumber,
        ),
      };
    }
  }
}

/** Corporate identifiers (Graph importedDeviceIdentities): imported before enrollment, they make a device corporate. */
@Injectable()
export class CorporateIdentifiersService {
  constructor(
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  add(
    tenantId: string,
    identifier: NewCorporateIdentifier,
    actor: AuditActor,
  ): Promise<CorporateIdentifier> {
    const canonical = canonicalCorporateIdentifier(identifier);
    if ('problem' in canonical) {
      throw invalidRequest(
        canonical.field,
        `Invalid field '${canonical.field}': ${canonical.problem}.`,
      );
    }
    return this.transactions.run(async (tx) => {
      const row = tx.manager.create(CorporateIdentifier, {
        id: randomUUID(),
        tenantId,
        kind: canonical.kind,
        value: canonical.value,
        description: identifier.description ?? null,
        enrollmentState: 'notContacted',
        lastContactedAt: null,
        createdAt: Date.now(),
      });
      try {
        await tx.manager.insert(CorporateIdentifier, row);
      } catch (error) {
        if (isUniqueViolation(error))
          throw conflict(undefined, 'This corporate identifier is already imported.');
        throw error;
      }
      await this.audit.record(tx, {
        tenantId,
        category: 'Enrollment',
        activity: 'Import corporate identifier',
        activityType: 'Create ImportedDeviceIdentity',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: row.id,
            type: 'importedDeviceIdentity',
            displayName: null,
            modifiedProperties: [
              { displayName: 'importedDeviceIdentityType', oldValue: null, newValue: row.kind },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return row;
    });
  }
}
