// The typed API between the renderer and its host: the Electron preload in the desktop app, a
// browser implementation in web mode. Imports nothing platform-specific.

export interface AppInfo {
  /** Where the renderer runs: the desktop shell or a plain browser (web mode). */
  shell: 'electron' | 'web';
  version: string;
}

export interface HostApi {
  getAppInfo(): Promise<AppInfo>;
}

/** Name of the object the preload exposes on `window`. */
export const HOST_GLOBAL = 'territoireSante';

/** IPC channels, one per HostApi method. */
export const HOST_CHANNELS = {
  getAppInfo: 'host:get-app-info',
} as const satisfies Record<keyof HostApi, string>;
