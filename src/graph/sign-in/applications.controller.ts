import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../../admin-auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../../admin-auth/authenticated-admin';
import { futureExpiry } from '../../common/date-times';
import { guidParam } from '../../common/guid.pipe';
import {
  ApplicationView,
  ClientSecretView,
  mapApplication,
  mapClientSecret,
} from './application.mapper';
import { AppRegistrationsService } from './app-registrations.service';
import { AddClientSecretDto, CreateApplicationDto } from './dto/application.dto';

/**
 * App registrations of the tenant, for consumers that sign in like Entra ID (docs/graph-api.md).
 * A client secret appears once, in `secretText` of the answer that made it.
 */
@Controller(['v1.0/admin/applications', 'beta/admin/applications'])
@UseGuards(AdminAuthGuard)
export class ApplicationsController {
  constructor(private readonly apps: AppRegistrationsService) {}

  @Get()
  @RequirePermission('administer')
  async list(@CurrentAdmin() me: AuthenticatedAdmin): Promise<{ value: ApplicationView[] }> {
    const apps = await this.apps.list(me.tenantId);
    const secrets = await this.apps.secretsOf(apps.map((app) => app.id));
    return { value: apps.map((app) => mapApplication(app, secrets)) };
  }

  @Post()
  @RequirePermission('administer')
  async create(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Body() body: CreateApplicationDto,
  ): Promise<ApplicationView & { tenantId: string; secretText: string }> {
    const secretExpiresAt = futureExpiry('secretExpiresDateTime', body.secretExpiresDateTime);
    const created = await this.apps.create(
      me.tenantId,
      { displayName: body.displayName, permissions: body.permissions, secretExpiresAt },
      auditActorOf(me),
    );
    return {
      ...mapApplication(created.app, [created.secret]),
      tenantId: me.tenantId,
      secretText: created.clientSecret,
    };
  }

  @Get(':id')
  @RequirePermission('administer')
  async get(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<ApplicationView> {
    const app = await this.apps.get(me.tenantId, id);
    return mapApplication(app, await this.apps.secretsOf([app.id]));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('administer')
  revoke(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
  ): Promise<void> {
    return this.apps.revoke(me.tenantId, id, auditActorOf(me));
  }

  /** Entra's `addPassword`. */
  @Post(':id/addPassword')
  @RequirePermission('administer')
  async addPassword(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Body() body: AddClientSecretDto,
  ): Promise<ClientSecretView & { secretText: string }> {
    const expiresAt = futureExpiry('endDateTime', body.endDateTime);
    const added = await this.apps.addSecret(me.tenantId, id, expiresAt, auditActorOf(me));
    return { ...mapClientSecret(added.row), secretText: added.clientSecret };
  }

  @Delete(':id/passwordCredentials/:keyId')
  @HttpCode(204)
  @RequirePermission('administer')
  removePassword(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('id', guidParam('id')) id: string,
    @Param('keyId', guidParam('keyId')) keyId: string,
  ): Promise<void> {
    return this.apps.revokeSecret(me.tenantId, id, keyId, auditActorOf(me));
  }
}
