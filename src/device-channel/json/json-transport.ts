import { createParamDecorator, ExecutionContext, HttpStatus } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { forbiddenDataRefusal } from '../../common/forbidden-data.pipe';
import { GraphError } from '../../common/graph-error';
import { sendGraphError } from '../../common/graph-exception.filter';
import { compileMessage, refusalOf } from './message-validator';

/**
 * The JSON transport of the device channel, in Fastify's request lifecycle: the credential is
 * checked on request (device-authentication.ts), before the body is read; once it is parsed, a
 * body carrying a never-collected data category is refused before the schema sees it; then the
 * route's message schema (messages.ts) validates it, compiled once, and words any refusal.
 */
export function registerJsonTransport(
  fastify: FastifyInstance,
  logger: Logger,
  maxAppsPerCheckIn: number,
): void {
  fastify.setValidatorCompiler(({ schema }) => compileMessage(schema));
  fastify.setSchemaErrorFormatter((errors) => refusalOf(errors));
  fastify.addHook('preValidation', async (request: FastifyRequest, reply: FastifyReply) => {
    const config = request.routeOptions.config as { deviceChannelCredential?: string };
    if (!config.deviceChannelCredential) return;
    const refusal = forbiddenDataRefusal(request.body) ?? tooManyApps(request, maxAppsPerCheckIn);
    if (!refusal) return;
    sendGraphError(logger, refusal, request, reply);
    return reply;
  });
}

/** Refused before validation: no CPU is spent checking thousands of apps that cannot be taken. */
function tooManyApps(request: FastifyRequest, limit: number): GraphError | null {
  const apps = (request.body as { apps?: unknown } | undefined)?.apps;
  if (!Array.isArray(apps) || apps.length <= limit) return null;
  return new GraphError(
    HttpStatus.PAYLOAD_TOO_LARGE,
    'requestTooLarge',
    `Invalid field 'apps': at most ${limit} apps per check-in.`,
    'apps',
  );
}

/** The body of a device-channel route, as its route schema validated it (no pipe runs on it). */
export const DeviceMessage = createParamDecorator(
  (_data: unknown, context: ExecutionContext): unknown =>
    context.switchToHttp().getRequest<FastifyRequest>().body,
);
