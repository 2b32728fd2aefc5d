/**
 * The only web pages the app will open in the user's browser: the links it ships (documentation).
 * Anything else a page asks to open (a link in an imported tag, a rule description, an injected
 * script) is refused, so the UI can never be used to launch arbitrary URLs or local handlers
 * (file:, smb:, custom protocols) through `shell.openExternal`.
 */

/** Shipped links, by name, so the menu and the renderer refer to the same strings. */
export const DOCS_URL = 'https://github.com/reachmap/reachmap#readme';
export const SECURITY_GROUPS_DOCS_URL = 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html';
export const SECURITY_GROUP_RULES_DOCS_URL = 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html';

/**
 * Allowed links: exact URLs, or a prefix ending in '/' that covers a documentation tree. Kept short
 * on purpose; adding an entry is a security review.
 */
export const ALLOWED_EXTERNAL_URLS: readonly string[] = [
  DOCS_URL,
  'https://github.com/reachmap/reachmap/',
  SECURITY_GROUPS_DOCS_URL,
  SECURITY_GROUP_RULES_DOCS_URL,
];

/** True when `url` is an https link on the allow-list (exact, or below an allowed '/' prefix). */
export function isAllowedExternalUrl(url: unknown, allowList: readonly string[] = ALLOWED_EXTERNAL_URLS): boolean {
  if (typeof url !== 'string' || url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  // Credentials in a URL are a classic spoof (https://docs.aws.amazon.com@evil.example/).
  if (parsed.protocol !== 'https:' || parsed.username || parsed.password) return false;
  const normalized = parsed.href;
  return allowList.some((allowed) => {
    const a = new URL(allowed);
    if (a.origin !== parsed.origin) return false;
    if (allowed.endsWith('/')) return parsed.pathname.startsWith(a.pathname) && !parsed.pathname.includes('/../');
    return normalized === a.href;
  });
}
