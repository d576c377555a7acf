import { isCorporate, Ownership } from './vocabulary';

/**
 * Location (§4): never from personal/unknown devices; from corporate devices only as the answer to
 * an administrator's locateDevice action.
 */
export function mayRequestLocation(ownership: Ownership): boolean {
  return isCorporate(ownership);
}

export function mayStoreLocation(input: {
  ownership: Ownership;
  answersLocateCommand: boolean;
}): boolean {
  return isCorporate(input.ownership) && input.answersLocateCommand;
}
