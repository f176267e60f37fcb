/**
 * The whole bridge between the untrusted page and the main process: one frozen object with one
 * method per contract channel. No ipcRenderer, no generic invoke, no events.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createGatehouseApi } from '../shared/api';

contextBridge.exposeInMainWorld(
  'gatehouse',
  createGatehouseApi((channel, payload) => ipcRenderer.invoke(channel, payload)),
);
