import { AppInventoryScope, appInventoryScope } from './app-inventory';
import { PhoneNumberForm, phoneNumberForm } from './phone-number';
import { EnrollmentType } from './enrollment-types';
import { Ownership, Platform } from './vocabulary';

/** What the server tells a device to send, so that a well-behaved client minimises at the source. */
export interface CollectionDirectives {
  appInventory: AppInventoryScope;
  phoneNumber: PhoneNumberForm;
  diagnostics: 'on' | 'off';
}

export function collectionDirectives(input: {
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  compliantAppListOn: boolean;
  diagnosticsEnabled: boolean;
}): CollectionDirectives {
  return {
    appInventory: appInventoryScope(input).scope,
    phoneNumber: phoneNumberForm(input.ownership),
    diagnostics: input.diagnosticsEnabled ? 'on' : 'off',
  };
}
