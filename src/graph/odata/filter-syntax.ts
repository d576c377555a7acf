/**
 * The syntax tree of a `$filter` expression, before it is checked against a resource.
 * Positions are 1-based character offsets into the `$filter` text.
 */

export type ComparisonOperator = 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export type FilterFunctionName = 'startswith' | 'endswith' | 'contains';

export type Literal =
  | { type: 'null' }
  | { type: 'boolean'; value: boolean }
  | { type: 'string'; value: string }
  /** Kept as text so that the property's type decides how to read it (Int64 vs Double). */
  | { type: 'number'; text: string }
  | { type: 'datetime'; text: string }
  | { type: 'guid'; text: string }
  /** A typed enum literal, e.g. `microsoft.graph.managedDeviceOwnerType'company'`. */
  | { type: 'enum'; typeName: string; value: string };

export type Operand =
  | { kind: 'property'; name: string; position: number }
  | { kind: 'literal'; literal: Literal; text: string; position: number }
  | { kind: 'call'; name: FilterFunctionName; args: Operand[]; position: number };

export type FilterExpression =
  /** And/or chains are flat lists, so long chains never make a deep tree. */
  | { kind: 'and' | 'or'; operands: FilterExpression[] }
  | { kind: 'not'; operand: FilterExpression }
  | {
      kind: 'compare';
      operator: ComparisonOperator;
      left: Operand;
      right: Operand;
      position: number;
    }
  | { kind: 'in'; operand: Operand; items: Operand[]; position: number }
  /** A boolean-valued operand used as a condition on its own, e.g. `isEncrypted`. */
  | { kind: 'operand'; operand: Operand };
