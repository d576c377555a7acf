import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable';

const failed = (code: string) =>
  new QueryFailedError('SELECT 1', [], Object.assign(new Error('pg'), { code }));

describe('a database that cannot answer now', () => {
  it('is a statement timeout, a shutdown, a full server or a broken connection', () => {
    for (const code of ['57014', '57P01', '57P03', '53300', '55000', '08006', '08001']) {
      expect(isDatabaseUnavailable(failed(code))).toBe(true);
    }
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
  });

  it('is not a constraint violation, a syntax error or a bug', () => {
    for (const code of ['23505', '23503', '42601', '40001', 'SQLITE_CONSTRAINT_UNIQUE']) {
      expect(isDatabaseUnavailable(failed(code))).toBe(false);
    }
    expect(isDatabaseUnavailable(new TypeError('x is undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
  });
});
