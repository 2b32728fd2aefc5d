// Browser mode's security boundary, over real HTTP against startServer: token, Host header (DNS
// rebinding), origin, path traversal, body limits, headers, and one API call end to end through the
// real bundled worker.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type RunningServer } from '../../src/node/serve';
import { HTTP_MODEL_TYPE, HTTP_TOKEN_COOKIE, HTTP_TOKEN_HEADER, HTTP_UPLOAD_TYPE, type WireModel } from '../../src/shared/api-contract';
import { MAX_CONTENT_BYTES } from '../../src/node/api-handlers';
import { MAX_UPLOAD_HEADER_BYTES } from '../../src/node/upload-body';
import { createHttpApi, readModelAnswer, unwireApi } from '../../src/renderer/api-client';
import { envState } from './fixtures/env-state';
import { unpackModel } from '../../src/shared/model-wire';

const root = path.resolve(__dirname, '../..');
let server: RunningServer;
let tmp: string;

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** Raw request, so the Host header and the path are sent exactly as given. */
function request(opts: { method?: string; path: string; host?: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        method: opts.method ?? 'GET',
        path: opts.path,
        headers: { host: opts.host ?? `127.0.0.1:${server.port}`, ...(opts.headers ?? {}) },
        setHost: false,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

function api(method: string, body: unknown, headers: Record<string, string> = {}, host?: string): Promise<Reply> {
  return request({
    method: 'POST',
    path: `/api/${method}`,
    headers: { 'content-type': 'application/json', [HTTP_TOKEN_HEADER]: server.token, ...headers },
    body: JSON.stringify(body),
    ...(host !== undefined ? { host } : {}),
  });
}

/** The cookie the page gets on its first load, as the browser would send it back. */
async function pageCookie(): Promise<string> {
  const page = await request({ path: `/?token=${server.token}` });
  const setCookie = String(page.headers['set-cookie']);
  const value = new RegExp(`${HTTP_TOKEN_COOKIE}=([^;]+)`).exec(setCookie)?.[1];
  if (!value) throw new Error(`no ${HTTP_TOKEN_COOKIE} cookie in ${setCookie}`);
  return `${HTTP_TOKEN_COOKIE}=${value}`;
}

beforeAll(async () => {
  execFileSync(process.execPath, ['scripts/build-node.mjs'], { cwd: root, stdio: 'inherit' });
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'reachmap-serve-'));
  const renderer = path.join(tmp, 'renderer');
  await fs.mkdir(path.join(renderer, 'assets'), { recursive: true });
  await fs.writeFile(path.join(renderer, 'index.html'), '<!doctype html><title>Reachmap</title><script type="module" src="./assets/app.js"></script>');
  await fs.writeFile(path.join(renderer, 'assets', 'app.js'), 'console.log("app")');
  await fs.writeFile(path.join(tmp, 'secret.txt'), 'top secret');
  server = await startServer({ rendererDir: renderer, userDataDir: path.join(tmp, 'user-data'), version: 'test' });
}, 120_000);

afterAll(async () => {
  await server?.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

describe('reachmap serve security', () => {
  it('listens on 127.0.0.1 only, with a long random token in the URL', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses API calls without the token (401) and with a wrong one (403)', async () => {
    const none = await request({ method: 'POST', path: '/api/getHostInfo', body: 'null' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    const wrong = await api('getHostInfo', null, { [HTTP_TOKEN_HEADER]: `${server.token.slice(0, -1)}x` });
    expect(wrong.status).toBe(403);
    // The cookie alone is not enough for the API: another local site could make a browser send it.
    const cookieOnly = await request({ method: 'POST', path: '/api/getHostInfo', body: 'null', headers: { cookie: await pageCookie() } });
    expect(cookieOnly.status).toBe(401);
  });

  it('refuses a foreign Host header even with the right token (DNS rebinding)', async () => {
    for (const host of [`evil.example:${server.port}`, 'evil.example', `127.0.0.1:${server.port + 1}`, `127.0.0.1.evil.example:${server.port}`, '']) {
      const r = await api('getHostInfo', null, {}, host);
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain('"ok":true');
    }
    const page = await request({ path: `/?token=${server.token}`, host: `evil.example:${server.port}` });
    expect(page.status).toBe(403);
    const events = await request({ path: `/api/events?token=${server.token}`, host: `evil.example:${server.port}` });
    expect(events.status).toBe(403);
  });

  it('refuses a cross-origin request that carries the token', async () => {
    const r = await api('getHostInfo', null, { origin: 'https://evil.example' });
    expect(r.status).toBe(403);
  });

  it('accepts the token with the server’s own host names, and sends no CORS headers', async () => {
    for (const host of [`127.0.0.1:${server.port}`, `localhost:${server.port}`]) {
      const r = await api('getHostInfo', null, { origin: `http://${host}` }, host);
      expect(r.status).toBe(200);
      expect(JSON.parse(r.body)).toEqual({ ok: true, value: { mode: 'browser', version: 'test', platform: process.platform } });
      expect(Object.keys(r.headers).filter((h) => h.startsWith('access-control'))).toEqual([]);
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['cache-control']).toBe('no-store');
    }
    const preflight = await request({ method: 'OPTIONS', path: '/api/getHostInfo', headers: { origin: 'https://evil.example', 'access-control-request-headers': HTTP_TOKEN_HEADER } });
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the page with the token, sets a strict cookie, and a strict CSP', async () => {
    const denied = await request({ path: '/' });
    expect(denied.status).toBe(401);
    expect(denied.body).not.toContain('<title>Reachmap');
    expect((await request({ path: '/?token=wrong' })).status).toBe(403);

    const page = await request({ path: `/?token=${server.token}` });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Reachmap</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    const cookie = String(page.headers['set-cookie']);
    expect(cookie).toContain(`${HTTP_TOKEN_COOKIE}=`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const csp = String(page.headers['content-security-policy']);
    for (const d of ["default-src 'self'", "script-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "connect-src 'self'"]) expect(csp).toContain(d);

    const asset = await request({ path: '/assets/app.js', headers: { cookie: `other=1; ${await pageCookie()}` } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await request({ path: '/assets/app.js' })).status).toBe(401);
    expect((await request({ path: '/assets/app.js', headers: { cookie: `${HTTP_TOKEN_COOKIE}=nope` } })).status).toBe(403);
  });

  it('puts a page-only secret in the cookie, never the API token', async () => {
    // Browsers do not isolate cookies by port: every server on 127.0.0.1 (a dev server, another
    // user's process) that the browser visits receives this cookie. It must open the page's static
    // files and nothing else.
    const cookie = await pageCookie();
    const value = cookie.slice(HTTP_TOKEN_COOKIE.length + 1);
    expect(value).not.toBe(server.token);
    expect(value).not.toContain(server.token);
    expect(value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await api('getHostInfo', null, { [HTTP_TOKEN_HEADER]: value })).status).toBe(403);
    expect((await request({ path: `/api/events?token=${value}` })).status).toBe(403);
    expect((await request({ path: `/?token=${value}` })).status).toBe(403);
    expect((await request({ path: '/assets/app.js', headers: { cookie } })).status).toBe(200);
  });

  it('refuses path traversal in every spelling', async () => {
    const cookie = { cookie: await pageCookie() };
    expect((await request({ path: '/assets/app.js', headers: cookie })).status).toBe(200);
    for (const p of ['/../secret.txt', '/assets/../../secret.txt', '/%2e%2e/secret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/..%2fsecret.txt', '/..%5csecret.txt', '/%2e%2e%5csecret.txt', '/assets/%00.js', '//etc/passwd', '/%2fetc%2fpasswd']) {
      const r = await request({ path: p, headers: cookie });
      expect(r.status, p).not.toBe(200);
      expect(r.body, p).not.toContain('top secret');
      expect(r.body, p).not.toContain('root:');
    }
  });

  it('refuses unknown methods, non-POST calls, bad JSON and oversize bodies', async () => {
    expect((await api('constructor', null)).status).toBe(404);
    expect((await api('__proto__', null)).status).toBe(404);
    expect((await api('toString', null)).status).toBe(404);
    expect((await request({ path: '/api/getHostInfo', headers: { [HTTP_TOKEN_HEADER]: server.token } })).status).toBe(405);
    const bad = await request({ method: 'POST', path: '/api/getHostInfo', headers: { [HTTP_TOKEN_HEADER]: server.token }, body: '{nope' });
    expect(bad.status).toBe(400);
    const huge = await request({ method: 'POST', path: '/api/query', headers: { [HTTP_TOKEN_HEADER]: server.token }, body: JSON.stringify({ from: 'x'.repeat(2 * 1024 * 1024) }) });
    expect(huge.status).toBe(413);
  });

  it('validates arguments at the boundary', async () => {
    const r = await api('openPaths', { paths: ['/etc/passwd'] });
    expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
    const shape = await api('query', { from: 1 });
    expect(JSON.parse(shape.body)).toMatchObject({ ok: false, error: { code: 'bad-input' } });
  });

  it('answers the API end to end: openSample returns a model, then a query and the event stream work', async () => {
    const events = await openEventStream();
    const r = await api('openSample', null);
    expect(r.status).toBe(200);
    // The model goes over HTTP as the worker packed it: its header on one JSON line, then the body
    // text unescaped (edges in columns), which the page reads with the client's own framing code.
    expect(r.headers['content-type']).toBe(`${HTTP_MODEL_TYPE}; charset=utf-8`);
    expect(r.headers['cache-control']).toBe('no-store');
    const [head, rest] = [r.body.slice(0, r.body.indexOf('\n')), r.body.slice(r.body.indexOf('\n') + 1)];
    expect(JSON.parse(head)).toEqual({ ok: true, value: { title: 'three-tier-sample.tfstate', sources: ['three-tier-sample.tfstate'] } });
    expect(rest.startsWith('{"snapshot":')).toBe(true);
    const answer = readModelAnswer(r.body) as { ok: true; value: WireModel };
    expect(answer).toMatchObject({ ok: true, value: { title: 'three-tier-sample.tfstate', body: rest } });
    const model = unpackModel(answer.value);
    expect(model.snapshot.endpoints.length).toBeGreaterThan(5);
    expect(model.analysis.flows.edges.length).toBeGreaterThan(0);
    const q = JSON.parse((await api('query', { from: '203.0.113.9', to: 'legacy-admin', protocol: 'tcp', port: 3389 })).body) as { ok: boolean; value: { verdict: string } };
    expect(q).toMatchObject({ ok: true, value: { verdict: 'allowed' } });
    await waitFor(() => events.text.includes('event: progress'), 5000);
    expect(events.text).toMatch(/event: progress\ndata: \{"phase":"import"/);
    events.close();
  }, 60_000);

  it("models reach the page's own client whole, with text in any script (framing and Content-Length in bytes)", async () => {
    const api = unwireApi(createHttpApi(server.token, `http://127.0.0.1:${server.port}`));
    const sample = await api.openSample(null);
    expect(sample.ok && sample.value.title).toBe('three-tier-sample.tfstate');
    expect(sample.ok && sample.value.analysis.flows.edges.length).toBeGreaterThan(0);
    // A name and tags of several bytes per character: a Content-Length counted in characters would
    // cut the body short (or leave the client waiting), and the model would not parse.
    const name = 'réseau-名前-🚀.tfstate';
    const text = envState('a').replaceAll('"web-a"', '"wéb-名前-🚀"');
    const opened = await api.openContents({ files: [{ name, text }] });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(opened.value.title).toBe(name);
    expect(opened.value.sources).toEqual([name]);
    expect(opened.value.snapshot.endpoints.map((e) => e.name)).toEqual(['wéb-名前-🚀']);
    expect(opened.value.snapshot.groups.find((g) => g.id === 'sg-0aweb')?.name).toBe('wéb-名前-🚀');
    // Failures and the cancelled dialog stay plain JSON envelopes.
    expect(await api.openDialog(null)).toMatchObject({ ok: false, error: { code: 'unsupported' } });
  }, 60_000);

  it("uploads files as the browser reads them: each file's bytes whole, in any script or UTF-16, beside a JSON upload's result", async () => {
    const api = unwireApi(createHttpApi(server.token, `http://127.0.0.1:${server.port}`));
    const nameA = 'réseau-名前-🚀.tfstate';
    const textA = envState('a').replaceAll('"web-a"', '"wéb-名前-🚀"');
    // PowerShell 5 writes UTF-16 with a byte order mark.
    const bytesB = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(envState('b'), 'utf16le')]);
    const uploaded = await api.openUploads!([new File([textA], nameA), new File([bytesB], 'ps.tfstate')]);
    expect(uploaded.ok).toBe(true);
    if (!uploaded.ok) return;
    expect(uploaded.value.sources).toEqual([nameA, 'ps.tfstate']);
    expect(uploaded.value.snapshot.endpoints.map((e) => e.name).sort()).toEqual(['web-b', 'wéb-名前-🚀']);
    // The same files sent as JSON text give the same model.
    const sent = await api.openContents({ files: [{ name: nameA, text: textA }, { name: 'ps.tfstate', text: envState('b') }] });
    expect(sent.ok && sent.value.snapshot).toEqual(uploaded.value.snapshot);
  }, 60_000);

  it('refuses a damaged or oversize upload with a sentence, and an upload to any other method', async () => {
    const headers = { [HTTP_TOKEN_HEADER]: server.token, 'content-type': HTTP_UPLOAD_TYPE };
    const cut = await request({ method: 'POST', path: '/api/openContents', headers, body: `${JSON.stringify({ files: [{ name: 'a.json', bytes: 10 }] })}\n{}` });
    expect(cut.status).toBe(400);
    expect(JSON.parse(cut.body)).toEqual({ ok: false, error: { code: 'bad-input', message: 'The upload is damaged: its header announces 10 bytes of files, but 2 followed.' } });
    const huge = await request({ method: 'POST', path: '/api/openContents', headers: { ...headers, 'content-length': String(MAX_CONTENT_BYTES + MAX_UPLOAD_HEADER_BYTES + 1) } });
    expect(huge.status).toBe(413);
    expect(JSON.parse(huge.body).error.message).toMatch(/^The files are together larger than 256 MB/);
    // Only openContents takes an upload: elsewhere the body must be the JSON argument.
    const other = await request({ method: 'POST', path: '/api/query', headers, body: `${JSON.stringify({ files: [{ name: 'a.json', bytes: 2 }] })}\n{}` });
    expect(other.status).toBe(400);
    expect(JSON.parse(other.body).error.message).toBe('The request body is not valid JSON.');
  });

  it("tells the page's own client, refused for a token the server no longer has, to open the URL printed last", async () => {
    const stale = createHttpApi('a-token-of-an-earlier-run', `http://127.0.0.1:${server.port}`);
    const r = await stale.getHostInfo(null);
    expect(r).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(!r.ok && r.error.message).toMatch(/was `reachmap serve` started again\?\)\. Open the URL it printed last\.$/);
  });

  it('refuses the event stream without the token', async () => {
    expect((await request({ path: '/api/events' })).status).toBe(401);
    expect((await request({ path: '/api/events?token=wrong' })).status).toBe(403);
  });
});

function openEventStream(): Promise<{ text: string; close(): void }> {
  return new Promise((resolve, reject) => {
    const state = { text: '', close: () => req.destroy() };
    const req = http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      res.on('data', (c: Buffer) => (state.text += c.toString('utf8')));
      res.on('error', () => undefined);
      resolve(state);
    });
    req.on('error', (err) => (state.text ? undefined : reject(err)));
  });
}

async function waitFor(predicate: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
