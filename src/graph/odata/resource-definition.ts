/** The value a column holds in the database (both SQLite and PostgreSQL). */
export type StoredValue = string | number | boolean | null;

/**
 * Property types as the API sees them. Datetimes are epoch milliseconds in storage; booleans are
 * 0/1 unless the property supplies its own `toDb`.
 */
export type PropertyType = 'string' | 'int' | 'number' | 'boolean' | 'datetime' | 'enum' | 'guid';

interface PropertyBase<TRow> {
  /** Trusted SQL expression for the column, e.g. `d.device_name`. Never derived from input. */
  column: string;
  /** Defaults to true; false lets sorting and paging skip the NULL handling. */
  nullable?: boolean;
  /** Defaults to true. */
  filterable?: boolean;
  /** Defaults to true. */
  sortable?: boolean;
  /** Defaults to true. */
  selectable?: boolean;
  /**
   * Converts an API value (string, number, epoch ms or boolean; for enums the stored word) to what
   * the column stores. Defaults: booleans → 1/0, everything else unchanged.
   */
  toDb?: (value: string | number | boolean) => StoredValue;
  /**
   * Reads the stored value of this property from a fetched row, to build `$skiptoken`s.
   * Defaults to `row[propertyName]`.
   */
  value?: (row: TRow) => unknown;
}

export interface EnumPropertyDefinition<TRow> extends PropertyBase<TRow> {
  type: 'enum';
  /** Graph member name → stored word, e.g. `{ company: 'corporate' }`. */
  values: Readonly<Record<string, string>>;
  /** Graph enum type, e.g. `microsoft.graph.managedDeviceOwnerType`, checked in typed literals. */
  enumTypeName?: string;
}

export interface ScalarPropertyDefinition<TRow> extends PropertyBase<TRow> {
  type: Exclude<PropertyType, 'enum'>;
}

export type PropertyDefinition<TRow = Record<string, unknown>> =
  EnumPropertyDefinition<TRow> | ScalarPropertyDefinition<TRow>;

/** The whitelist of one entity set: the only properties and columns a query can touch. */
export interface ResourceDefinition<TRow = Record<string, unknown>> {
  /** Entity set name as in the URL, e.g. `managedDevices`; used in messages and $skiptoken. */
  name: string;
  /** A unique, non-null property: the last sort key, so that ordering and paging are total. */
  key: string;
  properties: Readonly<Record<string, PropertyDefinition<TRow>>>;
  /** Columns `$search` looks in (e.g. name, serial, IMEI, UPN); without them $search is a 400. */
  searchColumns?: readonly string[];
}

/** Own properties only, so `constructor` or `__proto__` in a query are unknown, not Object's. */
export function findProperty<TRow>(
  resource: ResourceDefinition<TRow>,
  name: string,
): PropertyDefinition<TRow> | undefined {
  return Object.hasOwn(resource.properties, name) ? resource.properties[name] : undefined;
}

export function isNullable(property: PropertyDefinition<never>): boolean {
  return property.nullable !== false;
}

/** Edm type names, for messages a Graph client recognises. */
export function edmTypeName(property: PropertyDefinition<never>): string {
  switch (property.type) {
    case 'string':
      return 'Edm.String';
    case 'int':
      return 'Edm.Int64';
    case 'number':
      return 'Edm.Double';
    case 'boolean':
      return 'Edm.Boolean';
    case 'datetime':
      return 'Edm.DateTimeOffset';
    case 'guid':
      return 'Edm.Guid';
    case 'enum':
      return property.enumTypeName ?? 'enum';
  }
}

export function toStoredValue(
  property: PropertyDefinition<never>,
  value: string | number | boolean,
): StoredValue {
  if (property.toDb) return property.toDb(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}
