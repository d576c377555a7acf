/**
 * Data that is never collected (COLLECTION-RULES.md §5). A payload carrying any field whose name
 * denotes one of these categories is refused as a whole. Field names are compared after lower-casing
 * and removing everything but letters and digits, so `call_history`, `CallHistory` and `call-history`
 * are the same field.
 */
export const FORBIDDEN_DATA_CATEGORIES = {
  callHistory: [/^call(s)?(history|log|logs|records?|list)$/, /^(recent|missed)calls$/],
  webHistory: [/(web|browsing|browser|search)history/, /^visited(urls|sites|pages)$/],
  personalEmail: [
    /^(personal|private)e?mails?/,
    /^e?mails$/,
    /^e?mail(messages?|contents?|bod(y|ies)|threads?)$/,
    /mailbox/,
    /^inbox$/,
  ],
  textMessages: [
    /^(sms|mms)/,
    /^imessages?$/,
    /^textmessages?$/,
    /^(chat|text)?messages$/,
    /^smsmessages?$/,
  ],
  contacts: [
    /^contacts$/,
    /^(contact|address|phone)(list|book|books)$/,
    /^(personal|device)contacts$/,
  ],
  personalPasswords: [/passwords?$/, /^(saved|stored|personal)credentials$/, /^keychain(items)?$/],
  calendar: [/^calendars?/, /^(calendar)?appointments$/],
  photos: [
    /^photos?$/,
    /^(camera)?roll$/,
    /^cameraroll/,
    /^photo(library|stream|album)s?$/,
    /^pictures$/,
  ],
  documentContents: [/^(user)?documents?(contents?)?$/, /^(user)?files$/, /^filecontents?$/],
} as const satisfies Record<string, readonly RegExp[]>;

export type ForbiddenDataCategory = keyof typeof FORBIDDEN_DATA_CATEGORIES;

export interface ForbiddenFieldFinding {
  /** Where the field was found, e.g. `hardware.callHistory` or `apps[3].photos`. */
  path: string;
  category: ForbiddenDataCategory;
}

const normalise = (key: string): string => key.toLowerCase().replace(/[^a-z0-9]/g, '');

export function forbiddenCategoryOfField(fieldName: string): ForbiddenDataCategory | null {
  const key = normalise(fieldName);
  for (const [category, patterns] of Object.entries(FORBIDDEN_DATA_CATEGORIES)) {
    if (patterns.some((pattern) => pattern.test(key))) return category as ForbiddenDataCategory;
  }
  return null;
}

/**
 * The first field, anywhere in a parsed JSON payload, that denotes a never-collected category.
 * Walks objects and arrays iteratively so a deeply nested payload cannot exhaust the stack.
 */
export function findForbiddenDataCategory(payload: unknown): ForbiddenFieldFinding | null {
  const stack: { value: unknown; path: string }[] = [{ value: payload, path: '' }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--)
        stack.push({ value: value[i], path: `${path}[${i}]` });
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (const key of keys) {
        const fieldPath = path ? `${path}.${key}` : key;
        const category = forbiddenCategoryOfField(key);
        if (category) return { path: fieldPath, category };
      }
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i];
        stack.push({
          value: (value as Record<string, unknown>)[key],
          path: path ? `${path}.${key}` : key,
        });
      }
    }
  }
  return null;
}
