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

/** How often the page asks the harness for a tick (the shell ticks every second). */
const SESSION_POLL_MS = 500;

/**
 * The shell pushes the session state; a browser page cannot be pushed to without a socket, so
 * it polls, and each poll is one tick of the core. Only changes are delivered, as the shell does.
 */
function pollSessionState(deliver: (raw: unknown) => void): () => void {
  let last = '';
  let stopped = false;
  const poll = async () => {
    try {
      const response = await fetch('/__harness/session-state', {
        method: 'POST',
        headers: { 'x-gatehouse-window': String(id) },
      });
      const text = await response.text();
      if (!stopped && response.ok && text !== last) {
        last = text;
        deliver(JSON.parse(text));
      }
    } catch {
      // The harness is restarting; the next poll tries again.
    }
  };
  const timer = window.setInterval(() => void poll(), SESSION_POLL_MS);
  return () => {
    stopped = true;
    window.clearInterval(timer);
  };
}

const api = createGatehouseApi(async (channel, payload) => {
  const response = await fetch('/__harness/ipc', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-gatehouse-window': String(id) },
    body: JSON.stringify({ channel, payload }),
  });
  return response.json();
}, pollSessionState);

Object.defineProperty(window, 'gatehouse', { value: api, writable: false, configurable: false, enumerable: true });
