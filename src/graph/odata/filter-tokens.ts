import { ODataQueryError } from './odata-query-error';

/** A lexical token of `$filter`. Positions are 1-based character offsets. */
export type Token =
  | { kind: '(' | ')' | ',' | 'end'; position: number }
  | { kind: 'string'; value: string; text: string; position: number }
  /** Any run of non-delimiter characters: names, keywords, numbers, dates, guids. */
  | { kind: 'word'; text: string; position: number }
  | { kind: 'enum'; typeName: string; value: string; text: string; position: number };

const WHITESPACE = new Set([' ', '\t', '\r', '\n']);
const DELIMITERS = new Set([...WHITESPACE, '(', ')', ',', "'"]);
const QUALIFIED_NAME = /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/;

/**
 * Splits `$filter` text into tokens in one linear pass. Words are classified later by the parser,
 * which knows whether it expects an operand or an operator and can word its errors accordingly.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (WHITESPACE.has(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c, position: i + 1 });
      i++;
    } else if (c === "'") {
      const string = readString(text, i);
      tokens.push({ kind: 'string', value: string.value, text: string.text, position: i + 1 });
      i = string.end;
    } else {
      let end = i;
      while (end < text.length && !DELIMITERS.has(text[end])) end++;
      const word = text.slice(i, end);
      if (text[end] === "'" && QUALIFIED_NAME.test(word)) {
        const string = readString(text, end);
        tokens.push({
          kind: 'enum',
          typeName: word,
          value: string.value,
          text: word + string.text,
          position: i + 1,
        });
        i = string.end;
      } else {
        tokens.push({ kind: 'word', text: word, position: i + 1 });
        i = end;
      }
    }
  }
  tokens.push({ kind: 'end', position: text.length + 1 });
  return tokens;
}

/** Reads a single-quoted literal starting at `start`; a doubled quote stands for one quote. */
function readString(text: string, start: number): { value: string; text: string; end: number } {
  const parts: string[] = [];
  let from = start + 1;
  for (;;) {
    const quote = text.indexOf("'", from);
    if (quote < 0) {
      throw new ODataQueryError(
        `Syntax error in $filter at character ${start + 1}: the string literal is not closed`,
        '$filter',
      );
    }
    parts.push(text.slice(from, quote));
    if (text[quote + 1] !== "'") {
      return { value: parts.join("'"), text: text.slice(start, quote + 1), end: quote + 1 };
    }
    from = quote + 2;
  }
}
