// The console's and sandbox's static files: small hand-written CSS/JS from ./assets and ECharts
// (its prebuilt "common" bundle: line, bar, pie, legends, tooltips) from the npm package. Read and gzipped once at
// startup, served with a content hash as ETag.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  type: string;
  etag: string;
}

function loadAssets(): Map<string, Asset> {
  const assets = new Map<string, Asset>();
  const add = (name: string, body: Buffer) =>
    assets.set(name, {
      body,
      gzipped: gzipSync(body),
      type: TYPES[extname(name)] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
    });
  const dir = fileURLToPath(new URL('./assets/', import.meta.url));
  for (const name of readdirSync(dir)) add(name, readFileSync(join(dir, name)));
  // ECharts' own prebuilt bundle: no build step of ours.
  const echarts = createRequire(import.meta.url).resolve('echarts/dist/echarts.common.min');
  add('echarts.min.js', readFileSync(echarts));
  return assets;
}

export function staticAssets() {
  const assets = loadAssets();
  return (app: FastifyInstance) => {
    app.get('/assets/:name', async (req, reply) => {
      const asset = assets.get((req.params as { name: string }).name);
      if (!asset) return reply.code(404).send({ error: 'not found' });
      if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
      reply.type(asset.type).header('etag', asset.etag).header('cache-control', 'no-cache').header('vary', 'accept-encoding');
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) return reply.header('content-encoding', 'gzip').send(asset.gzipped);
      return reply.send(asset.body);
    });
  };
}
