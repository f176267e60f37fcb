/// <reference types="vite/client" />
import type { GatehouseApi } from '../../shared/api';

declare global {
  interface Window {
    /**
     * The one object the preload exposes (or the browser harness injects). Optional because a
     * page opened outside Gatehouse has none, and the app must say so rather than crash.
     */
    readonly gatehouse?: GatehouseApi;
  }
}

export {};
