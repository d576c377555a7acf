import { ODataQueryError, abbreviate } from './odata-query-error';
import {
  PropertyDefinition,
  ResourceDefinition,
  findProperty,
  isNullable,
} from './resource-definition';

export type SortDirection = 'asc' | 'desc';

export interface SortKey<TRow = Record<string, unknown>> {
  property: string;
  definition: PropertyDefinition<TRow>;
  direction: SortDirection;
  /** The resource's unique key: compared as stored, and never null. */
  isKey: boolean;
}

/** An ORDER BY term, in the shape of TypeORM's `addOrderBy(expression, direction)`. */
export interface OrderByTerm {
  expression: string;
  direction: 'ASC' | 'DESC';
}

const MAX_ORDER_BY_LENGTH = 1000;

/**
 * Reads `$orderby` (`name`, `name asc`, `name desc`, comma-separated) against the sortable
 * properties, and appends the resource key as the final ascending tiebreaker unless it is already
 * there, so that the order is total and keyset paging exact.
 */
export function parseOrderBy<TRow>(
  text: string | undefined,
  resource: ResourceDefinition<TRow>,
): SortKey<TRow>[] {
  const keys: SortKey<TRow>[] = [];
  if (text !== undefined) {
    if (text.length > MAX_ORDER_BY_LENGTH) {
      throw new ODataQueryError(
        `$orderby is longer than ${MAX_ORDER_BY_LENGTH} characters`,
        '$orderby',
      );
    }
    if (text.trim() === '') throw new ODataQueryError('$orderby is empty', '$orderby');
    for (const item of text.split(',')) {
      const [property, direction = 'asc', ...rest] = item.trim().split(/\s+/);
      if (property === '') {
        throw new ODataQueryError('$orderby has an empty sort key', '$orderby');
      }
      const lowerDirection = direction.toLowerCase();
      if (rest.length > 0 || (lowerDirection !== 'asc' && lowerDirection !== 'desc')) {
        throw new ODataQueryError(
          `'${abbreviate(item.trim())}' in $orderby is not a property followed by asc or desc`,
          '$orderby',
        );
      }
      const definition = findProperty(resource, property);
      if (!definition || definition.sortable === false) {
        throw new ODataQueryError(
          `Property '${abbreviate(property)}' is not supported in $orderby on ${resource.name}`,
          '$orderby',
        );
      }
      if (keys.some((key) => key.property === property)) {
        throw new ODataQueryError(
          `Property '${property}' appears more than once in $orderby`,
          '$orderby',
        );
      }
      const isKey = property === resource.key;
      keys.push({ property, definition, direction: lowerDirection, isKey });
    }
  }
  if (!keys.some((key) => key.isKey)) {
    const definition = findProperty(resource, resource.key);
    if (!definition) {
      throw new Error(`Resource ${resource.name} has no property for its key '${resource.key}'`);
    }
    keys.push({ property: resource.key, definition, direction: 'asc', isKey: true });
  }
  return keys;
}

/** Nulls take part in sorting unless the column cannot hold them. */
export function sortsNulls(key: SortKey<never>): boolean {
  return !key.isKey && isNullable(key.definition);
}

/** What is compared when sorting: strings case-insensitively, like Graph. */
export function sortExpression(key: SortKey<never>, operand = key.definition.column): string {
  return key.definition.type === 'string' && !key.isKey ? `LOWER(${operand})` : operand;
}

/**
 * ORDER BY terms that sort the same way on SQLite and PostgreSQL: NULLs count as the smallest
 * value (first ascending, last descending) through an explicit IS NULL term, since the two
 * databases disagree about where NULLs go by default. Keyset paging relies on exactly this order.
 */
export function orderByTerms(keys: readonly SortKey<never>[]): OrderByTerm[] {
  return keys.flatMap((key) => {
    const direction = key.direction === 'asc' ? 'ASC' : 'DESC';
    const value = { expression: sortExpression(key), direction } as const;
    if (!sortsNulls(key)) return [value];
    const nullsFirst = `CASE WHEN ${key.definition.column} IS NULL THEN 0 ELSE 1 END`;
    return [{ expression: nullsFirst, direction }, value];
  });
}
