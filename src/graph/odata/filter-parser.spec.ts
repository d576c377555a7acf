import { FILTER_LIMITS, parseFilter } from './filter-parser';
import { FilterExpression, Operand } from './filter-syntax';
import { ODataQueryError } from './odata-query-error';

/** A compact rendering of the tree, so tests read like the expressions they check. */
function show(expression: FilterExpression): string {
  switch (expression.kind) {
    case 'and':
    case 'or':
      return `${expression.kind}(${expression.operands.map(show).join(', ')})`;
    case 'not':
      return `not(${show(expression.operand)})`;
    case 'compare':
      return `${expression.operator}(${operand(expression.left)}, ${operand(expression.right)})`;
    case 'in':
      return `in(${operand(expression.operand)}, [${expression.items.map(operand).join(', ')}])`;
    case 'operand':
      return operand(expression.operand);
  }
}

function operand(value: Operand): string {
  switch (value.kind) {
    case 'property':
      return value.name;
    case 'call':
      return `${value.name}(${value.args.map(operand).join(', ')})`;
    case 'literal': {
      const { literal } = value;
      switch (literal.type) {
        case 'null':
          return 'null';
        case 'boolean':
          return String(literal.value);
        case 'string':
          return JSON.stringify(literal.value);
        case 'enum':
          return `${literal.typeName}:${JSON.stringify(literal.value)}`;
        default:
          return `${literal.type}:${literal.text}`;
      }
    }
  }
}

const parsed = (text: string) => show(parseFilter(text));

function errorOf(text: string): ODataQueryError {
  try {
    parseFilter(text);
  } catch (error) {
    if (error instanceof ODataQueryError) return error;
    throw error;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('$filter syntax', () => {
  describe('precedence', () => {
    it('binds and tighter than or', () => {
      expect(parsed('a eq 1 or b eq 2 and c eq 3')).toBe(
        'or(eq(a, number:1), and(eq(b, number:2), eq(c, number:3)))',
      );
      expect(parsed('a eq 1 and b eq 2 or c eq 3')).toBe(
        'or(and(eq(a, number:1), eq(b, number:2)), eq(c, number:3))',
      );
    });

    it('lets parentheses override it', () => {
      expect(parsed('(a eq 1 or b eq 2) and c eq 3')).toBe(
        'and(or(eq(a, number:1), eq(b, number:2)), eq(c, number:3))',
      );
    });

    it('applies not to the next term only', () => {
      expect(parsed('not (a eq 1) and b eq 2')).toBe('and(not(eq(a, number:1)), eq(b, number:2))');
      expect(parsed('not (a eq 1 and b eq 2)')).toBe('not(and(eq(a, number:1), eq(b, number:2)))');
      expect(parsed("not startswith(a,'x')")).toBe('not(startswith(a, "x"))');
      expect(parsed('not not isEncrypted')).toBe('not(not(isEncrypted))');
    });

    it('refuses not before an unparenthesised comparison instead of guessing', () => {
      // OData binds not tighter than eq, so this would mean (not a) eq 1.
      expect(errorOf('not a eq 1').message).toMatch(/put the comparison in parentheses/);
      expect(errorOf("not a in ('x')").message).toMatch(/put the comparison in parentheses/);
    });

    it('keeps long and/or chains flat', () => {
      const expression = parseFilter(
        Array.from({ length: 50 }, (_, i) => `a eq ${i}`).join(' or '),
      );
      expect(expression.kind).toBe('or');
      expect(expression.kind === 'or' && expression.operands).toHaveLength(50);
    });
  });

  describe('literals', () => {
    it.each([
      ["name eq 'O''Brien'", 'eq(name, "O\'Brien")'],
      ["name eq ''''", 'eq(name, "\'")'],
      ["name eq ''", 'eq(name, "")'],
      ["name eq 'a and b or c'", 'eq(name, "a and b or c")'],
      ["name eq '(x, y)'", 'eq(name, "(x, y)")'],
      ['n gt -5', 'gt(n, number:-5)'],
      ['n gt 1.5e3', 'gt(n, number:1.5e3)'],
      ['t ge 2024-01-01T00:00:00Z', 'ge(t, datetime:2024-01-01T00:00:00Z)'],
      ['t lt 2024-01-01T00:00:00.123+02:00', 'lt(t, datetime:2024-01-01T00:00:00.123+02:00)'],
      ['t lt 2024-01-01', 'lt(t, datetime:2024-01-01)'],
      [
        'id eq 6F9619FF-8B86-D011-B42D-00CF4FC964FF',
        'eq(id, guid:6F9619FF-8B86-D011-B42D-00CF4FC964FF)',
      ],
      [
        'id eq 12345678-1234-1234-1234-123456789012',
        'eq(id, guid:12345678-1234-1234-1234-123456789012)',
      ],
      ['x eq null', 'eq(x, null)'],
      ['x eq true or x eq false', 'or(eq(x, true), eq(x, false))'],
      [
        "o eq microsoft.graph.managedDeviceOwnerType'company'",
        'eq(o, microsoft.graph.managedDeviceOwnerType:"company")',
      ],
      ['5 lt n', 'lt(number:5, n)'],
    ])('reads %s', (text, tree) => expect(parsed(text)).toBe(tree));

    it('reads in lists with nulls', () => {
      expect(parsed("os in ('iOS', 'Android', null)")).toBe('in(os, ["iOS", "Android", null])');
      expect(parsed('n in (1)')).toBe('in(n, [number:1])');
    });

    it('accepts keywords in any case but keeps property names as written', () => {
      expect(parsed("Name EQ 'x' AND NOT (n Gt 1) Or b eq NULL")).toBe(
        'or(and(eq(Name, "x"), not(gt(n, number:1))), eq(b, null))',
      );
      expect(parsed("STARTSWITH(name,'a')")).toBe('startswith(name, "a")');
    });

    it('tolerates any amount of whitespace, and none next to parentheses and quotes', () => {
      expect(parsed("  (name eq 'a')and(n eq 1)  ")).toBe('and(eq(name, "a"), eq(n, number:1))');
      expect(parsed("name\teq\n'a'")).toBe('eq(name, "a")');
    });
  });

  describe('errors', () => {
    it.each([
      ["name eq 'abc", /character 9: the string literal is not closed/],
      // An undoubled quote ends the literal early; the stray closing quote then opens another.
      ["name eq 'O'Brien'", /character 17: the string literal is not closed/],
      [
        "name eq 'O'Brien",
        /character 12: expected 'and', 'or' or the end of \$filter but found 'Brien'/,
      ],
      ['(a eq 1', /expected '\)' but found the end of \$filter/],
      ['a eq 1)', /character 7: expected 'and', 'or' or the end of \$filter but found '\)'/],
      ['a eq', /expected a property or a literal but found the end of \$filter/],
      ['a eq 1 and', /expected a property or a literal but found the end/],
      ['and a eq 1', /character 1: expected a property or a literal but found 'and'/],
      ['a eq eq 1', /expected a property or a literal but found 'eq'/],
      ["a 'x'", /expected an operator after 'a' but found ''x''/],
      ['a eq 1 b eq 2', /found 'b'/],
      ['a in ()', /the 'in' list is empty/],
      ['a in 1', /expected '\(' but found '1'/],
      ['a eq 1..2', /'1\.\.2' is neither a property nor a literal/],
      ['a eq 5L', /'5L' is neither a property nor a literal/],
      ['a eq "x"', /'"x"' is neither a property nor a literal/],
      ['a eq -x', /'-x' is neither a property nor a literal/],
      ['a eq [1]', /'\[1\]' is neither a property nor a literal/],
      ['   ', /\$filter is empty/],
      ['', /\$filter is empty/],
    ])('refuses %j with a message that says where and why', (text, message) => {
      const error = errorOf(text);
      expect(error.message).toMatch(message);
      expect(error.option).toBe('$filter');
    });

    it.each(['has', 'add', 'sub', 'mul', 'div', 'divby', 'mod'])(
      "names the unsupported operator '%s'",
      (operator) => {
        expect(errorOf(`a ${operator} 1`).message).toBe(
          `Operator '${operator}' is not supported in $filter`,
        );
      },
    );

    it('names an unknown operator', () => {
      expect(errorOf("deviceName like 'a%'").message).toMatch(
        /^Operator 'like' is not supported in \$filter \(at character 12\)/,
      );
    });

    it.each([
      ["tolower(name) eq 'a'", 'tolower'],
      ["substringof('a', name)", 'substringof'],
      ['devices/any(d: d/x eq 1)', 'devices/any'],
      ["matchesPattern(name,'^a')", 'matchesPattern'],
    ])('names the unsupported function in %s', (text, name) => {
      expect(errorOf(text).message).toBe(
        `Function '${name}' is not supported in $filter; use startswith, endswith or contains`,
      );
    });
  });

  describe('limits', () => {
    it(`refuses more than ${FILTER_LIMITS.maxConditions} conditions`, () => {
      const terms = (n: number) => Array.from({ length: n }, (_, i) => `a eq ${i}`).join(' or ');
      expect(() => parseFilter(terms(FILTER_LIMITS.maxConditions))).not.toThrow();
      expect(errorOf(terms(FILTER_LIMITS.maxConditions + 1)).message).toMatch(
        /^\$filter has more than 100 conditions/,
      );
    });

    it(`refuses nesting deeper than ${FILTER_LIMITS.maxDepth}`, () => {
      const nested = (n: number) => '('.repeat(n) + 'a eq 1' + ')'.repeat(n);
      expect(() => parseFilter(nested(FILTER_LIMITS.maxDepth))).not.toThrow();
      expect(errorOf(nested(FILTER_LIMITS.maxDepth + 1)).message).toMatch(
        /^\$filter is nested more than 32 levels deep/,
      );
      expect(errorOf('not '.repeat(FILTER_LIMITS.maxDepth + 1) + 'a').message).toMatch(
        /nested more than 32 levels/,
      );
      expect(errorOf('startswith('.repeat(FILTER_LIMITS.maxDepth + 1) + "a,'x')").message).toMatch(
        /nested more than 32 levels/,
      );
    });

    it(`refuses in lists longer than ${FILTER_LIMITS.maxListItems}`, () => {
      const list = (n: number) => `a in (${Array.from({ length: n }, (_, i) => i).join(',')})`;
      expect(() => parseFilter(list(FILTER_LIMITS.maxListItems))).not.toThrow();
      expect(errorOf(list(FILTER_LIMITS.maxListItems + 1)).message).toBe(
        "An 'in' list in $filter has more than 100 items",
      );
    });

    it(`refuses text longer than ${FILTER_LIMITS.maxLength} characters before reading it`, () => {
      const text = `a eq '${'x'.repeat(FILTER_LIMITS.maxLength)}'`;
      expect(errorOf(text).message).toBe('$filter is longer than 4096 characters');
    });
  });
});
