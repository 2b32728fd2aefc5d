/**
 * The preload script: runs sandboxed before the page and exposes exactly the typed API contract as
 * `window.reachmap` through contextBridge (see build-api.ts). It imports only electron and the
 * contract; electron-vite bundles it into one CommonJS file, as a sandboxed preload requires.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { buildPreloadApi } from './build-api';

contextBridge.exposeInMainWorld('reachmap', buildPreloadApi(ipcRenderer, webUtils));
