import { Global, Module } from '@nestjs/common';
import { DeviceAuthentication } from './device-authentication';
import { TenantPolicies } from './tenant-policies';

/** What every device-channel route shares: the credential check and the tenant policy cache. */
@Global()
@Module({
  providers: [DeviceAuthentication, TenantPolicies],
  exports: [DeviceAuthentication, TenantPolicies],
})
export class DeviceChannelModule {}
