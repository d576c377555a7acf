import { invalidRequest } from '../common/graph-error';
import { GraphRequest } from './graph-request';

/**
 * `$expand` of one navigation property, where Graph supports it on our resources
 * (managedDevices/{id}?$expand=detectedApps, detectedApps?$expand=managedDevices). Returns the
 * request without it (for the usual option parsing) and whether it was asked for. Anything else
 * in `$expand` — another property, nested options — is a 400 naming the option.
 */
export function takeExpand(
  request: GraphRequest,
  navigation: string,
): { request: GraphRequest; expand: boolean } {
  const name = Object.keys(request.query).find((key) => key.toLowerCase() === '$expand');
  if (name === undefined) return { request, expand: false };
  const value = request.query[name];
  if (typeof value !== 'string' || value.trim().toLowerCase() !== navigation.toLowerCase()) {
    throw invalidRequest(
      '$expand',
      `Query option '$expand' supports only '${navigation}' here (without nested options).`,
    );
  }
  const query = Object.fromEntries(Object.entries(request.query).filter(([key]) => key !== name));
  return { request: { ...request, query }, expand: true };
}

/** The query string of a link to the next page of an expanded list, with its `$expand` again. */
export function withExpand(nextLink: string | undefined, navigation: string): string | undefined {
  return nextLink === undefined
    ? undefined
    : `${nextLink}&$expand=${encodeURIComponent(navigation)}`;
}
