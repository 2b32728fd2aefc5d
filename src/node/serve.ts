/**
 * Browser mode: serves the built renderer and answers the API contract over HTTP on 127.0.0.1 only
 * (the protocol is documented at the bottom of src/shared/api-contract.ts). It is a real option for
 * people who cannot install the desktop app and the harness the Playwright tests drive.
 *
 * Anything on the machine can connect to a loopback port, and any web page can make the browser try,
 * so every request must pass two checks before anything else happens:
 * - the Host header must be this server's own (127.0.0.1:PORT or localhost:PORT), which defeats DNS
 *   rebinding (evil.example resolving to 127.0.0.1 still sends `Host: evil.example:PORT`);
 * - a per-launch random token: in the `x-reachmap-token` header for API calls (a custom header forces
 *   a CORS preflight that is never granted), in the query for the event stream and the first page
 *   load. The page's own static files then load with an HttpOnly SameSite=Strict cookie set by that
 *   first `GET /?token=`, which holds a second, page-only secret: browsers send a 127.0.0.1 cookie
 *   to every port of 127.0.0.1, so any other local server the browser visits receives it, and it
 *   must not open the API.
 * No CORS headers are ever sent, HTML gets a strict CSP, and static paths cannot leave the renderer
 * folder. The heavy work runs in the analysis worker, as in Electron.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  API_METHODS,
  MODEL_METHODS,
  HTTP_API_PREFIX,
  HTTP_EVENTS_PATH,
  HTTP_MODEL_TYPE,
  HTTP_UPLOAD_TYPE,
  HTTP_TOKEN_COOKIE,
  HTTP_TOKEN_HEADER,
  HTTP_TOKEN_QUERY,
  type ApiEventName,
  type ApiEvents,
  type ApiMethod,
  type ApiResult,
  type WireModel,
} from '../shared/api-contract';
import { createApiHandlers, MAX_CONTENT_BYTES, MAX_DATA_URL_CHARS, type HostHandlers } from './api-handlers';
import { securityHeaders } from './csp';
import { MAX_UPLOAD_HEADER_BYTES, readUploadLayout, UploadError } from './upload-body';
import { listAwsProfiles } from './aws/aws-profiles';
import { createRecentStore, defaultUserDataDir } from './recent-files';
import { WorkerHost } from './worker-host';

export const LOOPBACK = '127.0.0.1';

export interface ServeOptions {
  /** Files or folders to open at launch; none opens the bundled sample. */
  inputs?: string[];
  /** 0 (the default) picks a free port. */
  port?: number;
  /** The built renderer (index.html and assets); defaults to `resolveRendererDir()`. */
  rendererDir?: string;
  workerPath?: string;
  /** Where the recent list lives; defaults to the app's user-data folder. */
  userDataDir?: string;
  version?: string;
  /** Enables the worker's test-only operations. */
  testHooks?: boolean;
  /** See `WorkerStartData.testHoldOpensMs`; needs `testHooks`. */
  testHoldOpensMs?: number;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  handlers: HostHandlers;
  /** Pushes an event to every connected page (menu commands have no source in browser mode yet). */
  broadcast<E extends ApiEventName>(event: E, payload: ApiEvents[E]): void;
  close(): Promise<void>;
}

/** Largest JSON body per method; uploads and image exports are big, everything else is tiny. */
const DEFAULT_BODY_LIMIT = 1024 * 1024;
const BODY_LIMITS: Partial<Record<ApiMethod, number>> = {
  // JSON escaping of quotes and newlines can inflate a Terraform state's text by up to about a third.
  openContents: Math.ceil(MAX_CONTENT_BYTES * 1.5),
  exportData: MAX_DATA_URL_CHARS + DEFAULT_BODY_LIMIT,
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const token = randomBytes(32).toString('base64url');
  // Only ever in the cookie, and only good for static files (see the top of this file).
  const pageToken = randomBytes(32).toString('base64url');
  const rendererDir = options.rendererDir ?? resolveRendererDir();
  const worker = new WorkerHost({
    ...(options.workerPath ? { workerPath: options.workerPath } : {}),
    ...(options.testHooks ? { testHooks: true } : {}),
    ...(options.testHoldOpensMs ? { testHoldOpensMs: options.testHoldOpensMs } : {}),
  });
  const handlers = createApiHandlers({
    mode: 'browser',
    version: options.version ?? 'dev',
    worker,
    recent: createRecentStore(options.userDataDir ?? defaultUserDataDir()),
    launchPaths: (options.inputs ?? []).map((p) => path.resolve(p)),
    listAwsProfiles: () => listAwsProfiles(),
  });

  const streams = new Set<http.ServerResponse>();
  const broadcast = <E extends ApiEventName>(event: E, payload: ApiEvents[E]): void => {
    const frame = `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
    for (const res of streams) res.write(frame);
  };
  const unsubscribe = worker.onProgress((event) => broadcast('progress', event));

  let port = 0;
  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, failure('internal', err instanceof Error ? err.message : String(err)));
      else res.destroy();
    });
  });
  // Slow-loris protection; uploads are local so generous limits are fine.
  server.headersTimeout = 20_000;
  server.requestTimeout = 10 * 60_000;

  async function handleRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    if (!isOwnHost(req.headers.host, port)) return sendText(res, 403, 'Forbidden: unexpected Host header.');
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${port}`);

    if (url.pathname === HTTP_EVENTS_PATH) {
      const check = checkToken(url.searchParams.get(HTTP_TOKEN_QUERY), token);
      if (check !== 'ok') return sendText(res, check === 'missing' ? 401 : 403, 'Forbidden: missing or wrong token.');
      if (req.method !== 'GET') return sendText(res, 405, 'Method not allowed.');
      return openEventStream(req, res, streams);
    }

    if (url.pathname.startsWith(HTTP_API_PREFIX)) {
      const check = checkToken(headerValue(req.headers[HTTP_TOKEN_HEADER]), token);
      if (check !== 'ok') return sendJson(res, check === 'missing' ? 401 : 403, failure('unauthorized', 'Missing or wrong token.'));
      // Belt and braces: a browser always sends Origin on a cross-origin POST.
      const origin = headerValue(req.headers.origin);
      if (origin !== undefined && !isOwnOrigin(origin, port)) return sendJson(res, 403, failure('unauthorized', 'Foreign origin.'));
      if (req.method !== 'POST') return sendJson(res, 405, failure('bad-input', 'Use POST.'));
      const method = url.pathname.slice(HTTP_API_PREFIX.length);
      if (!isApiMethod(method)) return sendJson(res, 404, failure('bad-input', `There is no API method '${method}'.`));
      const upload = method === 'openContents' && headerValue(req.headers['content-type'])?.startsWith(HTTP_UPLOAD_TYPE) === true;
      const body = await readBody(req, upload ? MAX_CONTENT_BYTES + MAX_UPLOAD_HEADER_BYTES : (BODY_LIMITS[method] ?? DEFAULT_BODY_LIMIT));
      if (body.kind === 'too-large') {
        // The rest of the body is drained, not kept: close the connection rather than reuse the socket.
        res.setHeader('Connection', 'close');
        return sendJson(res, 413, failure('bad-input', upload ? `The files are together larger than ${MAX_CONTENT_BYTES / (1024 * 1024)} MB; use the CLI or open by path.` : 'The request is too large.'));
      }
      if (upload) {
        // Only the header is read here; the worker decodes the files, off this event loop.
        try {
          readUploadLayout(body.bytes);
        } catch (err) {
          if (!(err instanceof UploadError)) throw err;
          return sendJson(res, 400, failure('bad-input', err.message));
        }
        const result = await handlers.openUpload(body.bytes);
        return result.ok ? sendModel(res, result.value) : sendJson(res, 200, result);
      }
      let arg: unknown;
      const text = body.bytes.toString('utf8');
      try {
        arg = text.trim() === '' ? null : JSON.parse(text);
      } catch {
        return sendJson(res, 400, failure('bad-input', 'The request body is not valid JSON.'));
      }
      const call = handlers[method] as (a: unknown) => Promise<ApiResult<unknown>>;
      const result = await call(arg);
      if (result.ok && result.value !== null && (MODEL_METHODS as readonly string[]).includes(method)) return sendModel(res, result.value as WireModel);
      return sendJson(res, 200, result);
    }

    // Static files of the renderer.
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed.');
    const fromQuery = url.searchParams.get(HTTP_TOKEN_QUERY);
    const check = fromQuery !== null ? checkToken(fromQuery, token) : checkToken(readCookie(req.headers.cookie, HTTP_TOKEN_COOKIE), pageToken);
    if (check !== 'ok') {
      return sendText(res, check === 'missing' ? 401 : 403, 'Reachmap: open the full URL printed by `reachmap serve`, including ?token=….');
    }
    const extra: Record<string, string> = {};
    if (fromQuery !== null) {
      extra['Set-Cookie'] = `${HTTP_TOKEN_COOKIE}=${pageToken}; HttpOnly; SameSite=Strict; Path=/`;
    }
    return serveStatic(req, res, rendererDir, url.pathname, extra);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://${LOOPBACK}:${port}/?${HTTP_TOKEN_QUERY}=${token}`;

  return {
    url,
    port,
    token,
    handlers,
    broadcast,
    async close() {
      unsubscribe();
      for (const res of streams) res.end();
      streams.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await worker.close();
    },
  };
}

function isApiMethod(name: string): name is ApiMethod {
  return (API_METHODS as readonly string[]).includes(name);
}

/** The Host header must name this server exactly; browsers always send it, so it is never optional. */
export function isOwnHost(host: string | undefined, port: number): boolean {
  if (typeof host !== 'string') return false;
  const h = host.toLowerCase();
  return h === `${LOOPBACK}:${port}` || h === `localhost:${port}`;
}

function isOwnOrigin(origin: string, port: number): boolean {
  return origin === `http://${LOOPBACK}:${port}` || origin === `http://localhost:${port}`;
}

/** Constant-time token check; hashing first makes both sides the same length whatever was sent. */
export function checkToken(given: string | null | undefined, token: string): 'ok' | 'missing' | 'wrong' {
  if (given === null || given === undefined || given === '') return 'missing';
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b) ? 'ok' : 'wrong';
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

function readBody(req: http.IncomingMessage, limit: number): Promise<{ kind: 'ok'; bytes: Buffer } | { kind: 'too-large' }> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      req.resume();
      resolve({ kind: 'too-large' });
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop collecting but let the rest drain: the 413 answer then goes out on an intact socket.
        req.off('data', onData);
        chunks.length = 0;
        req.resume();
        resolve({ kind: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => resolve({ kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.on('error', reject);
  });
}

function openEventStream(req: http.IncomingMessage, res: http.ServerResponse, streams: Set<http.ServerResponse>): void {
  res.writeHead(200, {
    ...securityHeaders(),
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-store',
    Connection: 'keep-alive',
  });
  res.write(': reachmap events\n\n');
  streams.add(res);
  // A comment every 15 s keeps proxies and the browser from timing the stream out.
  const keepAlive = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
  keepAlive.unref();
  req.on('close', () => {
    clearInterval(keepAlive);
    streams.delete(res);
  });
}

/**
 * Serves a file below `root`. The decoded path is refused if it contains '..' segments, NUL or
 * backslashes, and the resolved real path must still be inside the real root (symlinks included).
 */
async function serveStatic(req: http.IncomingMessage, res: http.ServerResponse, root: string, pathname: string, extra: Record<string, string>): Promise<void> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return sendText(res, 400, 'Bad path.');
  }
  if (decoded.includes('\0') || decoded.includes('\\') || decoded.split('/').includes('..')) return sendText(res, 404, 'Not found.');
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  let realRoot: string;
  try {
    realRoot = await fs.realpath(root);
  } catch {
    return sendText(res, 503, 'The Reachmap UI is not built: run `npm run build` in the reachmap folder, then start `reachmap serve` again.');
  }
  let file: string;
  try {
    file = await fs.realpath(path.join(realRoot, relative));
  } catch {
    return sendText(res, 404, 'Not found.');
  }
  if (file !== realRoot && !file.startsWith(realRoot + path.sep)) return sendText(res, 404, 'Not found.');
  const stat = await fs.stat(file).catch(() => null);
  if (!stat?.isFile()) return sendText(res, 404, 'Not found.');
  const type = MIME[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  res.writeHead(200, {
    ...securityHeaders(),
    ...extra,
    'Content-Type': type,
    'Content-Length': String(stat.size),
    'Cache-Control': 'no-store',
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  res.end(await fs.readFile(file));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
  send(res, status, 'application/json', JSON.stringify(body));
}

/** A model answer, framed as HTTP_MODEL_TYPE says (api-contract): header line, then the body as it is. */
function sendModel(res: http.ServerResponse, model: WireModel): void {
  const { body, ...header } = model;
  send(res, 200, HTTP_MODEL_TYPE, `${JSON.stringify({ ok: true, value: header })}\n`, body);
}

function sendText(res: http.ServerResponse, status: number, text: string): void {
  send(res, status, 'text/plain', text);
}

/** Writes an answer of UTF-8 text in parts, never cached, with the security headers. */
function send(res: http.ServerResponse, status: number, type: string, ...parts: string[]): void {
  res.writeHead(status, {
    ...securityHeaders(),
    'Content-Type': `${type}; charset=utf-8`,
    'Content-Length': String(parts.reduce((n, p) => n + Buffer.byteLength(p), 0)),
    'Cache-Control': 'no-store',
  });
  for (const p of parts) res.write(p);
  res.end();
}

function failure(code: string, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Finds the built renderer (out/renderer, from `electron-vite build`) from wherever this code runs:
 * the CLI bundle (out/cli), Electron's main bundle (out/main) or the sources under test (src/node).
 */
export function resolveRendererDir(fromUrl: string = import.meta.url): string {
  const here = path.dirname(fileURLToPath(fromUrl));
  const candidates: string[] = [];
  for (let dir = here; ; dir = path.dirname(dir)) {
    if (path.basename(dir) === 'out') candidates.push(path.join(dir, 'renderer'));
    candidates.push(path.join(dir, 'out', 'renderer'));
    if (path.dirname(dir) === dir) break;
  }
  return candidates.find((c) => existsSync(path.join(c, 'index.html'))) ?? candidates[0] ?? path.join(here, 'renderer');
}
