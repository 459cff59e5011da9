// Preload (CommonJS, sandboxed): exposes exactly the typed host API (api.ts) and nothing else — no
// ipcRenderer, no channel names, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_GLOBAL } from '../../common/host-api';
import { createHostApi } from './api';

contextBridge.exposeInMainWorld(HOST_GLOBAL, createHostApi(ipcRenderer));
