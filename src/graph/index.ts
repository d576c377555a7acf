/** The one place where storage shape and Graph shape meet (see each file's header). */
export * from './graph-values';
export * from './managed-device';
export * from './detected-app';
export * from './mobile-app';
export * from './managed-device-overview';
