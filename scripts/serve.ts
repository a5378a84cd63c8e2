/**
 * A small static server for the built app (build/): SPA fallback to index.html, correct MIME
 * types, `/parley.config.json` generated for the devnodes this process launched, and the
 * Content-Security-Policy header on every response. Loopback only.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize, resolve } from 'node:path';
import { STATUS_FLEET_NODES } from '../src/lib/shared/network.ts';

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
  /** The Waku nodes pages may connect to (multiaddrs); default: config.devnetNodes + Status fleet. */
  readonly connectNodes?: readonly string[];
  /** Test-only POST routes; resolves true when it handled the request. */
  readonly control?: (url: URL) => Promise<boolean>;
}

/** `/ip4/127.0.0.1/tcp/60001/ws/...` → `ws://127.0.0.1:60001`; `/dns4/h/tcp/443/wss/...` → `wss://h`. */
export function nodeOrigin(multiaddr: string): string | null {
  const m = /^\/(?:ip4|dns4|dns6|dns)\/([^/]+)\/tcp\/(\d+)\/(wss?|tls\/ws)(?:\/|$)/.exec(multiaddr);
  if (!m) return null;
  const scheme = m[3] === 'ws' ? 'ws' : 'wss';
  const defaultPort = scheme === 'ws' ? '80' : '443';
  return `${scheme}://${m[1]}${m[2] === defaultPort ? '' : `:${m[2]}`}`;
}

/**
 * The header policy: the build's <meta> policy (which carries SvelteKit's script hash, so the two
 * cannot disagree) plus what a meta tag cannot say: connect-src limited to this origin and the
 * configured Waku nodes, default-src, and frame-ancestors. Workers and the service worker get
 * their policy from this header only. Nodes a user adds at runtime outside this list are refused
 * by the browser: widening it (e.g. to every wss: host) is the deployment's explicit choice.
 */
export function cspHeader(root: string, nodes: readonly string[]): string {
  let html = '';
  try {
    html = readFileSync(join(root, 'index.html'), 'utf8');
  } catch {
    // No build yet: the strictest script policy; the page will not run until one is built.
  }
  const meta = /http-equiv="content-security-policy" content="([^"]*)"/i.exec(html)?.[1] ?? "script-src 'self'";
  const origins = [...new Set(nodes.map(nodeOrigin).filter((o): o is string => o !== null))];
  return [`default-src 'self'`, meta, `connect-src 'self' ${origins.join(' ')}`.trim(), `frame-ancestors 'none'`].join('; ');
}

function configNodes(config: unknown): string[] {
  const nodes = (config as { devnetNodes?: unknown } | undefined)?.devnetNodes;
  return Array.isArray(nodes) ? nodes.filter((n): n is string => typeof n === 'string') : [];
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
  const nodes = opts.connectNodes ?? [...configNodes(opts.config), ...STATUS_FLEET_NODES];
  // Recomputed when index.html changes: a rebuild under a running server changes the script hash.
  let cached = { mtimeMs: -1, csp: '' };
  const securityHeaders = async (): Promise<Record<string, string>> => {
    const mtimeMs = await stat(join(root, 'index.html')).then((s) => s.mtimeMs, () => 0);
    if (mtimeMs !== cached.mtimeMs) cached = { mtimeMs, csp: cspHeader(root, nodes) };
    return { 'content-security-policy': cached.csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };
  };
  const server = createServer((req, res) => {
    void (async () => {
      const security = await securityHeaders();
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (req.method === 'POST' && opts.control && (await opts.control(url))) {
        res.writeHead(204).end();
        return;
      }
      if (url.pathname === '/parley.config.json' && opts.config !== undefined) {
        res.writeHead(200, { 'content-type': MIME['.json']!, 'cache-control': 'no-store', ...security });
        res.end(JSON.stringify(opts.config));
        return;
      }
      const found = await fileFor(root, url.pathname);
      // Unknown paths without an extension are app routes: serve the SPA shell.
      const path = found ?? (extname(url.pathname) === '' ? join(root, 'index.html') : null);
      if (!path) {
        res.writeHead(404, { 'content-type': MIME['.txt']!, ...security }).end('not found');
        return;
      }
      const immutable = url.pathname.startsWith('/_app/immutable/');
      // Read before any header is sent: a file can vanish under a rebuild.
      const body = await readFile(path);
      res.writeHead(200, {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        ...security,
      });
      res.end(body);
    })().catch(() => {
      if (res.headersSent) res.destroy();
      else res.writeHead(500).end();
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host ?? '127.0.0.1', () => resolvePromise(server));
  });
}
