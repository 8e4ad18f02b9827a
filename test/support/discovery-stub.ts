// A local stand-in for the Wechaty discovery service (api.chatie.io): HTTPS, and
// GET /v0/hosties/<token> → {"host","port"} for the tokens it knows, 404 for the others.
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { SelfSignedCert } from './self-signed-cert.js';

export interface DiscoveryStub {
  /** host:port, as WECHATY_PUPPET_SERVICE_AUTHORITY takes it */
  authority: string;
  /** Tokens asked for, in order. */
  asked: string[];
  close(): Promise<void>;
}

export async function startDiscoveryStub(tls: SelfSignedCert, known: Record<string, { host: string; port: number } | string>): Promise<DiscoveryStub> {
  const asked: string[] = [];
  const server = https.createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
    const token = decodeURIComponent(/^\/v0\/hosties\/([^/?]+)$/.exec(req.url ?? '')?.[1] ?? '');
    asked.push(token);
    const answer = known[token];
    if (answer === undefined) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(typeof answer === 'string' ? answer : JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    authority: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
