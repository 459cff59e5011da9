// The typed API between the renderer and its host: the Electron preload in the desktop app, a
// browser implementation in web mode. Imports nothing platform-specific.

export interface AppInfo {
  /** Where the renderer runs: the desktop shell or a plain browser (web mode). */
  shell: 'electron' | 'web';
  version: string;
}

/** A scenario file the host knows: a path in the desktop app, a browser-storage key in web mode. */
export interface ScenarioFileRef {
  id: string;
  /** File name shown to the user, e.g. « msp-stenay.tsante.json ». */
  name: string;
}

export interface OpenedScenarioFile extends ScenarioFileRef {
  /** Raw file text: the renderer validates, migrates and normalises it (workers/engine/scenario). */
  text: string;
}

export interface RecentScenarioFile extends ScenarioFileRef {
  /** ISO date of the last open or save. */
  usedAt: string;
}

export interface SaveScenarioRequest {
  /** The file to overwrite; absent (or saveAs) asks where to save. */
  id?: string;
  saveAs?: boolean;
  suggestedName: string;
  text: string;
}

export interface HostApi {
  getAppInfo(): Promise<AppInfo>;
  /** Asks the user for a scenario file (dialog or file picker); null when cancelled. */
  openScenarioFile(): Promise<OpenedScenarioFile | null>;
  /** Re-opens a recent file by its id. */
  openRecentScenarioFile(id: string): Promise<OpenedScenarioFile>;
  /** The previous version kept beside a file (`.bak`), offered when the file is corrupt; null when none. */
  readScenarioBackup(id: string): Promise<OpenedScenarioFile | null>;
  /** Writes atomically, keeping the previous version as the backup; null when the user cancelled. */
  saveScenarioFile(request: SaveScenarioRequest): Promise<ScenarioFileRef | null>;
  recentScenarioFiles(): Promise<RecentScenarioFile[]>;
  /** Stores the working scenario (the renderer debounces; the host flushes on quit). */
  autosave(text: string): Promise<void>;
  /** The last autosaved working scenario, null when none. */
  readAutosave(): Promise<string | null>;
  /**
   * Desktop only (absent in web mode): files the operating system asks the application to open — a
   * double-click on a `.tsante.json`, « Ouvrir avec », a second launch given a file. The listener gets
   * each file once, including the one given at launch before it was registered (register it after
   * restoring the autosave, so that the requested file wins). Returns a function that unregisters it.
   */
  onOpenFileRequest?(listener: (file: OpenedScenarioFile) => void): () => void;
}

/** Name of the object the preload exposes on `window`. */
export const HOST_GLOBAL = 'territoireSante';

/**
 * IPC channels, one per HostApi method. Every payload is validated in the main process
 * (electron/main/ipc-schemas.ts) and answered with an envelope { ok, value | message } that the
 * preload unwraps, so the renderer sees plain values or Errors carrying a French message.
 */
export const HOST_CHANNELS = {
  getAppInfo: 'host:get-app-info',
  openScenarioFile: 'host:open-scenario-file',
  openRecentScenarioFile: 'host:open-recent-scenario-file',
  readScenarioBackup: 'host:read-scenario-backup',
  saveScenarioFile: 'host:save-scenario-file',
  recentScenarioFiles: 'host:recent-scenario-files',
  autosave: 'host:autosave',
  readAutosave: 'host:read-autosave',
  // Pulls (and empties) the queue of files the operating system asked to open.
  onOpenFileRequest: 'host:take-open-file-requests',
} as const satisfies Record<keyof HostApi, string>;

/** Messages from the main process to the renderer. They carry no data: the renderer then pulls. */
export const HOST_EVENTS = {
  openFileRequested: 'host:open-file-requested',
} as const;
