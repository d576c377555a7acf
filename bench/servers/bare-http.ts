import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * The HTTP ceiling: bare node:http that reads and parses the same JSON body and answers a reply of
 * the size our server answers (BENCH_REPLY_BYTES_* per route), with no framework and no storage.
 */
const replyOf = (bytes: number, extra: Record<string, string> = {}) => {
  const base = JSON.stringify({ ...extra, padding: '' });
  return JSON.stringify({ ...extra, padding: 'x'.repeat(Math.max(0, bytes - base.length)) });
};

const enrollReply = replyOf(Number(process.env.BENCH_REPLY_BYTES_ENROLL ?? 600), {
  deviceId: '00000000-0000-4000-8000-000000000000',
  deviceCredential: 'dev_bench',
});
const checkInReply = replyOf(Number(process.env.BENCH_REPLY_BYTES_CHECKIN ?? 600));

const server = createServer((request, response) => {
  const parts: Buffer[] = [];
  request.on('data', (part: Buffer) => parts.push(part));
  request.on('end', () => {
    try {
      JSON.parse(Buffer.concat(parts).toString('utf8'));
    } catch {
      response.writeHead(400).end();
      return;
    }
    const enroll = request.url === '/enrollment/v1/enroll';
    response.writeHead(enroll ? 201 : 200, { 'content-type': 'application/json' });
    response.end(enroll ? enrollReply : checkInReply);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  process.send!({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
});
