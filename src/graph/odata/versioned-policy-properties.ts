import { PropertyDefinition } from './resource-definition';

/** The columns Graph's versioned policy resources share (deviceConfiguration, deviceCompliancePolicy). */
export interface VersionedPolicyRow {
  id: string;
  display_name: string;
  description: string | null;
  version: number | string;
  created_at: number | string;
  updated_at: number | string;
}

/**
 * What `$filter`, `$orderby` and `$select` may use of the properties every versioned policy has
 * in Graph (its base type's id, displayName, description, dates and version), read from alias `p`.
 */
export function versionedPolicyProperties<Row extends VersionedPolicyRow>(): Record<
  string,
  PropertyDefinition<Row>
> {
  return {
    id: { column: 'p.id', type: 'guid', nullable: false, value: (row) => row.id },
    displayName: {
      column: 'p.display_name',
      type: 'string',
      nullable: false,
      value: (row) => row.display_name,
    },
    description: { column: 'p.description', type: 'string', value: (row) => row.description },
    createdDateTime: {
      column: 'p.created_at',
      type: 'datetime',
      nullable: false,
      value: (row) => row.created_at,
    },
    lastModifiedDateTime: {
      column: 'p.updated_at',
      type: 'datetime',
      nullable: false,
      value: (row) => row.updated_at,
    },
    version: { column: 'p.version', type: 'int', nullable: false, value: (row) => row.version },
  };
}
