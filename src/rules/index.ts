/**
 * The collection rules: who may collect what (docs/collection-rules.md). Pure functions only — no NestJS,
 * no TypeORM, no I/O — so that the server, the privacy view and the tests all ask the same place.
 */
export * from './vocabulary';
export * from './enrollment-types';
export * from './ownership';
export * from './tenant-policy';
export * from './app-inventory';
export * from './phone-number';
export * from './location';
export * from './forbidden-categories';
export * from './hardware-fields';
export * from './directives';
export * from './privacy-view';
export * from './app-compliance';
export * from './device-compliance';
