/** Whose it is, as field names often say: `userContacts`, `phoneCallHistory`, `personalPhotos`. */
const OWNER = '(user|users|my|personal|private|device|phone|local|saved|stored|all)?';
/** How a collection of it is often spelled: `contactsList`, `callLogEntries`, `photoLibrary`. */
const COLLECTION =
  '(list|lists|log|logs|history|entries|items|records?|data|contents?|library|libraries|backups?)?';

/** A field name that is one of `words`, optionally prefixed by an owner and suffixed as a collection. */
const named = (...words: string[]): RegExp =>
  new RegExp(`^${OWNER}(${words.join('|')})${COLLECTION}$`);

/**
 * Data that is never collected (docs/collection-rules.md "Phone number, location, diagnostics"). A payload carrying any field whose name
 * denotes one of these categories is refused as a whole. Field names are compared after lower-casing
 * and removing everything but letters and digits, so `call_history`, `CallHistory` and `call-history`
 * are the same field.
 */
export const FORBIDDEN_DATA_CATEGORIES = {
  callHistory: [
    /call(s)?(history|logs?|records?)/,
    named('calls', 'calllist', '(recent|missed|incoming|outgoing|dialed|dialled|received)calls'),
  ],
  webHistory: [
    /(web|browsing|browser|search|safari|chrome|firefox|url)history/,
    named('visited(urls|sites|pages)'),
  ],
  personalEmail: [
    /^(personal|private)e?mails?/,
    /mailbox/,
    named('e?mails', 'e?mail(messages?|contents?|bod(y|ies)|threads?)', 'inbox'),
  ],
  textMessages: [
    /^(sms|mms)/,
    /imessage/,
    named('sms', 'mms', 'textmessages?', '(chat|text)?messages'),
  ],
  contacts: [
    named(
      'contacts',
      'contact(list|lists|book|books|entries|items)',
      '(address|phone)(list|book|books)',
    ),
  ],
  personalPasswords: [/passwords?$/, /^(saved|stored|personal)credentials$/, /keychain/],
  calendar: [new RegExp(`^${OWNER}calendars?`), named('(calendar)?appointments')],
  photos: [named('photos?', 'photo(stream|album)s?', 'pictures', '(camera)?roll')],
  documentContents: [named('documents?', 'files', 'filecontents?')],
} as const satisfies Record<string, readonly RegExp[]>;

export type ForbiddenDataCategory = keyof typeof FORBIDDEN_DATA_CATEGORIES;

export interface ForbiddenFieldFinding {
  /** Where the field was found, e.g. `hardware.callHistory` or `apps[3].photos`. */
  path: string;
  category: ForbiddenDataCategory;
}

const normalise = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Results per raw field name: payloads repeat the same few names thousands of times. */
const verdicts = new Map<string, ForbiddenDataCategory | null>();
const MAX_REMEMBERED_NAMES = 10_000;

export function forbiddenCategoryOfField(fieldName: string): ForbiddenDataCategory | null {
  const remembered = verdicts.get(fieldName);
  if (remembered !== undefined) return remembered;
  const key = normalise(fieldName);
  let verdict: ForbiddenDataCategory | null = null;
  for (const [category, patterns] of Object.entries(FORBIDDEN_DATA_CATEGORIES)) {
    if (patterns.some((pattern) => pattern.test(key))) {
      verdict = category as ForbiddenDataCategory;
      break;
    }
  }
  if (verdicts.size < MAX_REMEMBERED_NAMES) verdicts.set(fieldName, verdict);
  return verdict;
}

interface Visit {
  value: unknown;
  parent: Visit | null;
  key: string | number | null;
}

/** `apps[3].photos` for a visit; built only for the one field that is reported. */
function pathOf(visit: Visit): string {
  const segments: (string | number)[] = [];
  for (let at: Visit | null = visit; at && at.key !== null; at = at.parent)
    segments.unshift(at.key);
  return segments.reduce<string>(
    (path, segment) =>
      typeof segment === 'number' ? `${path}[${segment}]` : path ? `${path}.${segment}` : segment,
    '',
  );
}

/** Objects and arrays: the only values that can carry a field. */
const isContainer = (value: unknown): value is object =>
  value !== null && typeof value === 'object';

/**
 * The first field, anywhere in a parsed JSON payload, that denotes a never-collected category.
 * Walks objects and arrays iteratively so a deeply nested payload cannot exhaust the stack; only
 * containers are visited (a check-in's hundreds of strings and numbers cost no visit each).
 */
export function findForbiddenDataCategory(payload: unknown): ForbiddenFieldFinding | null {
  if (!isContainer(payload)) return null;
  const stack: Visit[] = [{ value: payload, parent: null, key: null }];
  while (stack.length > 0) {
    const visit = stack.pop()!;
    const { value } = visit;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) {
        const element: unknown = value[i];
        if (isContainer(element)) stack.push({ value: element, parent: visit, key: i });
      }
    } else {
      const keys = Object.keys(value as object);
      for (const key of keys) {
        const category = forbiddenCategoryOfField(key);
        if (category) return { path: pathOf({ value: null, parent: visit, key }), category };
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const field = (value as Record<string, unknown>)[keys[i]];
        if (isContainer(field)) stack.push({ value: field, parent: visit, key: keys[i] });
      }
    }
  }
  return null;
}
