import { AppInventoryScope, appInventoryScope } from './app-inventory';
import { PhoneNumberForm, phoneNumberForm } from './phone-number';
import { EnrollmentType } from './enrollment-types';
import { Ownership, Platform } from './vocabulary';

/** What the server tells a device to send, so that a well-behaved client minimises at the source. */
export interface CollectionDirectives {
  appInventory: AppInventoryScope;
  phoneNumber: PhoneNumberForm;
  diagnostics: 'on' | 'off';
  /**
   * Whether to report the security state (`security`): only while a compliance policy of the
   * platform is assigned, since nothing of it is kept otherwise.
   */
  securityState: 'on' | 'off';
}

export function collectionDirectives(input: {
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  compliantAppListOn: boolean;
  diagnosticsEnabled: boolean;
  compliancePoliciesOn: boolean;
}): CollectionDirectives {
  return {
    appInventory: appInventoryScope(input).scope,
    phoneNumber: phoneNumberForm(input.ownership),
    diagnostics: input.diagnosticsEnabled ? 'on' : 'off',
    securityState: input.compliancePoliciesOn ? 'on' : 'off',
  };
}
