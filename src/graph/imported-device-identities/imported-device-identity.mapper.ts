import { graphDateTime } from '../../platform/http/graph-values';
import { ResourceDefinition } from '../odata';
import {
  CorporateIdentifier,
  CorporateIdentifierEnrollmentState,
  CorporateIdentifierKind,
} from '../../platform/database/entities/corporate-identifier.entity';

export const IMPORTED_DEVICE_IDENTITY_TYPES = [
  'imei',
  'serialNumber',
  'manufacturerModelSerial',
] as const satisfies readonly CorporateIdentifierKind[];

/** Graph's importedDeviceIdentity (beta). */
export interface ImportedDeviceIdentityView {
  '@odata.type': '#microsoft.graph.importedDeviceIdentity';
  id: string;
  importedDeviceIdentifier: string;
  importedDeviceIdentityType: CorporateIdentifierKind;
  lastModifiedDateTime: string;
  createdDateTime: string;
  /** Intune's 0001-01-01T00:00:00Z until a matching device enrolls. */
  lastContactedDateTime: string;
  description: string | null;
  enrollmentState: CorporateIdentifierEnrollmentState;
  platform: 'windows' | 'unknown';
}

/** Stored `MANUFACTURER|MODEL|SERIAL` is shown as Intune's `manufacturer,model,serialNumber`. */
const graphIdentifier = (kind: CorporateIdentifierKind, value: string): string =>
  kind === 'manufacturerModelSerial' ? value.split('|').join(',') : value;

export function mapImportedDeviceIdentity(row: CorporateIdentifier): ImportedDeviceIdentityView {
  return {
    '@odata.type': '#microsoft.graph.importedDeviceIdentity',
    id: row.id,
    importedDeviceIdentifier: graphIdentifier(row.kind, row.value),
    importedDeviceIdentityType: row.kind,
    lastModifiedDateTime: graphDateTime(row.updatedAt ?? row.createdAt),
    createdDateTime: graphDateTime(row.createdAt),
    lastContactedDateTime: graphDateTime(row.lastContactedAt),
    description: row.description,
    enrollmentState: row.enrollmentState,
    // Only Windows identifiers say which platform they are for.
    platform: row.kind === 'manufacturerModelSerial' ? 'windows' : 'unknown',
  };
}

/** A corporate_identifier row as a list query selects it (raw columns). */
export interface CorporateIdentifierRow {
  id: string;
  kind: CorporateIdentifierKind;
  value: string;
  description: string | null;
  enrollment_state: CorporateIdentifierEnrollmentState;
  last_contacted_at: number | string | null;
  created_at: number | string;
  updated_at: number | string | null;
}

export const mapCorporateIdentifierRow = (row: CorporateIdentifierRow) =>
  mapImportedDeviceIdentity({
    id: row.id,
    tenantId: '',
    kind: row.kind,
    value: row.value,
    description: row.description,
    enrollmentState: row.enrollment_state,
    lastContactedAt: row.last_contacted_at === null ? null : Number(row.last_contacted_at),
    createdAt: Number(row.created_at),
    updatedAt: row.updated_at === null ? null : Number(row.updated_at),
  });

/** What `$filter`, `$orderby` and `$select` may use on importedDeviceIdentities. */
export const IMPORTED_DEVICE_IDENTITIES: ResourceDefinition<CorporateIdentifierRow> = {
  name: 'importedDeviceIdentities',
  key: 'id',
  properties: {
    id: { column: 'i.id', type: 'guid', nullable: false, value: (row) => row.id },
    importedDeviceIdentifier: {
      // Stored in canonical form (upper case; Windows parts joined by `|`).
      column: 'i.value',
      type: 'string',
      nullable: false,
      value: (row) => row.value,
    },
    importedDeviceIdentityType: {
      column: 'i.kind',
      type: 'enum',
      nullable: false,
      values: {
        imei: 'imei',
        serialNumber: 'serialNumber',
        manufacturerModelSerial: 'manufacturerModelSerial',
      },
      value: (row) => row.kind,
    },
    description: { column: 'i.description', type: 'string', value: (row) => row.description },
    enrollmentState: {
      column: 'i.enrollment_state',
      type: 'enum',
      nullable: false,
      values: { notContacted: 'notContacted', enrolled: 'enrolled' },
      value: (row) => row.enrollment_state,
    },
    createdDateTime: {
      column: 'i.created_at',
      type: 'datetime',
      nullable: false,
      value: (row) => row.created_at,
    },
    lastContactedDateTime: {
      column: 'i.last_contacted_at',
      type: 'datetime',
      value: (row) => row.last_contacted_at,
    },
    lastModifiedDateTime: {
      column: 'i.updated_at',
      type: 'datetime',
      value: (row) => row.updated_at,
    },
    // Derived from the identifier type: only for $select.
    platform: {
      column: 'i.kind',
      type: 'string',
      filterable: false,
      sortable: false,
      value: (row) => row.kind,
    },
  },
};
