/**
 * A small static server for the built app (build/): SPA fallback to index.html, correct MIME
 * types, and `/parley.config.json` generated for the devnodes this process launched. Loopback only.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ServeOptions {
  readonly root: string;
  readonly port: number;
  readonly host?: string;
  /** Served as /parley.config.json when set. */
  readonly config?: unknown;
}

async function fileFor(root: string, urlPath: string): Promise<string | null> {
  const clean = normalize(decodeURIComponent(urlPath)).replace(/^(\.\.[/\\])+/, '');
  const path = join(root, clean);
  if (!path.startsWith(root)) return null;
  try {
    const s = await stat(path);
    if (s.isFile()) return path;
    if (s.isDirectory()) return fileFor(root, join(clean, 'index.html'));
  } catch {
    return null;
  }
  return null;
}

export function serve(opts: ServeOptions): Promise<Server> {
  const root = resolve(opts.root);
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/parley.config.json' && opts.config !== undefined) {
        res.writeHead(200, { 'content-type': MIME['.json']!, 'cache-control': 'no-store' });
        res.end(JSON.stringify(opts.config));
        return;
      }
      const found = await fileFor(root, url.pathname);
      // Unknown paths without an extension are app routes: serve the SPA shell.
      const path = found ?? (extname(url.pathname) === '' ? join(root, 'index.html') : null);
      if (!path) {
        res.writeHead(404, { 'content-type': MIME['.txt']! }).end('not found');
        return;
      }
      const immutable = url.pathname.startsWith('/_app/immutable/');
      res.writeHead(200, {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      });
      res.end(await readFile(path));
    })().catch(() => res.writeHead(500).end());
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolvePromise(server));
  });
}
