import { AppCatalogEntry } from './app-catalog-entry.entity';
import { DeviceApp } from './device-app.entity';
import { ManagedAppInstallState } from './managed-app-install-state.entity';
import { ManagedApp } from './managed-app.entity';
import { AuditEvent } from './audit-event.entity';
import { CheckInReceipt } from './checkin-receipt.entity';
import { DeviceConfiguration } from './device-configuration.entity';
import { DeviceCompliancePolicy } from './device-compliance-policy.entity';
import { CorporateIdentifier } from './corporate-identifier.entity';
import { Device } from './device.entity';
import { DeviceCommand } from './device-command.entity';
import { AdminToken } from './admin-token.entity';
import { Admin } from './admin.entity';
import { EnrollmentToken } from './enrollment-token.entity';
import { Tenant } from './tenant.entity';

export const ENTITIES = [
  Tenant,
  EnrollmentToken,
  Admin,
  AdminToken,
  Device,
  AppCatalogEntry,
  DeviceApp,
  ManagedApp,
  ManagedAppInstallState,
  DeviceConfiguration,
  DeviceCompliancePolicy,
  CorporateIdentifier,
  AuditEvent,
  DeviceCommand,
  CheckInReceipt,
];
