// The CSP string shared by Electron and browser mode, and the security headers of the server.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildCsp, securityHeaders } from '../../src/node/csp';

function directives(csp: string): Map<string, string[]> {
  return new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name as string, values]));
}

describe('buildCsp', () => {
  it('allows only the app’s own scripts: no inline script, no eval, no remote code', () => {
    const d = directives(buildCsp());
    expect(d.get('default-src')).toEqual(["'self'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(buildCsp()).not.toMatch(/unsafe-eval/);
    expect(d.get('script-src')).not.toContain("'unsafe-inline'");
    expect(d.get('connect-src')).toEqual(["'self'"]);
  });

  it('locks down plugins, base URLs, forms and framing', () => {
    const d = directives(buildCsp());
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(d.get('base-uri')).toEqual(["'none'"]);
    expect(d.get('frame-ancestors')).toEqual(["'none'"]);
    expect(d.get('form-action')).toEqual(["'none'"]);
    expect(d.get('img-src')).toEqual(["'self'", 'data:', 'blob:']);
  });

  it('lets workers come only from the app’s own files (the map’s layout worker), not blob: or data:', () => {
    expect(directives(buildCsp()).get('worker-src')).toEqual(["'self'"]);
  });

  it('adds only the dev server and its websocket in development', () => {
    const d = directives(buildCsp({ devServerOrigin: 'http://localhost:5173/' }));
    expect(d.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(d.get('script-src')).toEqual(["'self'"]);
  });
});

describe('securityHeaders', () => {
  it('sends nosniff, no referrer, no framing and the CSP', () => {
    const h = securityHeaders();
    expect(h['X-Content-Type-Options']).toBe('nosniff');
    expect(h['X-Frame-Options']).toBe('DENY');
    expect(h['Referrer-Policy']).toBe('no-referrer');
    expect(h['Content-Security-Policy']).toBe(buildCsp());
    expect(Object.keys(h).some((k) => k.toLowerCase().startsWith('access-control'))).toBe(false);
  });
});

describe('the page’s own <meta> policy', () => {
  // Electron loads index.html from file://, where response headers may never reach the page: the meta
  // tag is then the whole policy, so it must carry what buildCsp does (frame-ancestors aside, which a
  // meta tag cannot set) and never allow more.
  const html = readFileSync(path.resolve(__dirname, '../../src/renderer/index.html'), 'utf8');
  const content = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/i.exec(html)?.[1] ?? '';
  const meta = directives(content);
  const header = directives(buildCsp());

  it('sets every directive of buildCsp that a meta tag can carry', () => {
    const missing = [...header.keys()].filter((name) => name !== 'frame-ancestors' && !meta.has(name));
    expect(missing).toEqual([]);
  });

  it('allows nothing buildCsp does not', () => {
    for (const [name, values] of meta) {
      const allowed = header.get(name) ?? header.get('default-src') ?? [];
      expect(values.filter((v) => !allowed.includes(v)), name).toEqual([]);
    }
  });
});
