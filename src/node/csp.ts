/**
 * The Content-Security-Policy that every page of the app runs under, built in one place for the
 * Electron session headers and for `reachmap serve`. Only the app's own scripts run: no inline
 * script, no eval, no remote code, no plugins, no framing. Inline styles stay allowed because
 * Cytoscape injects a <style> element for its container; images allow data: and blob: for the
 * diagram export; workers come only from the app's own files (the map's layout worker).
 */

export interface CspOptions {
  /**
   * The Vite dev server origin (e.g. 'http://localhost:5173') when running `electron-vite dev`: its
   * HMR client needs a websocket to that origin. Never set in a built app.
   */
  devServerOrigin?: string;
}

export function buildCsp(options: CspOptions = {}): string {
  const connect = ["'self'"];
  if (options.devServerOrigin) {
    const dev = new URL(options.devServerOrigin);
    connect.push(dev.origin, `${dev.protocol === 'https:' ? 'wss:' : 'ws:'}//${dev.host}`);
  }
  const directives: [string, string[]][] = [
    ['default-src', ["'self'"]],
    ['script-src', ["'self'"]],
    ['style-src', ["'self'", "'unsafe-inline'"]],
    ['img-src', ["'self'", 'data:', 'blob:']],
    ['font-src', ["'self'", 'data:']],
    ['connect-src', connect],
    // The map's layout worker is a file of the app (out/renderer/assets), never a blob: URL.
    ['worker-src', ["'self'"]],
    ['object-src', ["'none'"]],
    ['base-uri', ["'none'"]],
    ['form-action', ["'none'"]],
    ['frame-ancestors', ["'none'"]],
  ];
  return directives.map(([name, values]) => `${name} ${values.join(' ')}`).join('; ');
}

/** Headers sent with every response of the browser mode (and the Electron session where they apply). */
export function securityHeaders(options: CspOptions = {}): Record<string, string> {
  return {
    'Content-Security-Policy': buildCsp(options),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
