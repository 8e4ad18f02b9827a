// A TCP proxy in front of the database that a test can cut and restore: a database outage
// without stopping the shared MariaDB server other people's tests are using.
import net from 'node:net';

export type CutMode =
  /** Existing connections are reset and new ones are accepted then dropped at once (server gone). */
  | 'reset'
  /** Existing connections are reset and the port stops listening (ECONNREFUSED). */
  | 'refuse';

export class TcpProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  private mode: 'open' | CutMode = 'open';
  private listenPort = 0;
  /** Connections accepted while open (for reports). */
  connections = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  get port(): number {
    return this.listenPort;
  }

  get isCut(): boolean {
    return this.mode !== 'open';
  }

  async start(port = 0): Promise<number> {
    await this.listen(port);
    return this.listenPort;
  }

  /** Cuts the database off: every open connection is reset, new ones fail. */
  async cut(mode: CutMode = 'reset'): Promise<void> {
    this.mode = mode;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (mode === 'refuse' && this.server) {
      const server = this.server;
      this.server = null;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }

  /** Lets connections through again (on the same port). */
  async restore(): Promise<void> {
    if (!this.server) await this.listen(this.listenPort);
    this.mode = 'open';
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private listen(port: number): Promise<void> {
    const server = net.createServer((client) => this.accept(client));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        this.listenPort = (server.address() as net.AddressInfo).port;
        resolve();
      });
    });
  }

  private accept(client: net.Socket): void {
    if (this.mode !== 'open') {
      client.destroy();
      return;
    }
    this.connections++;
    const upstream = net.connect(this.target.port, this.target.host);
    const pair = [client, upstream];
    for (const s of pair) {
      this.sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => undefined);
      s.on('close', () => {
        this.sockets.delete(s);
        for (const other of pair) other.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  }
}
