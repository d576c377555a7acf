import { ODataQueryError, abbreviate } from './odata-query-error';
import { ResourceDefinition, findProperty } from './resource-definition';

const MAX_SELECT_LENGTH = 2000;

/**
 * Reads `$select` into the list of Graph properties to return, in request order without
 * duplicates; `*` selects every selectable property.
 */
export function parseSelect(text: string, resource: ResourceDefinition<never>): string[] {
  if (text.length > MAX_SELECT_LENGTH) {
    throw new ODataQueryError(`$select is longer than ${MAX_SELECT_LENGTH} characters`, '$select');
  }
  if (text.trim() === '') throw new ODataQueryError('$select is empty', '$select');
  const selected = new Set<string>();
  for (const item of text.split(',')) {
    const name = item.trim();
    if (name === '') throw new ODataQueryError('$select has an empty item', '$select');
    if (name === '*') {
      for (const [property, definition] of Object.entries(resource.properties)) {
        if (definition.selectable !== false) selected.add(property);
      }
      continue;
    }
    const definition = findProperty(resource, name);
    if (!definition || definition.selectable === false) {
      throw new ODataQueryError(
        `Property '${abbreviate(name)}' is not supported in $select on ${resource.name}`,
        '$select',
      );
    }
    selected.add(name);
  }
  return [...selected];
}
