/** The two Graph versions we serve; beta adds properties v1.0 does not have. */
export const GRAPH_VERSIONS = ['v1.0', 'beta'] as const;
export type GraphVersion = (typeof GRAPH_VERSIONS)[number];

/** What Intune returns for a DateTimeOffset it has no value for. */
export const NO_DATE_TIME = '0001-01-01T00:00:00Z';
/** What Intune returns for an Edm.Guid it has no value for (e.g. azureADDeviceId of an unjoined device). */
export const NO_GUID = '00000000-0000-0000-0000-000000000000';

/** Epoch milliseconds → ISO-8601 UTC as Graph writes it (no fraction when there is none). */
export function graphDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return NO_DATE_TIME;
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Int64 columns may come back as text (PostgreSQL int8) or null; Graph's Int64 is a number. */
export function int64(value: unknown): number {
  if (value === null || value === undefined) return 0;
  return Number(value);
}

/** Keeps only the properties named in `$select` (in their response order), or everything. */
export function pickSelected<T extends object>(
  entity: T,
  select: readonly string[] | undefined,
): Partial<T> {
  if (!select) return entity;
  const wanted = new Set(select);
  return Object.fromEntries(
    Object.entries(entity).filter(([name]) => wanted.has(name) || name === '@odata.type'),
  ) as Partial<T>;
}
