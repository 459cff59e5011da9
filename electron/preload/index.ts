// Preload (CommonJS, sandboxed): exposes exactly the typed host API (api.ts) and nothing else — no
// ipcRenderer, no channel names, no Node.
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { HOST_GLOBAL } from '../../common/host-api';
import { createHostApi } from './api';

// Files cross the context bridge as File objects; only here do they become paths (empty for a File
// the page made in memory, which the import then refuses).
contextBridge.exposeInMainWorld(HOST_GLOBAL, createHostApi(ipcRenderer, (file) => webUtils.getPathForFile(file as Parameters<typeof webUtils.getPathForFile>[0])));
