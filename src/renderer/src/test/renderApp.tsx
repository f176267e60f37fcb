import { cleanup, render } from '@testing-library/react';
import type { GatehouseApi } from '../../../shared/api';
import { App } from '../App';
import { resetSession } from '../session/store';

/** Installs the bridge the preload would expose, at the given hash route, and starts the app. */
export function renderApp(api: GatehouseApi, hash: string) {
  Object.defineProperty(window, 'gatehouse', { value: api, configurable: true });
  window.history.replaceState(null, '', `/${hash}`);
  resetSession();
  return render(<App />);
}

/** Forgets the previous test's app, person and bridge. */
export function tearDownApp() {
  cleanup();
  resetSession();
  Reflect.deleteProperty(window, 'gatehouse');
  window.history.replaceState(null, '', '/');
}

export function currentRoute(): string {
  return window.location.hash;
}

/** A promise the test settles by hand, to hold a call "in flight". */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
