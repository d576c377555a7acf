import {
  ComparisonOperator,
  FilterExpression,
  FilterFunctionName,
  Literal,
  Operand,
} from './filter-syntax';
import { Token, tokenize } from './filter-tokens';
import { ODataQueryError, abbreviate } from './odata-query-error';

/**
 * Bounds on `$filter`, checked while parsing so that a hostile expression fails in linear time
 * and never gets near the call-stack limit (nesting costs a few frames per level).
 */
export const FILTER_LIMITS = {
  /** Room for an `in` list of about 100 GUIDs. */
  maxLength: 4096,
  /** Comparisons, `in` tests, function calls and bare boolean properties. */
  maxConditions: 100,
  /** Parentheses, `not` and function calls. */
  maxDepth: 32,
  maxListItems: 100,
} as const;

const COMPARISON_OPERATORS: ReadonlySet<string> = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);
/** OData operators we recognise but do not offer, so the error can say "not supported". */
const UNSUPPORTED_OPERATORS: ReadonlySet<string> = new Set([
  'has',
  'add',
  'sub',
  'mul',
  'div',
  'divby',
  'mod',
]);
const KEYWORDS: ReadonlySet<string> = new Set([
  'and',
  'or',
  'not',
  'in',
  ...COMPARISON_OPERATORS,
  ...UNSUPPORTED_OPERATORS,
]);
const FUNCTIONS: ReadonlySet<string> = new Set(['startswith', 'endswith', 'contains']);

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Only the shape; the literal is validated against the property it is compared with. */
const DATE_OR_DATETIME = /^\d{4}-\d{2}-\d{2}(T\S*)?$/i;
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;
/** Simple names and paths; paths are rejected later as unknown properties, naming them. */
const PROPERTY_NAME = /^[A-Za-z_$@][\w$@.]*(\/[\w$@.]+)*$/;

/**
 * Parses `$filter` into a syntax tree. Keywords, operators and function names are
 * case-insensitive (as OData 4.01 allows); property names are case-sensitive.
 * `not` binds tighter than comparisons, as in OData, so `not x eq 1` is refused with a hint
 * rather than silently read either way.
 */
export function parseFilter(text: string): FilterExpression {
  if (text.length > FILTER_LIMITS.maxLength) {
    throw new ODataQueryError(
      `$filter is longer than ${FILTER_LIMITS.maxLength} characters`,
      '$filter',
    );
  }
  if (text.trim() === '') throw new ODataQueryError('$filter is empty', '$filter');
  return new FilterParser(tokenize(text)).parse();
}

class FilterParser {
  private index = 0;
  private depth = 0;
  private conditions = 0;

  constructor(private readonly tokens: Token[]) {}

  parse(): FilterExpression {
    const expression = this.parseOr();
    const token = this.peek();
    if (token.kind !== 'end') throw this.unexpected(token, "'and', 'or' or the end of $filter");
    return expression;
  }

  private parseOr(): FilterExpression {
    const operands = [this.parseAnd()];
    while (this.peekKeyword() === 'or') {
      this.index++;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? operands[0] : { kind: 'or', operands };
  }

  private parseAnd(): FilterExpression {
    const operands = [this.parseUnary()];
    while (this.peekKeyword() === 'and') {
      this.index++;
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? operands[0] : { kind: 'and', operands };
  }

  private parseUnary(): FilterExpression {
    const token = this.peek();
    if (this.peekKeyword() === 'not') {
      this.index++;
      this.enter(token);
      const startsGroup = this.peek().kind === '(' || this.peekKeyword() === 'not';
      const operand = this.parseUnary();
      if (!startsGroup && (operand.kind === 'compare' || operand.kind === 'in')) {
        throw this.syntaxError(
          token,
          "'not' applies to the term right after it; put the comparison in parentheses, e.g. not (deviceName eq 'x')",
        );
      }
      this.depth--;
      return { kind: 'not', operand };
    }
    if (token.kind === '(') {
      this.index++;
      this.enter(token);
      const inner = this.parseOr();
      this.expect(')');
      this.depth--;
      return inner;
    }
    return this.parsePredicate();
  }

  private parsePredicate(): FilterExpression {
    const left = this.parseOperand();
    const token = this.peek();
    const word = token.kind === 'word' ? token.text : undefined;
    const keyword = word?.toLowerCase();
    this.countCondition(token);
    if (keyword !== undefined && COMPARISON_OPERATORS.has(keyword)) {
      this.index++;
      const right = this.parseOperand();
      const operator = keyword as ComparisonOperator;
      return { kind: 'compare', operator, left, right, position: token.position };
    }
    if (keyword === 'in') {
      this.index++;
      return { kind: 'in', operand: left, items: this.parseList(), position: token.position };
    }
    if (keyword !== undefined && UNSUPPORTED_OPERATORS.has(keyword)) {
      throw new ODataQueryError(`Operator '${word}' is not supported in $filter`, '$filter');
    }
    const endsCondition =
      token.kind === 'end' || token.kind === ')' || keyword === 'and' || keyword === 'or';
    if (!endsCondition) {
      if (word !== undefined) {
        throw new ODataQueryError(
          `Operator '${abbreviate(word)}' is not supported in $filter (at character ${token.position}); ` +
            'use eq, ne, gt, ge, lt, le, in, and, or, not, startswith, endswith or contains',
          '$filter',
        );
      }
      throw this.unexpected(token, `an operator after ${describe(this.tokens[this.index - 1])}`);
    }
    return { kind: 'operand', operand: left };
  }

  private parseList(): Operand[] {
    const open = this.expect('(');
    if (this.peek().kind === ')') {
      throw this.syntaxError(open, "the 'in' list is empty");
    }
    const items = [this.parseOperand()];
    while (this.peek().kind === ',') {
      this.index++;
      if (items.length === FILTER_LIMITS.maxListItems) {
        throw new ODataQueryError(
          `An 'in' list in $filter has more than ${FILTER_LIMITS.maxListItems} items`,
          '$filter',
        );
      }
      items.push(this.parseOperand());
    }
    this.expect(')');
    return items;
  }

  private parseOperand(): Operand {
    const token = this.peek();
    if (token.kind === 'string') {
      this.index++;
      return literal({ type: 'string', value: token.value }, token.text, token.position);
    }
    if (token.kind === 'enum') {
      this.index++;
      const enumLiteral: Literal = { type: 'enum', typeName: token.typeName, value: token.value };
      return literal(enumLiteral, token.text, token.position);
    }
    if (token.kind !== 'word') throw this.unexpected(token, 'a property or a literal');
    this.index++;
    const { text, position } = token;
    const lower = text.toLowerCase();
    if (lower === 'null') return literal({ type: 'null' }, text, position);
    if (lower === 'true' || lower === 'false') {
      return literal({ type: 'boolean', value: lower === 'true' }, text, position);
    }
    if (KEYWORDS.has(lower)) throw this.unexpected(token, 'a property or a literal');
    if (GUID.test(text)) return literal({ type: 'guid', text }, text, position);
    if (DATE_OR_DATETIME.test(text)) return literal({ type: 'datetime', text }, text, position);
    if (NUMBER.test(text)) return literal({ type: 'number', text }, text, position);
    if (!PROPERTY_NAME.test(text)) {
      throw this.syntaxError(token, `'${abbreviate(text)}' is neither a property nor a literal`);
    }
    if (this.peek().kind !== '(') return { kind: 'property', name: text, position };
    if (!FUNCTIONS.has(lower)) {
      throw new ODataQueryError(
        `Function '${abbreviate(text)}' is not supported in $filter; use startswith, endswith or contains`,
        '$filter',
      );
    }
    return this.parseCall(lower as FilterFunctionName, token);
  }

  private parseCall(name: FilterFunctionName, token: Token): Operand {
    this.index++;
    this.enter(token);
    const args: Operand[] = [];
    if (this.peek().kind !== ')') {
      args.push(this.parseOperand());
      while (this.peek().kind === ',') {
        this.index++;
        args.push(this.parseOperand());
      }
    }
    this.expect(')');
    this.depth--;
    return { kind: 'call', name, args, position: token.position };
  }

  private enter(token: Token): void {
    if (++this.depth > FILTER_LIMITS.maxDepth) {
      throw new ODataQueryError(
        `$filter is nested more than ${FILTER_LIMITS.maxDepth} levels deep (at character ${token.position})`,
        '$filter',
      );
    }
  }

  private countCondition(token: Token): void {
    if (++this.conditions > FILTER_LIMITS.maxConditions) {
      throw new ODataQueryError(
        `$filter has more than ${FILTER_LIMITS.maxConditions} conditions (at character ${token.position})`,
        '$filter',
      );
    }
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private peekKeyword(): string | undefined {
    const token = this.peek();
    return token.kind === 'word' ? token.text.toLowerCase() : undefined;
  }

  private expect(kind: '(' | ')'): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.unexpected(token, `'${kind}'`);
    this.index++;
    return token;
  }

  private unexpected(token: Token, expected: string): ODataQueryError {
    return this.syntaxError(token, `expected ${expected} but found ${describe(token)}`);
  }

  private syntaxError(token: Token, detail: string): ODataQueryError {
    return new ODataQueryError(
      `Syntax error in $filter at character ${token.position}: ${detail}`,
      '$filter',
    );
  }
}

function literal(value: Literal, text: string, position: number): Operand {
  return { kind: 'literal', literal: value, text, position };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'the end of $filter';
    case 'string':
    case 'word':
    case 'enum':
      return `'${abbreviate(token.text)}'`;
    default:
      return `'${token.kind}'`;
  }
}
