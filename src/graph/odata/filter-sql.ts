import { ComparisonOperator, FilterExpression, Operand } from './filter-syntax';
import { readLiteral } from './literal-values';
import { ODataQueryError, abbreviate } from './odata-query-error';
import {
  PropertyDefinition,
  ResourceDefinition,
  edmTypeName,
  findProperty,
  isNullable,
  toStoredValue,
} from './resource-definition';
import {
  ParameterNames,
  SQL_FALSE,
  SQL_TRUE,
  SqlFragment,
  escapeLikePattern,
  likeCondition,
} from './sql-fragment';

type Property = PropertyDefinition<never>;
type LiteralOperand = Extract<Operand, { kind: 'literal' }>;
type PropertyOperand = Extract<Operand, { kind: 'property' }>;
type CallOperand = Extract<Operand, { kind: 'call' }>;

const SQL_OPERATORS: Record<ComparisonOperator, string> = {
  eq: '=',
  ne: '<>',
  gt: '>',
  ge: '>=',
  lt: '<',
  le: '<=',
};
/** `5 lt x` is `x gt 5`. */
const MIRRORED: Record<ComparisonOperator, ComparisonOperator> = {
  eq: 'eq',
  ne: 'ne',
  gt: 'lt',
  ge: 'le',
  lt: 'gt',
  le: 'ge',
};
const ORDERED_TYPES: ReadonlySet<string> = new Set(['string', 'int', 'number', 'datetime']);

/**
 * Translates a `$filter` tree into a WHERE condition over the resource's whitelisted columns.
 *
 * Every condition is translated into SQL that is TRUE or FALSE, never NULL (columns are guarded
 * with IS NULL / IS NOT NULL), so SQL's three-valued AND/OR/NOT give OData's two-valued answers:
 * `x ne 'a'` keeps rows where x is null and `not (x eq 'a')` selects exactly the same rows.
 * Strings compare case-insensitively, as in Graph.
 */
export function compileFilter(
  expression: FilterExpression,
  resource: ResourceDefinition<never>,
  parameterPrefix = 'filter',
): SqlFragment {
  const params: Record<string, unknown> = {};
  const compiler = new FilterCompiler(resource, params, new ParameterNames(parameterPrefix));
  return { sql: compiler.condition(expression), params };
}

class FilterCompiler {
  constructor(
    private readonly resource: ResourceDefinition<never>,
    private readonly params: Record<string, unknown>,
    private readonly names: ParameterNames,
  ) {}

  condition(expression: FilterExpression): string {
    switch (expression.kind) {
      case 'and':
      case 'or': {
        const joiner = expression.kind === 'and' ? ' AND ' : ' OR ';
        return `(${expression.operands.map((operand) => this.condition(operand)).join(joiner)})`;
      }
      case 'not':
        return `NOT (${this.condition(expression.operand)})`;
      case 'compare':
        return this.comparison(expression);
      case 'in':
        return this.membership(expression);
      case 'operand':
        return this.standalone(expression.operand);
    }
  }

  private comparison(expression: Extract<FilterExpression, { kind: 'compare' }>): string {
    let { left, right, operator } = expression;
    if (left.kind === 'literal' && right.kind !== 'literal') {
      [left, right, operator] = [right, left, MIRRORED[operator]];
    }
    if (left.kind === 'call') return this.comparedCall(left, operator, right);
    if (left.kind !== 'property') {
      throw new ODataQueryError(
        `The comparison at character ${expression.position} of $filter does not involve a property`,
        '$filter',
      );
    }
    if (right.kind !== 'literal') {
      throw new ODataQueryError(
        `Property '${left.name}' can only be compared with a literal in $filter, not with ${describeOperand(right)}`,
        '$filter',
      );
    }
    const property = this.property(left);
    if (!ORDERED_TYPES.has(property.type) && operator !== 'eq' && operator !== 'ne') {
      throw new ODataQueryError(
        `Operator '${operator}' is not supported on property '${left.name}' (${edmTypeName(property)})`,
        '$filter',
      );
    }
    return this.propertyComparison(property, left.name, operator, right);
  }

  private propertyComparison(
    property: Property,
    name: string,
    operator: ComparisonOperator,
    operand: LiteralOperand,
  ): string {
    const { column } = property;
    if (operand.literal.type === 'null') {
      // OData: null eq null, null ge null and null le null are true; gt and lt are false.
      if (operator === 'ne') return `${column} IS NOT NULL`;
      return operator === 'gt' || operator === 'lt' ? SQL_FALSE : `${column} IS NULL`;
    }
    const literal = readLiteral(property, name, operand);
    if (literal.subMillisecond) {
      // Storage holds whole milliseconds, so a finer literal equals nothing and lies strictly
      // between two stored values: x > 1.5 and x >= 1.5 both mean x > 1; x < 1.5, x <= 1.5 mean x <= 1.
      if (operator === 'eq') return SQL_FALSE;
      if (operator === 'ne') return SQL_TRUE;
      operator = operator === 'gt' || operator === 'ge' ? 'gt' : 'le';
    }
    const stored = toStoredValue(property, literal.value);
    if (stored === null) return this.propertyComparison(property, name, operator, nullOperand);
    const parameter = this.names.add(this.params, stored);
    const [left, right] =
      property.type === 'string'
        ? [`LOWER(${column})`, `LOWER(:${parameter})`]
        : [column, `:${parameter}`];
    const test = `${left} ${SQL_OPERATORS[operator]} ${right}`;
    if (!isNullable(property)) return test;
    return operator === 'ne'
      ? `(${column} IS NULL OR ${test})`
      : `(${column} IS NOT NULL AND ${test})`;
  }

  private membership(expression: Extract<FilterExpression, { kind: 'in' }>): string {
    const { operand } = expression;
    if (operand.kind !== 'property') {
      throw new ODataQueryError(
        `The 'in' operator at character ${expression.position} of $filter needs a property on its left, not ${describeOperand(operand)}`,
        '$filter',
      );
    }
    const property = this.property(operand);
    const { column } = property;
    let matchesNull = false;
    const stored: unknown[] = [];
    for (const item of expression.items) {
      if (item.kind !== 'literal') {
        throw new ODataQueryError(
          `The 'in' list of property '${operand.name}' may contain only literals, not ${describeOperand(item)}`,
          '$filter',
        );
      }
      if (item.literal.type === 'null') {
        matchesNull = true;
        continue;
      }
      const literal = readLiteral(property, operand.name, item);
      // A finer-than-stored datetime equals no stored value.
      if (literal.subMillisecond) continue;
      const value = toStoredValue(property, literal.value);
      if (value === null) matchesNull = true;
      else stored.push(value);
    }
    const alternatives: string[] = [];
    if (stored.length > 0) {
      const test =
        property.type === 'string'
          ? `LOWER(${column}) IN (${stored.map((value) => `LOWER(:${this.names.add(this.params, value)})`).join(', ')})`
          : `${column} IN (:...${this.names.add(this.params, stored)})`;
      alternatives.push(isNullable(property) ? `(${column} IS NOT NULL AND ${test})` : test);
    }
    if (matchesNull) alternatives.push(`${column} IS NULL`);
    if (alternatives.length === 0) return SQL_FALSE;
    return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
  }

  /** A condition that is a single operand: a boolean property or a function call. */
  private standalone(operand: Operand): string {
    if (operand.kind === 'call') return this.call(operand);
    if (operand.kind === 'property') {
      const property = this.property(operand);
      if (property.type !== 'boolean') {
        throw new ODataQueryError(
          `Property '${operand.name}' is not a boolean and cannot stand alone as a $filter condition`,
          '$filter',
        );
      }
      return this.propertyComparison(property, operand.name, 'eq', trueOperand);
    }
    throw new ODataQueryError(
      `The literal ${abbreviate(operand.text)} cannot stand alone as a $filter condition`,
      '$filter',
    );
  }

  /** `startswith(x,'a') eq true` and friends, which some client libraries generate. */
  private comparedCall(call: CallOperand, operator: ComparisonOperator, other: Operand): string {
    if (
      other.kind !== 'literal' ||
      other.literal.type !== 'boolean' ||
      (operator !== 'eq' && operator !== 'ne')
    ) {
      throw new ODataQueryError(
        `The result of '${call.name}' can only be compared with true or false using eq or ne`,
        '$filter',
      );
    }
    const condition = this.call(call);
    return other.literal.value === (operator === 'eq') ? condition : `NOT (${condition})`;
  }

  private call(call: CallOperand): string {
    const [target, pattern] = call.args;
    if (call.args.length !== 2 || target.kind !== 'property') {
      throw new ODataQueryError(
        `Function '${call.name}' takes a string property and a string literal, e.g. ${call.name}(deviceName,'abc')`,
        '$filter',
      );
    }
    const property = this.property(target);
    if (property.type !== 'string') {
      throw new ODataQueryError(
        `Function '${call.name}' is not supported on property '${target.name}' (${edmTypeName(property)})`,
        '$filter',
      );
    }
    if (pattern.kind !== 'literal' || pattern.literal.type !== 'string') {
      throw new ODataQueryError(
        `The second argument of '${call.name}' must be a string literal, not ${describeOperand(pattern)}`,
        '$filter',
      );
    }
    const escaped = escapeLikePattern(pattern.literal.value);
    const like =
      call.name === 'startswith'
        ? `${escaped}%`
        : call.name === 'endswith'
          ? `%${escaped}`
          : `%${escaped}%`;
    const test = likeCondition(property.column, this.names.add(this.params, like));
    return isNullable(property) ? `(${property.column} IS NOT NULL AND ${test})` : test;
  }

  private property(operand: PropertyOperand): Property {
    const property = findProperty(this.resource, operand.name);
    if (!property || property.filterable === false) {
      throw new ODataQueryError(
        `Property '${abbreviate(operand.name)}' is not supported in $filter on ${this.resource.name}`,
        '$filter',
      );
    }
    return property;
  }
}

const nullOperand: LiteralOperand = {
  kind: 'literal',
  literal: { type: 'null' },
  text: 'null',
  position: 0,
};
const trueOperand: LiteralOperand = {
  kind: 'literal',
  literal: { type: 'boolean', value: true },
  text: 'true',
  position: 0,
};

function describeOperand(operand: Operand): string {
  switch (operand.kind) {
    case 'property':
      return `property '${abbreviate(operand.name)}'`;
    case 'call':
      return `a call to '${operand.name}'`;
    case 'literal':
      return `the literal ${abbreviate(operand.text)}`;
  }
}
