/**
 * OData query options for Graph-shaped list endpoints, translated to parameterised SQL for
 * TypeORM on SQLite and PostgreSQL. Framework-free: errors are `ODataQueryError`s for the caller
 * to map to a 400. Typical use in a service:
 *
 * ```ts
 * const query = parseListQuery(request.query, managedDevicesResource);
 * const builder = repository.createQueryBuilder('d');
 * applyListFilter(builder, query);
 * const count = query.count ? await builder.clone().getCount() : undefined;
 * const page = takePage(await applyListPage(builder, query).getMany(), query);
 * const nextLink = page.skipToken && `${baseUrl}?${nextLinkQuery(request.query, page.skipToken)}`;
 * ```
 */
export * from './odata-query-error';
export * from './resource-definition';
export * from './sql-fragment';
export * from './filter-syntax';
export { FILTER_LIMITS, parseFilter } from './filter-parser';
export { compileFilter } from './filter-sql';
export { parseDateTime } from './literal-values';
export * from './order-by';
export * from './skip-token';
export * from './search';
export * from './select';
export * from './list-query';
export * from './versioned-policy-properties';
