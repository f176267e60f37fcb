/**
 * The whole bridge between the untrusted page and the main process: one frozen object with one
 * method per contract channel, and onSessionState for the one contract-declared push event.
 * No ipcRenderer, no generic invoke, no generic events.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createGatehouseApi } from '../shared/api';
import { SESSION_STATE_EVENT } from '../shared/contract';

contextBridge.exposeInMainWorld(
  'gatehouse',
  createGatehouseApi(
    (channel, payload) => ipcRenderer.invoke(channel, payload),
    (deliver) => {
      // The IPC event object (with its sender) never reaches the page: only the state.
      const listener = (_event: IpcRendererEvent, state: unknown) => deliver(state);
      ipcRenderer.on(SESSION_STATE_EVENT, listener);
      return () => {
        ipcRenderer.removeListener(SESSION_STATE_EVENT, listener);
      };
    },
  ),
);
