import { ValueTransformer } from 'typeorm';

/** bigint columns (epoch milliseconds, byte sizes) as JS numbers; PostgreSQL hands int8 back as text. */
export const bigintAsNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null ? null : Number(value)),
};

/** JSON kept in a text column (same on SQLite and PostgreSQL). */
export const jsonText: ValueTransformer = {
  to: (value: unknown) => (value === undefined ? undefined : JSON.stringify(value)),
  from: (value: string | null) => (value === null ? null : JSON.parse(value)),
};
