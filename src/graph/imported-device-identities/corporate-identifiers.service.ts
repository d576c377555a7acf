import { HttpStatus, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { chunks } from '../../platform/store/device-apps.store';
import { AuditActor } from '../../platform/database/entities/audit-event.entity';
import { AuditService } from '../../platform/audit/audit.service';
import {
  conflict,
  GraphError,
  invalidRequest,
  itemNotFound,
} from '../../platform/http/graph-error';
import { GraphCollection, graphList } from '../http/graph-list';
import {
  isUniqueViolation,
  Tx,
  WriteTransactions,
} from '../../platform/database/write-transactions';
import { CorporateIdentifier } from '../../platform/database/entities/corporate-identifier.entity';
import {
  canonicalCorporateIdentifier,
  CheckedEntry,
  checkImportEntries,
  ImportEntry,
  MAX_IMPORT_ROWS,
  NewCorporateIdentifier,
} from './identity-import';
import {
  IMPORTED_DEVICE_IDENTITIES,
  ImportedDeviceIdentityView,
  mapCorporateIdentifierRow,
} from './imported-device-identity.mapper';

/** The outcome of one entry of an import, in the order of the request. */
export interface ImportedEntry {
  identity: CorporateIdentifier;
  /** false: the identifier was imported before and left as it was. */
  status: boolean;
}

/** Corporate identifiers (Graph importedDeviceIdentities): imported before enrollment, they make a device corporate. */
@Injectable()
export class CorporateIdentifiersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly transactions: WriteTransactions,
    private readonly audit: AuditService,
  ) {}

  list(
    tenantId: string,
    request: FastifyRequest,
  ): Promise<GraphCollection<Partial<ImportedDeviceIdentityView>>> {
    return graphList({
      request,
      resource: IMPORTED_DEVICE_IDENTITIES,
      entitySet: 'deviceManagement/importedDeviceIdentities',
      builder: this.dataSource
        .createQueryBuilder()
        .select([
          'i.id AS id',
          'i.kind AS kind',
          'i.value AS value',
          'i.description AS description',
          'i.enrollment_state AS enrollment_state',
          'i.last_contacted_at AS last_contacted_at',
          'i.created_at AS created_at',
          'i.updated_at AS updated_at',
        ])
        .from('corporate_identifier', 'i')
        .where('i.tenant_id = :tenantId', { tenantId }),
      map: mapCorporateIdentifierRow,
    });
  }

  async get(tenantId: string, id: string): Promise<CorporateIdentifier> {
    const row = await this.dataSource.manager.findOneBy(CorporateIdentifier, { id, tenantId });
    if (!row) throw itemNotFound('The imported device identity');
    return row;
  }

  /**
   * Deletes an identifier. A device that enrolled as corporate because of it stays corporate: the
   * identifier decided ownership at enrollment, and only an admin's PATCH changes it later.
   */
  delete(tenantId: string, id: string, actor: AuditActor): Promise<void> {
    return this.transactions.run(async (tx) => {
      const row = await tx.manager.findOneBy(CorporateIdentifier, { id, tenantId });
      if (!row) throw itemNotFound('The imported device identity');
      await tx.manager.delete(CorporateIdentifier, { id: row.id });
      await this.audit.record(tx, {
        tenantId,
        category: 'Enrollment',
        activity: 'Delete corporate identifier',
        activityType: 'Delete ImportedDeviceIdentity',
        operationType: 'Delete',
        actor,
        resources: [
          {
            resourceId: row.id,
            type: 'importedDeviceIdentity',
            displayName: null,
            modifiedProperties: [
              { displayName: 'importedDeviceIdentityType', oldValue: row.kind, newValue: null },
              { displayName: 'description', oldValue: row.description, newValue: null },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
    });
  }

  /**
   * Imports a list of identifiers, all or nothing: if any entry is malformed or repeats an earlier
   * one, the request is refused with one detail per such entry and nothing is imported. Identifiers
   * imported before are left as they are (status false) or, with `overwrite`, get the new
   * description. One audit event covers the whole import.
   */
  async import(
    tenantId: string,
    entries: readonly ImportEntry[],
    overwrite: boolean,
    actor: AuditActor,
  ): Promise<ImportedEntry[]> {
    if (entries.length === 0) throw invalidRequest('body', 'The import contains no identifiers.');
    if (entries.length > MAX_IMPORT_ROWS) {
      throw invalidRequest(
        'body',
        `The import has ${entries.length} identifiers; at most ${MAX_IMPORT_ROWS} are accepted at once.`,
      );
    }
    const { accepted, problems } = checkImportEntries(entries);
    if (problems.length > 0) {
      throw new GraphError(
        HttpStatus.BAD_REQUEST,
        'invalidRequest',
        `${problems.length} of ${entries.length} entries are invalid or repeated; nothing was imported.`,
        'body',
        {},
        problems.map((p) => ({
          code: 'invalidRequest',
          message: `${p.position}: ${p.problem}.`,
          target: p.position,
        })),
      );
    }
    return this.transactions.run(async (tx) => {
      const now = Date.now();
      const existing = await this.findExisting(tx, tenantId, accepted);
      const results: ImportedEntry[] = [];
      const toInsert: CorporateIdentifier[] = [];
      let overwritten = 0;
      for (const entry of accepted) {
        const found = existing.get(`${entry.kind}\u0000${entry.value}`);
        if (!found) {
          const row = tx.manager.create(CorporateIdentifier, {
            id: randomUUID(),
            tenantId,
            kind: entry.kind,
            value: entry.value,
            description: entry.description,
            enrollmentState: 'notContacted',
            lastContactedAt: null,
            createdAt: now,
            updatedAt: now,
          });
          toInsert.push(row);
          results.push({ identity: row, status: true });
        } else if (overwrite) {
          if (found.description !== entry.description) {
            await tx.run(
              'UPDATE corporate_identifier SET description = ?, updated_at = ? WHERE id = ?',
              [entry.description, now, found.id],
            );
            overwritten++;
          }
          results.push({
            identity: { ...found, description: entry.description, updatedAt: now },
            status: true,
          });
        } else {
          results.push({ identity: found, status: false });
        }
      }
      for (const chunk of chunks(toInsert)) {
        await tx.run(
          `INSERT INTO corporate_identifier
             (id, tenant_id, kind, value, description, enrollment_state, last_contacted_at, created_at, updated_at)
           VALUES ${chunk.map(() => '(?, ?, ?, ?, ?, ?, NULL, ?, ?)').join(', ')}`,
          chunk.flatMap((row) => [
            row.id,
            row.tenantId,
            row.kind,
            row.value,
            row.description,
            row.enrollmentState,
            row.createdAt,
            row.updatedAt,
          ]),
        );
      }
      await this.audit.record(tx, {
        tenantId,
        category: 'Enrollment',
        activity: 'Import corporate identifiers',
        activityType: 'importDeviceIdentityList ImportedDeviceIdentity',
        operationType: 'Create',
        actor,
        resources: [
          {
            resourceId: tenantId,
            type: 'importedDeviceIdentityList',
            displayName: null,
            modifiedProperties: [
              { displayName: 'imported', oldValue: null, newValue: String(toInsert.length) },
              { displayName: 'overwritten', oldValue: null, newValue: String(overwritten) },
              {
                displayName: 'alreadyImported',
                oldValue: null,
                newValue: String(results.filter((r) => !r.status).length),
              },
            ],
          },
        ],
        correlationId: randomUUID(),
      });
      return results;
    });
  }

  private async findExisting(
    tx: Tx,
    tenantId: string,
    entries: readonly CheckedEntry[],
  ): Promise<Map<string, CorporateIdentifier>> {
    const found = new Map<string, CorporateIdentifier>();
    for (const chunk of chunks(entries)) {
      const rows = await tx.manager
        .createQueryBuilder(CorporateIdentifier, 'i')
        .where('i.tenant_id = :tenantId', { tenantId })
        .andWhere(
          `(${chunk.map((_, n) => `(i.kind = :kind${n} AND i.value = :value${n})`).join(' OR ')})`,
          Object.fromEntries(
            chunk.flatMap((entry, n) => [
              [`kind${n}`, entry.kind],
              [`value${n}`, entry.value],
            ]),
          ),
        )
        .getMany();
      for (const row of rows) found.set(`${row.kind}\u0000${row.value}`, row);
    }
    return found;
  }

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
      const now = Date.now();
      const row = tx.manager.create(CorporateIdentifier, {
        id: randomUUID(),
        tenantId,
        kind: canonical.kind,
        value: canonical.value,
        description: identifier.description ?? null,
        enrollmentState: 'notContacted',
        lastContactedAt: null,
        createdAt: now,
        updatedAt: now,
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
