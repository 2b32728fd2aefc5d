// isTrustedSender: the check every ipcMain.handle runs on event.senderFrame.url.
import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../src/node/ipc-sender';

const fileApp = 'file:///opt/Reachmap/resources/app/out/renderer/index.html';

describe('isTrustedSender', () => {
  it('accepts the app page itself, with or without a hash or query', () => {
    expect(isTrustedSender(fileApp, fileApp)).toBe(true);
    expect(isTrustedSender(`${fileApp}#/map`, fileApp)).toBe(true);
    expect(isTrustedSender(`${fileApp}?x=1`, fileApp)).toBe(true);
  });

  it('refuses any other file:// page (file URLs share one opaque origin)', () => {
    expect(isTrustedSender('file:///tmp/evil.html', fileApp)).toBe(false);
    expect(isTrustedSender('file:///opt/Reachmap/resources/app/out/renderer/other.html', fileApp)).toBe(false);
    expect(isTrustedSender('file://remote-host/opt/Reachmap/resources/app/out/renderer/index.html', fileApp)).toBe(false);
  });

  it('refuses web pages, about:blank, empty and malformed senders', () => {
    expect(isTrustedSender('https://evil.example/', fileApp)).toBe(false);
    expect(isTrustedSender('about:blank', fileApp)).toBe(false);
    expect(isTrustedSender('', fileApp)).toBe(false);
    expect(isTrustedSender(undefined, fileApp)).toBe(false);
    expect(isTrustedSender(null, fileApp)).toBe(false);
    expect(isTrustedSender('not a url', fileApp)).toBe(false);
  });

  it('in development accepts only the dev server origin', () => {
    const dev = 'http://localhost:5173';
    expect(isTrustedSender('http://localhost:5173/', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5173/index.html#x', dev)).toBe(true);
    expect(isTrustedSender('http://localhost:5174/', dev)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:5173/', dev)).toBe(false);
    expect(isTrustedSender('https://localhost:5173/', dev)).toBe(false);
    expect(isTrustedSender(fileApp, dev)).toBe(false);
  });

  it('refuses everything when the app URL is of an unexpected kind', () => {
    expect(isTrustedSender('data:text/html,hi', 'data:text/html,hi')).toBe(false);
  });
});
