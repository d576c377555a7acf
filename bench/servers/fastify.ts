import Fastify from 'fastify';
import { AddressInfo } from 'node:net';
import { invalidRequest } from '../../src/common/graph-error';
import { parseJsonBody } from '../../src/common/json-body';
import { createLogger } from '../../src/common/logger';
import { registerJsonTransport } from '../../src/device-channel/json/json-transport';
import { CheckInRequest, EnrollRequest } from '../../src/device-channel/json/messages';

/**
 * The schema ceiling: plain Fastify (no NestJS) with our JSON parser, the device channel's
 * forbidden-data hook and the same compiled message schemas — and no database, so no credential
 * lookup either. It answers a reply of the size our server answers (BENCH_REPLY_BYTES_*).
 */
const replyOf = (bytes: number, extra: Record<string, string> = {}) => {
  const base = JSON.stringify({ ...extra, padding: '' });
  return { ...extra, padding: 'x'.repeat(Math.max(0, bytes - base.length)) };
};
const enrollReply = replyOf(Number(process.env.BENCH_REPLY_BYTES_ENROLL ?? 600), {
  deviceId: '00000000-0000-4000-8000-000000000000',
  deviceCredential: 'dev_bench',
});
const checkInReply = replyOf(Number(process.env.BENCH_REPLY_BYTES_CHECKIN ?? 600));

async function main(): Promise<void> {
  const logger = createLogger('warn');
  const fastify = Fastify({
    bodyLimit: 2_097_152,
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
  });
  fastify.removeContentTypeParser('application/json');
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (_request, body, done) => {
      const parsed = parseJsonBody(body as Buffer);
      if (parsed.ok) done(null, parsed.value);
      else done(invalidRequest(parsed.problem.target ?? 'body', parsed.problem.message));
    },
  );
  registerJsonTransport(fastify, logger, 2000);
  fastify.post(
    '/enrollment/v1/enroll',
    { schema: { body: EnrollRequest }, config: { deviceChannelCredential: 'enrollmentToken' } },
    async (_request, reply) => reply.code(201).send(enrollReply),
  );
  fastify.post(
    '/enrollment/v1/devices/:id/checkin',
    { schema: { body: CheckInRequest }, config: { deviceChannelCredential: 'deviceCredential' } },
    async () => checkInReply,
  );
  await fastify.listen({ port: 0, host: '127.0.0.1' });
  const { port } = fastify.server.address() as AddressInfo;
  process.send!({ url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
