// Preload (CommonJS, sandboxed): exposes the small typed host API and nothing else.
import { contextBridge, ipcRenderer } from 'electron';
import { HOST_CHANNELS, HOST_GLOBAL, type HostApi } from '../../common/host-api';

const api: HostApi = {
  getAppInfo: () => ipcRenderer.invoke(HOST_CHANNELS.getAppInfo),
};

contextBridge.exposeInMainWorld(HOST_GLOBAL, api);
