import { Body, Controller, Delete, Get, HttpCode, Param, Post, UseGuards } from '@nestjs/common';
import { AdminAuthGuard } from '../platform/auth/admin-auth.guard';
import {
  auditActorOf,
  AuthenticatedAdmin,
  CurrentAdmin,
  RequirePermission,
} from '../platform/auth/authenticated-admin';
import { futureExpiry } from '../platform/http/date-times';
import { guidParam } from '../platform/http/guid.pipe';
import {
  AdminView,
  EnrollmentTokenView,
  mapAdmin,
  mapAdminToken,
  mapEnrollmentToken,
  TokenView,
} from './admin.mapper';
import { AdminsService } from './admins.service';
import {
  CreateAdminDto,
  CreateAdminTokenDto,
  CreateEnrollmentTokenDto,
} from './admin-management.dto';
import { EnrollmentTokensService } from './enrollment-tokens.service';

/**
 * Administrators manage the tenant's admins, their tokens and the enrollment tokens. Our own
 * resources (Graph has no equivalent that fits), in Graph's conventions. Secrets appear once, in
 * the `token` of a creation's answer.
 */
@Controller(['v1.0/admin', 'beta/admin'])
@UseGuards(AdminAuthGuard)
export class TenantAdministrationController {
  constructor(
    private readonly admins: AdminsService,
    private readonly enrollmentTokens: EnrollmentTokensService,
  ) {}

  @Get('admins')
  @RequirePermission('administer')
  async listAdmins(@CurrentAdmin() me: AuthenticatedAdmin): Promise<{ value: AdminView[] }> {
    const admins = await this.admins.list(me.tenantId);
    return { value: admins.map(({ admin, tokens }) => mapAdmin(admin, tokens)) };
  }

  @Post('admins')
  @RequirePermission('administer')
  async createAdmin(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Body() body: CreateAdminDto,
  ): Promise<AdminView & { token: string }> {
    const tokenExpiresAt = futureExpiry('tokenExpiresDateTime', body.tokenExpiresDateTime);
    const { admin, token } = await this.admins.create(
      me.tenantId,
      {
        userPrincipalName: body.userPrincipalName,
        displayName: body.displayName,
        role: body.role,
        tokenExpiresAt,
      },
      auditActorOf(me),
    );
    return { ...mapAdmin(admin, [token.row]), token: token.token };
  }

  @Get('admins/:adminId')
  @RequirePermission('administer')
  async getAdmin(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('adminId', guidParam('adminId')) adminId: string,
  ): Promise<AdminView> {
    const { admin, tokens } = await this.admins.get(me.tenantId, adminId);
    return mapAdmin(admin, tokens);
  }

  @Delete('admins/:adminId')
  @HttpCode(204)
  @RequirePermission('administer')
  revokeAdmin(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('adminId', guidParam('adminId')) adminId: string,
  ): Promise<void> {
    return this.admins.revoke(me.tenantId, adminId, auditActorOf(me));
  }

  @Post('admins/:adminId/tokens')
  @RequirePermission('administer')
  async issueAdminToken(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('adminId', guidParam('adminId')) adminId: string,
    @Body() body: CreateAdminTokenDto,
  ): Promise<TokenView & { token: string }> {
    const expiresAt = futureExpiry('expiresDateTime', body.expiresDateTime);
    const issued = await this.admins.issueToken(me.tenantId, adminId, expiresAt, auditActorOf(me));
    return { ...mapAdminToken(issued.row), token: issued.token };
  }

  @Delete('admins/:adminId/tokens/:tokenId')
  @HttpCode(204)
  @RequirePermission('administer')
  revokeAdminToken(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('adminId', guidParam('adminId')) adminId: string,
    @Param('tokenId', guidParam('tokenId')) tokenId: string,
  ): Promise<void> {
    return this.admins.revokeToken(me.tenantId, adminId, tokenId, auditActorOf(me));
  }

  @Get('enrollmentTokens')
  @RequirePermission('administer')
  async listEnrollmentTokens(
    @CurrentAdmin() me: AuthenticatedAdmin,
  ): Promise<{ value: EnrollmentTokenView[] }> {
    const rows = await this.enrollmentTokens.list(me.tenantId);
    return { value: rows.map((row) => mapEnrollmentToken(row)) };
  }

  @Post('enrollmentTokens')
  @RequirePermission('administer')
  async issueEnrollmentToken(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Body() body: CreateEnrollmentTokenDto,
  ): Promise<EnrollmentTokenView & { token: string }> {
    const expiresAt = futureExpiry('expiresDateTime', body.expiresDateTime);
    const issued = await this.enrollmentTokens.issue(
      me.tenantId,
      { description: body.description ?? null, expiresAt },
      auditActorOf(me),
    );
    return { ...mapEnrollmentToken(issued.row), token: issued.token };
  }

  @Delete('enrollmentTokens/:tokenId')
  @HttpCode(204)
  @RequirePermission('administer')
  revokeEnrollmentToken(
    @CurrentAdmin() me: AuthenticatedAdmin,
    @Param('tokenId', guidParam('tokenId')) tokenId: string,
  ): Promise<void> {
    return this.enrollmentTokens.revoke(me.tenantId, tokenId, auditActorOf(me));
  }
}
