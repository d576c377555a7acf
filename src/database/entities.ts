import { AppCatalogEntry } from '../apps/app-catalog-entry.entity';
import { DeviceApp } from '../apps/device-app.entity';
import { ManagedAppInstallState } from '../apps/managed-app-install-state.entity';
import { ManagedApp } from '../apps/managed-app.entity';
import { AuditEvent } from '../audit/audit-event.entity';
import { CheckInReceipt } from '../check-in/checkin-receipt.entity';
import { DeviceConfiguration } from '../device-configurations/device-configuration.entity';
import { CorporateIdentifier } from '../corporate-identifiers/corporate-identifier.entity';
import { Device } from '../devices/device.entity';
import { DeviceCommand } from '../remote-actions/device-command.entity';
import { AdminToken } from '../tenants/admin-token.entity';
import { Admin } from '../tenants/admin.entity';
import { EnrollmentToken } from '../tenants/enrollment-token.entity';
import { Tenant } from '../tenants/tenant.entity';

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
  CorporateIdentifier,
  AuditEvent,
  DeviceCommand,
  CheckInReceipt,
];
