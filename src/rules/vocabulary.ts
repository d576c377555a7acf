/** The words of the collection rules (docs/collection-rules.md "Words"). */
export const PLATFORMS = ['ios', 'android', 'macos', 'windows'] as const;
export type Platform = (typeof PLATFORMS)[number];

export const OWNERSHIPS = ['corporate', 'personal', 'unknown'] as const;
export type Ownership = (typeof OWNERSHIPS)[number];

/** `unknown` is treated exactly like `personal` for every collection decision (privacy by default). */
export const isCorporate = (ownership: Ownership): boolean => ownership === 'corporate';
