import 'reflect-metadata';
import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication, RouteSchema } from '@nestjs/platform-fastify';
import { randomUUID } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { RefuseForbiddenDataPipe } from '../../src/common/forbidden-data.pipe';
import { GraphExceptionFilter } from '../../src/common/graph-exception.filter';
import { createLogger } from '../../src/common/logger';
import { createValidationPipe } from '../../src/common/validation';
import { DeviceChannelCredential } from '../../src/device-channel/device-authentication';
import { DeviceMessage, registerJsonTransport } from '../../src/device-channel/json/json-transport';
import { CheckInRequest, EnrollRequest } from '../../src/device-channel/json/messages';

/**
 * The framework ceiling: NestJS on the same Fastify adapter with the same options, the same JSON
 * transport (forbidden-data hook, the same compiled message schemas), global pipes and exception
 * filter — and no database (so no credential lookup either). It answers a reply of the size our
 * server answers (BENCH_REPLY_BYTES_*).
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

@Controller('enrollment/v1')
class DeviceChannelController {
  @Post('enroll')
  @DeviceChannelCredential('enrollmentToken')
  @RouteSchema({ body: EnrollRequest })
  enroll(@DeviceMessage() body: EnrollRequest) {
    return body && enrollReply;
  }

  @Post('devices/:id/checkin')
  @HttpCode(200)
  @DeviceChannelCredential('deviceCredential')
  @RouteSchema({ body: CheckInRequest })
  checkIn(@DeviceMessage() body: CheckInRequest) {
    return body && checkInReply;
  }
}

@Module({ controllers: [DeviceChannelController] })
class FrameworkCeilingModule {}

async function main(): Promise<void> {
  const logger = createLogger('warn');
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: 2_097_152,
    genReqId: () => randomUUID(),
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    routerOptions: { maxParamLength: 200 },
  });
  const app = await NestFactory.create<NestFastifyApplication>(FrameworkCeilingModule, adapter, {
    logger: false,
  });
  registerJsonTransport(app.getHttpAdapter().getInstance(), logger, 2000);
  app.useGlobalPipes(new RefuseForbiddenDataPipe(), createValidationPipe());
  app.useGlobalFilters(new GraphExceptionFilter(logger));
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.getHttpServer().address() as AddressInfo;
  process.send!({ url: `http://127.0.0.1:${port}` });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
