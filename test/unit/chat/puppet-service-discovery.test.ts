// Token discovery against a local HTTPS stand-in for the Wechaty discovery service, and the gRPC
// `wechaty://` resolver that uses it, in both forms of grpc-js's resolver listener.
import https from 'node:https';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpc } from 'wechaty-grpc';
import { DiscoveryError, discoverPuppetService, discoverWithRetry } from '../../../src/chat/puppet-service-discovery.js';
import { createWechatyResolver } from '../../../src/chat/wechaty-resolver.js';
import { selfSignedCert, type SelfSignedCert } from '../../support/self-signed-cert.js';
import { startDiscoveryStub, type DiscoveryStub } from '../../support/discovery-stub.js';

describe('puppet-service token discovery', () => {
  let tls: SelfSignedCert;
  let stub: DiscoveryStub;
  let agent: https.Agent;
  let closedAuthority: string;

  beforeAll(async () => {
    tls = selfSignedCert();
    agent = new https.Agent({ ca: tls.cert });
    stub = await startDiscoveryStub(tls, {
      puppet_padlocal_good: { host: '10.0.0.7', port: 8788 },
      puppet_padlocal_garbled: '{"host": "10.0.0.7"}',
    });
    // A port nothing listens on.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedAuthority = `127.0.0.1:${(probe.address() as net.AddressInfo).port}`;
    await new Promise((r) => probe.close(r));
  });
  afterAll(async () => {
    await stub?.close();
    tls?.cleanup();
  });

  it('finds the gateway of a known token', async () => {
    await expect(discoverPuppetService('puppet_padlocal_good', { authority: stub.authority, agent })).resolves.toEqual({ host: '10.0.0.7', port: 8788 });
    expect(stub.asked.at(-1)).toBe('puppet_padlocal_good');
  });

  it('says which failure it was: unknown token, bad answer, unreachable, untrusted certificate', async () => {
    const failure = (token: string, authority = stub.authority, withAgent = true) =>
      discoverPuppetService(token, { authority, agent: withAgent ? agent : undefined }).then(
        () => null,
        (err: DiscoveryError) => [err.code, err.retryable, err.message],
      );
    expect(await failure('puppet_padlocal_unknown')).toEqual(['unknown_token', false, expect.stringContaining('does not know this token (HTTP 404)')]);
    expect(await failure('puppet_padlocal_garbled')).toEqual(['bad_answer', true, expect.stringContaining('no host and port')]);
    expect(await failure('puppet_padlocal_good', closedAuthority)).toEqual(['unreachable', true, expect.stringContaining('ECONNREFUSED')]);
    // Discovery is HTTPS: a certificate the system does not trust is refused.
    expect(await failure('puppet_padlocal_good', stub.authority, false)).toEqual(['unreachable', true, expect.stringContaining(stub.authority)]);
  });

  it('tries an unreachable service the configured number of times, an unknown token once', async () => {
    const waits: number[] = [];
    const sleep = async (ms: number) => void waits.push(ms);
    const err = await discoverWithRetry('puppet_padlocal_good', { authority: closedAuthority, tries: 4, sleep }).catch((e: DiscoveryError) => e);
    expect(err).toBeInstanceOf(DiscoveryError);
    expect(waits).toEqual([1000, 2000, 4000]);
    waits.length = 0;
    const before = stub.asked.length;
    await expect(discoverWithRetry('puppet_padlocal_unknown', { authority: stub.authority, agent, tries: 4, sleep })).rejects.toMatchObject({ code: 'unknown_token' });
    expect([stub.asked.length - before, waits]).toEqual([1, []]);
  });

  describe('the wechaty:// resolver', () => {
    const target = (token: string, authority: string) => ({ scheme: 'wechaty', authority, path: token });
    function resolveOnce(listenerKind: 'function' | 'object', token: string, authority: string) {
      const Resolver = createWechatyResolver({ agent });
      return new Promise<{ ok: boolean; value: unknown }>((resolve) => {
        const listener =
          listenerKind === 'function'
            ? (endpoints: { ok: boolean; value?: unknown; error?: { details: string; code: number } }) => {
                resolve({ ok: endpoints.ok, value: endpoints.ok ? endpoints.value : endpoints.error });
                return true;
              }
            : {
                onSuccessfulResolution: (addresses: unknown[]) => resolve({ ok: true, value: addresses }),
                onError: (error: unknown) => resolve({ ok: false, value: error }),
              };
        new Resolver(target(token, authority), listener as never).updateResolution();
      });
    }

    it('reports the gateway in the form grpc-js 1.13+ expects (the form wechaty-token 1.1 crashed on)', async () => {
      expect(await resolveOnce('function', 'puppet_padlocal_good', stub.authority)).toEqual({ ok: true, value: [{ addresses: [{ host: '10.0.0.7', port: 8788 }] }] });
      const failed = await resolveOnce('function', 'puppet_padlocal_unknown', stub.authority);
      expect(failed).toMatchObject({ ok: false, value: { code: grpc.status.UNAVAILABLE, details: expect.stringContaining('does not know this token') } });
    });

    it('and in the older form with onSuccessfulResolution / onError', async () => {
      expect(await resolveOnce('object', 'puppet_padlocal_good', stub.authority)).toEqual({ ok: true, value: [{ host: '10.0.0.7', port: 8788 }] });
      expect(await resolveOnce('object', 'puppet_padlocal_good', closedAuthority)).toMatchObject({ ok: false, value: { code: grpc.status.UNAVAILABLE } });
    });
  });
});
