import { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { applyListFilter, applyListPage, ListQuery, takePage } from '../odata';

export interface Page<TRow> {
  rows: TRow[];
  /** `@odata.count`: every row the filter matches, when `$count=true`. */
  count?: number;
  /** For `@odata.nextLink`, when another page exists. */
  skipToken?: string;
}

/**
 * Runs a list request on a query builder that already selects the raw columns and restricts the
 * rows to the tenant: `$filter`/`$search`, then the keyset page. Rows stay raw (no entity
 * hydration): a 1,000-row page is mapped straight to Graph JSON.
 */
export async function readPage<TRow>(
  builder: SelectQueryBuilder<ObjectLiteral>,
  query: ListQuery<TRow>,
): Promise<Page<TRow>> {
  applyListFilter(builder, query as ListQuery<never>);
  let count: number | undefined;
  if (query.count) {
    const row = await builder.clone().select('COUNT(*)', 'n').getRawOne<{ n: number | string }>();
    count = Number(row?.n ?? 0);
  }
  applyListPage(builder, query as ListQuery<never>);
  const rows = await builder.getRawMany<TRow>();
  return { ...takePage(rows, query), count };
}

/** Selects each column under its own name, so raw rows have the storage column names. */
export function selectColumns(
  builder: SelectQueryBuilder<ObjectLiteral>,
  alias: string,
  columns: readonly string[],
): SelectQueryBuilder<ObjectLiteral> {
  builder.select(`${alias}.${columns[0]}`, columns[0]);
  for (const column of columns.slice(1)) builder.addSelect(`${alias}.${column}`, column);
  return builder;
}
