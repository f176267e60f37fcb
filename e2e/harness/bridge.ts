/**
 * The harness's stand-in for the preload: the same createGatehouseApi factory the preload uses,
 * with the transport swapped from ipcRenderer.invoke to a POST to the harness. Loaded as a
 * classic script before the app's module script, so window.gatehouse exists when React starts.
 */
import { createGatehouseApi } from '../../src/shared/api';

/** A browser tab plays the part of an Electron window: its id survives reloads, like a window's. */
function windowId(): number {
  const key = 'gatehouse-harness-window';
  const existing = Number(sessionStorage.getItem(key));
  if (Number.isSafeInteger(existing) && existing > 0) return existing;
  const fresh = 1 + Math.floor(Math.random() * 2 ** 31);
  sessionStorage.setItem(key, String(fresh));
  return fresh;
}

const id = windowId();

const api = createGatehouseApi(async (channel, payload) => {
  const response = await fetch('/__harness/ipc', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gatehouse-window': String(id) },
    body: JSON.stringify({ channel, payload }),
  });
  return response.json();
});

Object.defineProperty(window, 'gatehouse', { value: api, writable: false, configurable: false, enumerable: true });
