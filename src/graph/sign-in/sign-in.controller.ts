import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { TenantsService } from '../../tenants/tenants.service';
import { AppRegistrationsService } from './app-registrations.service';
import { ENTRA_ERRORS, entraErrorBody, EntraError } from './entra-errors';
import { FormFields, isGuid, parseTokenRequest } from './token-request';
import { TokenSigningKeys } from './token-signing-keys';

const AUTHENTICATION_FAILURES = {
  unknownApplication: ENTRA_ERRORS.unknownApplication,
  disabledApplication: ENTRA_ERRORS.disabledApplication,
  invalidSecret: ENTRA_ERRORS.invalidSecret,
  expiredSecret: ENTRA_ERRORS.expiredSecret,
} as const;

/**
 * Sign-in shaped like Entra ID's, for consumers that get their Graph token with MSAL or
 * `@azure/identity`: the OpenID metadata of a tenant, its signing keys, and the OAuth 2.0 token
 * endpoint (client credentials only). Answers and errors are Entra's, not Graph's (docs/graph-api.md).
 */
@ApiExcludeController()
@Controller(':tenantId')
export class SignInController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly apps: AppRegistrationsService,
    private readonly keys: TokenSigningKeys,
  ) {}

  @Get('v2.0/.well-known/openid-configuration')
  async openIdConfiguration(
    @Param('tenantId') tenant: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const tenantId = tenant.toLowerCase();
    if (!(await this.knownTenant(tenantId))) return this.refuse(reply, ENTRA_ERRORS.unknownTenant);
    const base = `${origin(request)}/${tenantId}`;
    void reply.header('cache-control', 'max-age=86400, private').send({
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      // Not served (client credentials only); MSAL takes the tenant from its first path segment.
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      grant_types_supported: ['client_credentials'],
      tenant_region_scope: null,
      cloud_instance_name: new URL(origin(request)).host,
    });
  }

  @Get('discovery/v2.0/keys')
  async keysOfTenant(@Param('tenantId') tenant: string, @Res() reply: FastifyReply) {
    if (!(await this.knownTenant(tenant.toLowerCase())))
      return this.refuse(reply, ENTRA_ERRORS.unknownTenant);
    void reply.header('cache-control', 'max-age=3600, private').send(await this.keys.jwks());
  }

  @Post('oauth2/v2.0/token')
  @HttpCode(200)
  async token(
    @Param('tenantId') tenant: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    // Tenant ids are GUIDs, which Entra accepts in either case; ours are stored in lower case.
    const tenantId = tenant.toLowerCase();
    const form = isForm(request.body) ? request.body : null;
    if (!form) return this.refuse(reply, ENTRA_ERRORS.missingParameter('grant_type'));
    const parsed = parseTokenRequest(form, request.headers.authorization);
    if (!parsed.ok) return this.refuse(reply, parsed.error);
    if (!(await this.knownTenant(tenantId))) return this.refuse(reply, ENTRA_ERRORS.unknownTenant);
    const { clientId, clientSecret } = parsed.credentials;
    const signIn = await this.apps.authenticate(tenantId, clientId, clientSecret);
    if (signIn.outcome !== 'signedIn') {
      return this.refuse(reply, AUTHENTICATION_FAILURES[signIn.outcome]);
    }
    const accessToken = await this.keys.sign(
      {
        tid: tenantId,
        appid: clientId,
        oid: signIn.app.id,
        app_displayname: signIn.app.display_name,
        roles: signIn.permissions,
      },
      `${origin(request)}/${tenantId}/v2.0`,
    );
    const expiresIn = this.keys.lifetimeSeconds;
    void reply.header('cache-control', 'no-store').header('pragma', 'no-cache').send({
      token_type: 'Bearer',
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: accessToken,
    });
  }

  private async knownTenant(tenantId: string): Promise<boolean> {
    return isGuid(tenantId) && (await this.tenants.exists(tenantId));
  }

  private refuse(reply: FastifyReply, failure: EntraError): void {
    void reply
      .status(failure.status)
      .header('cache-control', 'no-store')
      .send(entraErrorBody(failure));
  }
}

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

function isForm(body: unknown): body is FormFields {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    Object.values(body).every((v) => Array.isArray(v))
  );
}
