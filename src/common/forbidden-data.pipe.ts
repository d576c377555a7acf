import { ArgumentMetadata, HttpStatus, Injectable, PipeTransform } from '@nestjs/common';
import { findForbiddenDataCategory } from '../collection-rules';
import { GraphError } from './graph-error';

/**
 * Refuses a body that is not a JSON object, and any request body that carries a never-collected data category (docs/collection-rules.md "Phone number, location, diagnostics"),
 * before validation or anything else sees it, so nothing of it is stored or echoed anywhere.
 */
@Injectable()
export class RefuseForbiddenDataPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    if (
      value !== undefined &&
      (value === null || typeof value !== 'object' || Array.isArray(value))
    ) {
      throw new GraphError(
        HttpStatus.BAD_REQUEST,
        'invalidRequest',
        'The request body must be a JSON object.',
        'body',
      );
    }
    const finding = findForbiddenDataCategory(value);
    if (finding) {
      throw new GraphError(
        HttpStatus.BAD_REQUEST,
        'forbiddenDataCategory',
        `Field '${finding.path}' carries ${finding.category}, which is never collected; nothing of this request was stored.`,
        finding.path,
      );
    }
    return value;
  }
}
