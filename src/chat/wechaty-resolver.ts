// The gRPC name resolver for `wechaty://<authority>/<token>`, the address wechaty-puppet-service
// dials when it has a token and no endpoint. wechaty-token 1.1's own resolver calls the resolver
// listener of @grpc/grpc-js ≤ 1.12 (`listener.onSuccessfulResolution`, `listener.onError`);
// grpc-js 1.13+ passes a single callback instead, so token-only configuration crashed at once
// ("listener.onError is not a function"). This resolver speaks both forms and uses our discovery
// client (typed errors, a timeout, no stack traces on the console). It replaces wechaty-token's
// registration for the `wechaty` scheme; call installWechatyResolver() after wechaty-puppet-service
// is loaded (it registers wechaty-token's resolver when its module is evaluated).
import { grpc } from 'wechaty-grpc';
import { DEFAULT_AUTHORITY, discoverPuppetService, type DiscoveryOptions } from './puppet-service-discovery.js';

type GrpcUri = grpc.experimental.GrpcUri;
type StatusObject = { code: grpc.status; details: string; metadata: grpc.Metadata };

/** grpc-js 1.13+: one callback. */
type ListenerFunction = (endpoints: unknown, attributes: Record<string, unknown>, serviceConfig: null, resolutionNote: string) => boolean;
/** grpc-js ≤ 1.12: an object with two methods. */
interface ListenerObject {
  onSuccessfulResolution(addresses: unknown[], serviceConfig: null, serviceConfigError: null, configSelector: null, attributes: Record<string, unknown>): void;
  onError(error: StatusObject): void;
}

export function createWechatyResolver(discovery: DiscoveryOptions = {}) {
  return class WechatyDiscoveryResolver {
    private destroyed = false;
    private busy = false;

    static getDefaultAuthority(target: GrpcUri): string {
      return target.authority || DEFAULT_AUTHORITY;
    }

    constructor(
      private readonly target: GrpcUri,
      private readonly listener: ListenerFunction | ListenerObject,
    ) {}

    updateResolution(): void {
      if (this.busy) return;
      this.busy = true;
      this.destroyed = false;
      const token = this.target.path.replace(/^\//, '');
      discoverPuppetService(token, { ...discovery, authority: this.target.authority || discovery.authority })
        .then(
          ({ host, port }) => this.succeed(host, port),
          (err: Error) => this.fail(`puppet-service discovery for wechaty://${this.target.authority}/… failed: ${err.message}`),
        )
        .finally(() => {
          this.busy = false;
        });
    }

    destroy(): void {
      this.destroyed = true;
    }

    private succeed(host: string, port: number): void {
      if (this.destroyed) return;
      const address = { host, port };
      if (typeof this.listener === 'function') {
        this.listener(grpc.experimental.statusOrFromValue([{ addresses: [address] }]), {}, null, '');
      } else {
        this.listener.onSuccessfulResolution([address], null, null, null, {});
      }
    }

    private fail(details: string): void {
      if (this.destroyed) return;
      const error = { code: grpc.status.UNAVAILABLE, details, metadata: new grpc.Metadata() };
      if (typeof this.listener === 'function') {
        this.listener(grpc.experimental.statusOrFromError(error), {}, null, details);
      } else {
        this.listener.onError(error);
      }
    }
  };
}

/** Makes `wechaty://` addresses resolve through our discovery client. */
export function installWechatyResolver(discovery: DiscoveryOptions = {}): void {
  grpc.experimental.registerResolver('wechaty', createWechatyResolver(discovery) as unknown as Parameters<typeof grpc.experimental.registerResolver>[1]);
}
