export * from './check-digits';
export * from './identifiers';
