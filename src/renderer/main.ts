/**
 * Renderer entry point: picks the API for this window (the preload's in Electron, HTTP in browser
 * mode) and starts the app. Anything that escapes the app is shown rather than leaving a blank window.
 */
import { getApi } from './api-client';
import { startApp } from './app';

startApp(getApi()).catch((err: unknown) => {
  const banner = document.getElementById('banner');
  const text = document.getElementById('banner-text');
  if (banner && text) {
    banner.hidden = false;
    text.textContent = `Reachmap could not start: ${err instanceof Error ? err.message : String(err)}`;
  }
  console.error(err);
});
