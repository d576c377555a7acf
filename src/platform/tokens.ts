/** Injection tokens of the process-wide values every module may need. */
export const APP_CONFIG = Symbol('APP_CONFIG');
export const SERVER_SECRETS = Symbol('SERVER_SECRETS');
