import { appInventoryScope } from './app-inventory';
import { EnrollmentType, WORK_PROFILE_ENROLLMENTS } from './enrollment-types';
import { FORBIDDEN_DATA_CATEGORIES, ForbiddenDataCategory } from './forbidden-categories';
import {
  HARDWARE_FIELDS,
  HardwareField,
  fieldNotOnPlatform,
  hiddenByUserEnrollment,
} from './hardware-fields';
import { mayRequestLocation } from './location';
import { phoneNumberForm } from './phone-number';
import { Ownership, Platform } from './vocabulary';

/** How a collected value is kept. */
export type StoredForm =
  | 'full'
  | 'lastFourDigits'
  | 'managedAppsOnly'
  | 'workProfileAppsOnly'
  | 'onLocateRequestOnly'
  | 'pseudonymized'
  | 'notCollected';

/** Why something is (or is not) collected. */
export type CollectionReason =
  | 'requiredData'
  | 'corporateOwnership'
  | 'compliantAppRule'
  | 'managedApp'
  | 'personalDevice'
  | 'tenantDiagnosticsSetting'
  | 'tenantCompliancePolicy'
  | 'notAvailableOnPlatform'
  | 'notAvailableUnderUserEnrollment'
  | 'userEnrollment'
  | 'neverCollected';

export interface PrivacyViewEntry {
  category:
    | HardwareField
    | 'user'
    | 'appInventory'
    | 'location'
    | 'diagnostics'
    | 'securityState'
    | ForbiddenDataCategory;
  collected: boolean;
  form: StoredForm;
  reasons: CollectionReason[];
}

export interface PrivacyFacts {
  platform: Platform;
  enrollmentType: EnrollmentType;
  ownership: Ownership;
  osVersion: string | null;
  compliantAppListOn: boolean;
  diagnosticsEnabled: boolean;
  /** A compliance policy is assigned for the platform (its security state is then kept). */
  compliancePoliciesOn: boolean;
}

/**
 * "What my organization can see" for one device (like Company Portal's privacy page), derived from
 * the same rules that decide what is stored — so the view cannot drift from the database.
 */
export function privacyView(facts: PrivacyFacts): PrivacyViewEntry[] {
  const entries: PrivacyViewEntry[] = [
    { category: 'user', collected: true, form: 'full', reasons: ['requiredData'] },
  ];
  for (const field of HARDWARE_FIELDS) {
    if (fieldNotOnPlatform(facts.platform, facts.enrollmentType, field, facts.osVersion)) {
      entries.push({
        category: field,
        collected: false,
        form: 'notCollected',
        reasons: [
          hiddenByUserEnrollment(facts.platform, facts.enrollmentType, field)
            ? 'notAvailableUnderUserEnrollment'
            : 'notAvailableOnPlatform',
        ],
      });
    } else if (field === 'phoneNumber') {
      const full = phoneNumberForm(facts.ownership) === 'full';
      entries.push({
        category: field,
        collected: true,
        form: full ? 'full' : 'lastFourDigits',
        reasons: ['requiredData', full ? 'corporateOwnership' : 'personalDevice'],
      });
    } else {
      entries.push({ category: field, collected: true, form: 'full', reasons: ['requiredData'] });
    }
  }

  const scope = appInventoryScope(facts);
  const workProfileOnly = WORK_PROFILE_ENROLLMENTS.has(facts.enrollmentType);
  entries.push({
    category: 'appInventory',
    collected: true,
    form:
      scope.scope === 'managedOnly'
        ? 'managedAppsOnly'
        : workProfileOnly
          ? 'workProfileAppsOnly'
          : 'full',
    reasons:
      scope.reason === 'corporateOwnership'
        ? ['corporateOwnership']
        : scope.reason === 'compliantAppRule'
          ? ['compliantAppRule']
          : scope.reason === 'userEnrollmentManagedAppsOnly'
            ? ['userEnrollment', 'managedApp']
            : ['personalDevice', 'managedApp'],
  });

  entries.push(
    mayRequestLocation(facts.ownership)
      ? {
          category: 'location',
          collected: true,
          form: 'onLocateRequestOnly',
          reasons: ['corporateOwnership'],
        }
      : {
          category: 'location',
          collected: false,
          form: 'notCollected',
          reasons: ['personalDevice'],
        },
  );
  entries.push({
    category: 'diagnostics',
    collected: facts.diagnosticsEnabled,
    form: facts.diagnosticsEnabled ? 'pseudonymized' : 'notCollected',
    reasons: ['tenantDiagnosticsSetting'],
  });
  entries.push({
    category: 'securityState',
    collected: facts.compliancePoliciesOn,
    form: facts.compliancePoliciesOn ? 'full' : 'notCollected',
    reasons: ['tenantCompliancePolicy'],
  });
  for (const category of Object.keys(FORBIDDEN_DATA_CATEGORIES) as ForbiddenDataCategory[]) {
    entries.push({ category, collected: false, form: 'notCollected', reasons: ['neverCollected'] });
  }
  return entries;
}
