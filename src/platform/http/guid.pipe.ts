import { ParseUUIDPipe } from '@nestjs/common';
import { invalidRequest } from './graph-error';

/** A path parameter that must be one of our ids (GUIDs), with a 400 naming it otherwise. */
export const guidParam = (name: string) =>
  new ParseUUIDPipe({
    version: '4',
    exceptionFactory: () =>
      invalidRequest(name, `Invalid path parameter '${name}': must be a GUID.`),
  });
