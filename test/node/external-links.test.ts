// The allow-list behind openExternal: only https links the app ships.
import { describe, expect, it } from 'vitest';
import { ALLOWED_EXTERNAL_URLS, DOCS_URL, isAllowedExternalUrl, SECURITY_GROUPS_DOCS_URL } from '../../src/node/external-links';

describe('isAllowedExternalUrl', () => {
  it('allows the shipped documentation links', () => {
    expect(isAllowedExternalUrl(DOCS_URL)).toBe(true);
    expect(isAllowedExternalUrl(SECURITY_GROUPS_DOCS_URL)).toBe(true);
    for (const url of ALLOWED_EXTERNAL_URLS) expect(isAllowedExternalUrl(url)).toBe(true);
  });

  it('allows pages below an allowed folder prefix only', () => {
    expect(isAllowedExternalUrl('https://github.com/reachmap/reachmap/blob/main/README.md')).toBe(true);
    expect(isAllowedExternalUrl('https://github.com/reachmap/reachmap-evil/')).toBe(false);
    expect(isAllowedExternalUrl('https://github.com/other/repo')).toBe(false);
  });

  it('refuses other protocols, hosts and look-alikes', () => {
    expect(isAllowedExternalUrl('http://docs.aws.amazon.com/vpc/latest/userguide/vpc-security-groups.html')).toBe(false);
    expect(isAllowedExternalUrl('file:///etc/passwd')).toBe(false);
    expect(isAllowedExternalUrl('javascript:alert(1)')).toBe(false);
    expect(isAllowedExternalUrl('smb://host/share')).toBe(false);
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com@evil.example/vpc/latest/userguide/vpc-security-groups.html')).toBe(false);
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com.evil.example/vpc/latest/userguide/vpc-security-groups.html')).toBe(false);
    expect(isAllowedExternalUrl('https://docs.aws.amazon.com/vpc/latest/userguide/other.html')).toBe(false);
    expect(isAllowedExternalUrl('https://evil.example/')).toBe(false);
  });

  it('refuses non-strings, garbage and oversize input', () => {
    expect(isAllowedExternalUrl(undefined)).toBe(false);
    expect(isAllowedExternalUrl(42)).toBe(false);
    expect(isAllowedExternalUrl('')).toBe(false);
    expect(isAllowedExternalUrl('not a url')).toBe(false);
    expect(isAllowedExternalUrl(`${DOCS_URL}${'a'.repeat(3000)}`)).toBe(false);
  });
});
