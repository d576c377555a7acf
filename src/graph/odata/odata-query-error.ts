/**
 * A client error in an OData query option. The message names the offending option, property,
 * operator or literal so that the API can return it verbatim in a 400 response.
 */
export class ODataQueryError extends Error {
  override readonly name = 'ODataQueryError';

  constructor(
    message: string,
    /** The query option at fault, e.g. `$filter`. */
    readonly option: string,
  ) {
    super(message);
  }
}

/** Keeps messages short when the offending text is long. */
export function abbreviate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
