/**
 * The layout worker: a module worker (bundled by electron-vite) that runs fcose off the page's
 * thread, so a map of a few hundred nodes no longer freezes the window for seconds while it is laid
 * out. It answers each request with the positions or the error; it never touches the DOM, the host
 * or the network, and one request at a time is all it is given (layout-jobs.ts).
 */
import { layOutHeadless } from './fcose-headless';
import type { LayoutReply, LayoutRequest } from './layout-request';

/** What this module uses of a dedicated worker's global scope (the DOM typings describe a window). */
interface WorkerScope {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(reply: LayoutReply): void;
}

const scope = self as unknown as WorkerScope;

scope.onmessage = (event) => {
  const request = event.data;
  let reply: LayoutReply;
  try {
    reply = { id: request.id, ok: true, positions: layOutHeadless(request) };
  } catch (err) {
    reply = { id: request.id, ok: false, error: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(reply);
};
