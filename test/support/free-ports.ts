// Free TCP ports on 127.0.0.1 for servers that cannot be asked to pick one (the gRPC puppet
// server reports no port; the world serves account n on base + n − 1, so runs of ports).
import net from 'node:net';

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

// Below Linux's ephemeral range (32768–60999): a port free when checked may otherwise be taken by
// the kernel for some outgoing connection (a database client, an HTTP request) before the server
// under test binds it — CI once failed so, EADDRINUSE on 45140.
const LOWEST = 20_000;
const SPAN = 12_000;

/** `count` consecutive free ports; the first is returned. */
export async function freePortRun(count: number): Promise<number> {
  for (let tries = 0; tries < 200; tries++) {
    const base = LOWEST + Math.floor(Math.random() * (SPAN - count));
    let ok = true;
    for (let i = 0; i < count && ok; i++) ok = await canListen(base + i);
    if (ok) return base;
  }
  throw new Error(`no run of ${count} free ports found`);
}
