import { ArgumentMetadata, HttpStatus, Injectable, PipeTransform } from '@nestjs/common';
import { findForbiddenDataCategory } from '../collection-rules';
import { GraphError } from './graph-error';

/**
 * The refusal of a body that is not a JSON object, or that carries a never-collected data category
 * (COLLECTION-RULES.md §5) — null when neither. Run before validation or anything else sees a body,
 * so nothing of it is stored or echoed anywhere.
 */
export function forbiddenDataRefusal(value: unknown): GraphError | null {
  if (
    value !== undefined &&
    (value === null || typeof value !== 'object' || Array.isArray(value))
  ) {
    return new GraphError(
      HttpStatus.BAD_REQUEST,
      'invalidRequest',
      'The request body must be a JSON object.',
      'body',
    );
  }
  const finding = findForbiddenDataCategory(value);
  if (!finding) return null;
  return new GraphError(
    HttpStatus.BAD_REQUEST,
    'forbiddenDataCategory',
    `Field '${finding.path}' carries ${finding.category}, which is never collected; nothing of this request was stored.`,
    finding.path,
  );
}

/** forbiddenDataRefusal for the bodies of the admin API (the device channel runs it in a hook). */
@Injectable()
export class RefuseForbiddenDataPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type !== 'body') return value;
    const refusal = forbiddenDataRefusal(value);
    if (refusal) throw refusal;
    return value;
  }
}
