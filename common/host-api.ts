// The typed API between the renderer and its host: the Electron preload in the desktop app, a
// browser implementation in web mode. Imports nothing platform-specific.
import type { ImportReport, SourceKind } from './pack';

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

/** A file the user chose or dropped, as the renderer holds it (a DOM File; only its name is read here). */
export interface HostImportFile {
  readonly name: string;
  readonly size: number;
}

/** The pack an import writes: `id` (its folder name), its label, and the pack it starts from. */
export interface ImportTarget {
  id: string;
  label: string;
  /** An imported pack to update, or the built-in reference pack for a new one. */
  baseId: string;
}

/** Progress of one file: bytes as DuckDB reports its query progress, and rows read so far. */
export interface ImportProgress {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

/** What an import gives back: the quality reports, or a French message (nothing was written then). */
export interface ImportOutcome {
  ok: boolean;
  /** French message when ok is false. */
  message?: string;
  cancelled?: boolean;
  packId?: string;
  reports?: ImportReport[];
  warnings?: string[];
}

/** An imported pack as the desktop app keeps it: a folder named `id` in the packs folder. */
export interface StoredPackSummary {
  id: string;
  label: string;
  /** ISO date of the last write of its manifest. */
  importedAt: string;
  /** Names of the imported source files. */
  sources: string[];
}

/** Imported packs as the DB worker reaches them in the desktop app (through the HostApi methods below). */
export interface HostPackStore {
  list(): Promise<StoredPackSummary[]>;
  read(id: string, name: string): Promise<Uint8Array>;
  remove(id: string): Promise<void>;
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

  // Desktop only (absent in web mode, where packs stay in OPFS and the DB worker imports them):
  // imported packs are folders the user can see, copy and send, and imports run native DuckDB in a
  // utility process (electron/import-process).
  /** The folder holding the imported packs (Documents/Territoire Santé/Paquets, else application data). */
  packsFolder?(): Promise<string>;
  /** Shows that folder in the system's file manager. */
  openPacksFolder?(): Promise<void>;
  listPacks?(): Promise<StoredPackSummary[]>;
  /** One file of an imported pack (manifest.json or a table file), for the DB worker. */
  readPackFile?(id: string, name: string): Promise<Uint8Array>;
  /** Moves an imported pack's folder to the trash. */
  deletePack?(id: string): Promise<void>;
  /**
   * Imports national files (read in place from disk) into the pack `target.id`, all or nothing.
   * `onProgress` gets each file's progress while it is read. Resolves with the outcome, never rejects
   * for a bad file (the message says what to do).
   */
  importFiles?(files: { file: HostImportFile; kind: SourceKind }[], target: ImportTarget, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome>;
  /** Interrupts the running import (its outcome then says « annulé »); nothing is written. */
  cancelImport?(): Promise<void>;
}

/** HostApi methods only the desktop app has. */
export const DESKTOP_ONLY_METHODS = ['onOpenFileRequest', 'packsFolder', 'openPacksFolder', 'listPacks', 'readPackFile', 'deletePack', 'importFiles', 'cancelImport'] as const;
export type DesktopOnlyMethod = (typeof DESKTOP_ONLY_METHODS)[number];

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
  packsFolder: 'host:packs-folder',
  openPacksFolder: 'host:open-packs-folder',
  listPacks: 'host:list-packs',
  readPackFile: 'host:read-pack-file',
  deletePack: 'host:delete-pack',
  importFiles: 'host:import-files',
  cancelImport: 'host:cancel-import',
} as const satisfies Record<keyof HostApi, string>;

/**
 * Messages from the main process to the renderer. They carry no data (the renderer then pulls),
 * except the import's progress: a few numbers per file, several times a second.
 */
export const HOST_EVENTS = {
  openFileRequested: 'host:open-file-requested',
  importProgress: 'host:import-progress',
} as const;
