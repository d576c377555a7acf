import { applyDecorators } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiQuery } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../odata';

const option = (name: string, description: string, type: 'string' | 'integer' | 'boolean') =>
  ApiQuery({ name, required: false, description, schema: { type } });

/** The OData options of a Graph collection, for the OpenAPI document. */
export function ApiODataList(resource: string) {
  return applyDecorators(
    option('$filter', 'eq ne gt ge lt le and or not in, startswith endswith contains', 'string'),
    option('$select', 'comma-separated properties', 'string'),
    option('$orderby', "e.g. 'deviceName desc,lastSyncDateTime'", 'string'),
    option('$top', `page size, default ${DEFAULT_PAGE_SIZE}, at most ${MAX_PAGE_SIZE}`, 'integer'),
    option('$skip', 'rows to skip', 'integer'),
    option('$count', 'adds @odata.count', 'boolean'),
    option('$search', 'a phrase, searched case-insensitively', 'string'),
    option('$skiptoken', 'from @odata.nextLink', 'string'),
    ApiOkResponse({
      description: `{ "@odata.context", "@odata.count"?, "@odata.nextLink"?, "value": [ ${resource} ] } (Microsoft Graph shape)`,
    }),
  );
}

/** A single Graph entity (`$select` only); unknown and other tenants' ids are 404. */
export function ApiODataEntity(resource: string) {
  return applyDecorators(
    option('$select', 'comma-separated properties', 'string'),
    ApiOkResponse({ description: `a ${resource} (Microsoft Graph shape)` }),
    ApiNotFoundResponse({ description: 'itemNotFound: unknown id or another tenant’s' }),
  );
}
