import { ODataQueryError } from './odata-query-error';
import { ParameterNames, SqlFragment, escapeLikePattern, likeCondition } from './sql-fragment';

const MAX_SEARCH_LENGTH = 200;

/**
 * Reads `$search`: one phrase, either plain (`abc`) or in double quotes as Graph clients send it
 * (`"abc def"`, with `\"` and `\\` escapes). Returns the phrase to look for.
 */
export function parseSearch(text: string): string {
  if (text.length > MAX_SEARCH_LENGTH) {
    throw new ODataQueryError(`$search is longer than ${MAX_SEARCH_LENGTH} characters`, '$search');
  }
  const trimmed = text.trim();
  const phrase = trimmed.startsWith('"') ? unquote(trimmed) : trimmed;
  if (!trimmed.startsWith('"') && trimmed.includes('"')) {
    throw new ODataQueryError('$search has an unbalanced double quote', '$search');
  }
  if (phrase === '') throw new ODataQueryError('$search is empty', '$search');
  return phrase;
}

function unquote(text: string): string {
  let phrase = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      if (i !== text.length - 1) {
        throw new ODataQueryError(
          `$search has text after its closing double quote (at character ${i + 2})`,
          '$search',
        );
      }
      return phrase;
    }
    if (c === '\\' && (text[i + 1] === '"' || text[i + 1] === '\\')) i++;
    phrase += text[i];
  }
  throw new ODataQueryError('$search has an unbalanced double quote', '$search');
}

/** Rows where any of `columns` contains `phrase`, case-insensitively. */
export function searchCondition(
  phrase: string,
  columns: readonly string[],
  parameterPrefix = 'search',
): SqlFragment {
  if (columns.length === 0) throw new Error('searchCondition needs at least one column');
  const params: Record<string, unknown> = {};
  const parameter = new ParameterNames(parameterPrefix).add(
    params,
    `%${escapeLikePattern(phrase)}%`,
  );
  const tests = columns.map(
    (column) => `(${column} IS NOT NULL AND ${likeCondition(column, parameter)})`,
  );
  return { sql: `(${tests.join(' OR ')})`, params };
}
