import { createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { RouteConfig } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { bearerToken } from '../common/bearer';
import { unauthenticated } from '../common/graph-error';
import { sendGraphError } from '../common/graph-exception.filter';
import { hashToken, ServerSecrets, tokenMatches } from '../common/secrets';
import { SERVER_SECRETS } from '../core/tokens';
import { WriteTransactions } from '../database/write-transactions';

/** A device whose credential was checked; the transaction that follows re-reads the row by both. */
export interface AuthenticatedDevice {
  id: string;
  tenantId: string;
  /** The stored hash the credential matched: a retire or wipe in between clears it (then 401). */
  credentialHash: string;
}

/** A valid enrollment token, by its hash: the enrollment transaction reads it again and counts its use. */
export interface AuthenticatedEnrollment {
  tokenHash: string;
}

type Credential = 'deviceCredential' | 'enrollmentToken';

/** Who may call a device-channel route: checked from the headers, before the body is read. */
export const DeviceChannelCredential = (credential: Credential) =>
  RouteConfig({ deviceChannelCredential: credential });

interface DeviceChannelRequest extends FastifyRequest {
  authenticatedDevice?: AuthenticatedDevice;
  authenticatedEnrollment?: AuthenticatedEnrollment;
}

/**
 * The one check of device-channel credentials: a device's own credential (check-in, privacy view,
 * removal) and a tenant's enrollment token. Run before the body is parsed or validated, so an
 * unauthenticated caller learns nothing about the schema and costs no validation.
 */
@Injectable()
export class DeviceAuthentication {
  constructor(
    private readonly transactions: WriteTransactions,
    @Inject(SERVER_SECRETS) private readonly secrets: ServerSecrets,
  ) {}

  async device(
    deviceId: string | undefined,
    credential: string | null,
  ): Promise<AuthenticatedDevice> {
    if (!deviceId || !credential) throw unauthenticated();
    const [device] = await this.transactions.read<{
      tenant_id: string;
      credential_hash: string | null;
    }>('SELECT tenant_id, credential_hash FROM device WHERE id = ?', [deviceId]);
    if (
      !device?.credential_hash ||
      !tokenMatches(this.secrets.tokenPepper, credential, device.credential_hash)
    ) {
      throw unauthenticated();
    }
    return { id: deviceId, tenantId: device.tenant_id, credentialHash: device.credential_hash };
  }

  async enrollment(token: string | null): Promise<AuthenticatedEnrollment> {
    if (!token) throw unauthenticated('An enrollment token is required (Authorization: Bearer …).');
    const tokenHash = hashToken(this.secrets.tokenPepper, token);
    const [valid] = await this.transactions.read<{ id: string }>(
      `SELECT id FROM enrollment_token
       WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)`,
      [tokenHash, Date.now()],
    );
    if (!valid) throw unauthenticated('The enrollment token is invalid, expired or revoked.');
    return { tokenHash };
  }

  /** The onRequest hook that runs the check for every route declaring a DeviceChannelCredential. */
  register(fastify: FastifyInstance, logger: Logger): void {
    fastify.addHook('onRequest', async (request: DeviceChannelRequest, reply: FastifyReply) => {
      const config = request.routeOptions.config as { deviceChannelCredential?: Credential };
      const credential = config.deviceChannelCredential;
      if (!credential) return;
      const presented = bearerToken(request.headers.authorization);
      try {
        if (credential === 'enrollmentToken') {
          request.authenticatedEnrollment = await this.enrollment(presented);
        } else {
          const { id } = request.params as { id?: string };
          request.authenticatedDevice = await this.device(id, presented);
        }
      } catch (error) {
        sendGraphError(logger, error, request, reply);
        return reply;
      }
    });
  }
}

/** The device the onRequest hook authenticated (routes declaring DeviceChannelCredential only). */
export const CallingDevice = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedDevice => {
    const request = context.switchToHttp().getRequest<DeviceChannelRequest>();
    if (!request.authenticatedDevice) throw unauthenticated();
    return request.authenticatedDevice;
  },
);

/** The enrollment token the onRequest hook checked. */
export const EnrollmentCredential = createParamDecorator(
  (_data: unknown, context: ExecutionContext): AuthenticatedEnrollment => {
    const request = context.switchToHttp().getRequest<DeviceChannelRequest>();
    if (!request.authenticatedEnrollment) throw unauthenticated();
    return request.authenticatedEnrollment;
  },
);
