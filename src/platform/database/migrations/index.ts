import { InitialSchema1732500000000 } from './1732500000000-initial-schema';
import { QueryIndexes1732600000000 } from './1732600000000-query-indexes';
import { Administration1732700000000 } from './1732700000000-administration';
import { PrivacyLifecycle1732800000000 } from './1732800000000-privacy-lifecycle';
import { RateLimits1732950000000 } from './1732950000000-rate-limits';
import { ConsoleIndexes1732960000000 } from './1732960000000-console-indexes';
import { SharedSecrets1732970000000 } from './1732970000000-shared-secrets';
import { ManufacturerNameIndex1732980000000 } from './1732980000000-manufacturer-name-index';
import { GraphSignIn1732990000000 } from './1732990000000-graph-sign-in';
import { ReceiptPerDevice1732992000000 } from './1732992000000-receipt-per-device';
import { TenantPolicyVersion1732993000000 } from './1732993000000-tenant-policy-version';
import { GraphProperties1733100000000 } from './1733100000000-graph-properties';
import { AppleMdm1733150000000 } from './1733150000000-apple-mdm';
import { AppleMdmAppCommands1733171900042 } from './1733171900042-apple-mdm-app-commands';
import { ReportExportLeases1733172600318 } from './1733172600318-report-export-leases';
import { DeviceCompliancePolicies1733173400000 } from './1733173400000-device-compliance-policies';
import { DeviceConfigurations1733200000000 } from './1733200000000-device-configurations';

/** Every migration, in order. Listed explicitly so the same array works from ts-node and from dist/. */
export const MIGRATIONS = [
  InitialSchema1732500000000,
  QueryIndexes1732600000000,
  Administration1732700000000,
  PrivacyLifecycle1732800000000,
  RateLimits1732950000000,
  ConsoleIndexes1732960000000,
  SharedSecrets1732970000000,
  ManufacturerNameIndex1732980000000,
  GraphSignIn1732990000000,
  ReceiptPerDevice1732992000000,
  TenantPolicyVersion1732993000000,
  GraphProperties1733100000000,
  AppleMdm1733150000000,
  AppleMdmAppCommands1733171900042,
  ReportExportLeases1733172600318,
  DeviceCompliancePolicies1733173400000,
  DeviceConfigurations1733200000000,
];
