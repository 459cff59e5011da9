// Scenario files of the desktop app, behind ids: the renderer never sends a path. Files are chosen by
// the user in the system dialogs (or given by the operating system), the main process remembers
// id → path, the recent list (10 files) persists in userData/recent.json, saves are atomic with a
// `.bak` of the previous version (file-store.ts), and the working scenario is autosaved to
// userData/autosave.tsante.json. Dependencies (dialogs, folders, clock, timers) are parameters, so
// that all of it is tested in Node without Electron.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { SCENARIO_EXTENSION, scenarioFileName } from '../../common/file-names';
import type { OpenedScenarioFile, RecentScenarioFile, SaveScenarioRequest, ScenarioFileRef } from '../../common/host-api';
import { backupPath, readFileSafely, writeFileSafely } from './file-store';
import { describeFileError, HostError } from './host-error';
import { FILE_ID_PATTERN, MAX_SCENARIO_TEXT_LENGTH } from './ipc-schemas';

// The scenario file name rule lives in common/file-names.ts (shared with the browser version).
export { SCENARIO_EXTENSION, scenarioFileName };
export const DEFAULT_FOLDER_NAME = 'Territoire Santé';
export const RECENT_FILE_NAME = 'recent.json';
export const AUTOSAVE_FILE_NAME = 'autosave.tsante.json';
export const MAX_RECENT_FILES = 10;
/** Larger files are refused before reading: a scenario is a few kilobytes, the renderer parses it whole. */
export const MAX_SCENARIO_FILE_BYTES = 5 * 1024 * 1024;

/**
 * File type filters of the dialogs. macOS matches only the last extension part and has known bugs
 * with multi-part ones, hence the second filter (plain .json), which also lets users open a scenario
 * renamed by a mail client.
 */
export const SCENARIO_FILTERS = [
  { name: 'Scénario Territoire Santé (*.tsante.json)', extensions: ['tsante.json'] },
  { name: 'Fichier JSON (*.json)', extensions: ['json'] },
];

/** The subset of Electron's dialog module used here (bound to the main window by index.ts). */
export interface FileDialogs {
  showOpenDialog(options: {
    title: string;
    defaultPath: string;
    filters: typeof SCENARIO_FILTERS;
    properties: 'openFile'[];
  }): Promise<{ canceled: boolean; filePaths: string[] }>;
  showSaveDialog(options: {
    title: string;
    defaultPath: string;
    filters: typeof SCENARIO_FILTERS;
    properties: ('createDirectory' | 'showOverwriteConfirmation')[];
  }): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface ScenarioFilesOptions {
  dialogs: FileDialogs;
  /** app.getPath('documents'): the default folder is « Territoire Santé » inside it. */
  documentsFolder: string;
  /** app.getPath('userData'): recent.json lives there. */
  userDataFolder: string;
  now?: () => Date;
  newId?: () => string;
  log?: (message: string, detail?: unknown) => void;
}

const recentFileSchema = z.object({
  version: z.literal(1),
  files: z.array(z.object({ id: z.string().regex(FILE_ID_PATTERN), path: z.string().min(1), usedAt: z.iso.datetime() })).max(100),
});
type RecentEntry = z.infer<typeof recentFileSchema>['files'][number];

/** Linux dialogs do not add the extension: a name typed without one gets it. */
export const withScenarioExtension = (path: string): string => (/\.json$/i.test(path) ? path : `${path}${SCENARIO_EXTENSION}`);

export class ScenarioFiles {
  private readonly dialogs: FileDialogs;
  private readonly documentsFolder: string;
  private readonly recentPath: string;
  private readonly now: () => Date;
  private readonly newId: () => string;
  private readonly log: (message: string, detail?: unknown) => void;
  /** Every file handed to the renderer this session or listed as recent: id → absolute path. */
  private readonly paths = new Map<string, string>();
  private readonly ids = new Map<string, string>();
  /** Most recent first. */
  private recents: RecentEntry[];

  constructor(options: ScenarioFilesOptions) {
    this.dialogs = options.dialogs;
    this.documentsFolder = options.documentsFolder;
    this.recentPath = join(options.userDataFolder, RECENT_FILE_NAME);
    this.now = options.now ?? (() => new Date());
    this.newId = options.newId ?? randomUUID;
    this.log = options.log ?? console.warn;
    this.recents = this.loadRecents();
    // Ids persist with the recent list, so a file keeps its id across restarts.
    for (const entry of this.recents) this.register(entry.path, entry.id);
  }

  /** « Documents/Territoire Santé », created on first use so that the dialogs can open in it. */
  get defaultFolder(): string {
    const folder = join(this.documentsFolder, DEFAULT_FOLDER_NAME);
    try {
      mkdirSync(folder, { recursive: true });
      return folder;
    } catch (error) {
      this.log(`Impossible de créer le dossier « ${folder} ».`, error);
      return this.documentsFolder;
    }
  }

  async open(): Promise<OpenedScenarioFile | null> {
    const choice = await this.dialogs.showOpenDialog({
      title: 'Ouvrir un scénario',
      defaultPath: this.defaultFolder,
      filters: SCENARIO_FILTERS,
      properties: ['openFile'],
    });
    if (choice.canceled || choice.filePaths.length === 0) return null;
    return this.openPath(choice.filePaths[0]);
  }

  /** Opens a path the user or the operating system chose (dialog, double-click, command line). */
  openPath(path: string): OpenedScenarioFile {
    const absolute = resolve(path);
    const text = this.readText(absolute, basename(absolute));
    const id = this.register(absolute);
    this.touchRecent(id, absolute);
    return { id, name: basename(absolute), text };
  }

  openRecent(id: string): OpenedScenarioFile {
    const path = this.pathOf(id);
    if (!existsSync(path)) {
      this.removeRecent(id);
      throw new HostError(`« ${basename(path)} » est introuvable : il a été déplacé ou supprimé. Il est retiré des fichiers récents.`);
    }
    return this.openPath(path);
  }

  /** The `.bak` kept by the last save, under the file's own id: saving it restores the file. */
  readBackup(id: string): OpenedScenarioFile | null {
    const path = this.pathOf(id);
    const backup = backupPath(path);
    if (!existsSync(backup)) return null;
    return { id, name: basename(path), text: this.readText(backup, basename(backup)) };
  }

  async save(request: SaveScenarioRequest): Promise<ScenarioFileRef | null> {
    if (request.text.length > MAX_SCENARIO_TEXT_LENGTH) throw new HostError('Scénario trop volumineux pour être enregistré.');
    const known = request.id === undefined ? undefined : this.paths.get(request.id);
    let path = request.saveAs ? undefined : known;
    if (!path) {
      // An unknown id (a file forgotten since) also asks where to save rather than failing.
      const choice = await this.dialogs.showSaveDialog({
        title: 'Enregistrer le scénario',
        defaultPath: join(known ? dirname(known) : this.defaultFolder, scenarioFileName(request.suggestedName)),
        filters: SCENARIO_FILTERS,
        properties: ['createDirectory', 'showOverwriteConfirmation'],
      });
      if (choice.canceled || !choice.filePath) return null;
      path = withScenarioExtension(resolve(choice.filePath));
    }
    try {
      writeFileSafely(path, request.text);
    } catch (error) {
      throw describeFileError(error, basename(path), 'écrire');
    }
    const id = this.register(path);
    this.touchRecent(id, path);
    return { id, name: basename(path) };
  }

  recent(): RecentScenarioFile[] {
    return this.recents.map((entry) => ({ id: entry.id, name: basename(entry.path), usedAt: entry.usedAt }));
  }

  private pathOf(id: string): string {
    const path = this.paths.get(id);
    if (!path) throw new HostError('Ce fichier n’est plus connu de l’application : ouvrez-le avec « Ouvrir ».');
    return path;
  }

  private register(path: string, id?: string): string {
    const existing = this.ids.get(path);
    if (existing) return existing;
    // A hand-edited recent.json could repeat an id: never let two paths share one.
    const assigned = id !== undefined && !this.paths.has(id) ? id : this.newId();
    this.paths.set(assigned, path);
    this.ids.set(path, assigned);
    return assigned;
  }

  private readText(path: string, name: string): string {
    try {
      const size = statSync(path).size;
      if (size > MAX_SCENARIO_FILE_BYTES) {
        throw new HostError(`« ${name} » est trop volumineux pour un scénario (${(size / 1024 / 1024).toFixed(1)} Mo ; 5 Mo au plus).`);
      }
      return readFileSync(path, 'utf8');
    } catch (error) {
      if (error instanceof HostError) throw error;
      throw describeFileError(error, name, 'lire');
    }
  }

  private touchRecent(id: string, path: string): void {
    const entry: RecentEntry = { id, path, usedAt: this.now().toISOString() };
    this.recents = [entry, ...this.recents.filter((e) => e.id !== id)].slice(0, MAX_RECENT_FILES);
    this.saveRecents();
  }

  private removeRecent(id: string): void {
    this.recents = this.recents.filter((e) => e.id !== id);
    this.saveRecents();
  }

  private loadRecents(): RecentEntry[] {
    if (!existsSync(this.recentPath) && !existsSync(backupPath(this.recentPath))) return [];
    const outcome = readFileSafely(this.recentPath, (text) => recentFileSchema.parse(JSON.parse(text)));
    if (!outcome.ok) {
      // Losing the recent list is a nuisance, not a reason to refuse to start.
      this.log(`Liste des fichiers récents ignorée : ${outcome.message}`);
      return [];
    }
    const seen = new Set<string>();
    return outcome.value.files.filter((e) => !seen.has(e.path) && seen.add(e.path)).slice(0, MAX_RECENT_FILES);
  }

  private saveRecents(): void {
    try {
      mkdirSync(dirname(this.recentPath), { recursive: true });
      writeFileSafely(this.recentPath, `${JSON.stringify({ version: 1, files: this.recents }, null, 2)}\n`);
    } catch (error) {
      // The open or save itself succeeded: do not fail it because the list could not be written.
      this.log('Impossible d’enregistrer la liste des fichiers récents.', error);
    }
  }
}

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

const systemTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

/**
 * The working scenario, autosaved. The renderer debounces its calls; here writes are also spaced by
 * at least `minIntervalMs` (each one fsyncs on the main thread), the latest text always wins, and
 * flush() writes whatever is pending — index.ts calls it on before-quit and will-quit, synchronously,
 * so that nothing received is lost when the app quits.
 */
export class Autosave {
  private latest: string | null = null;
  private dirty = false;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private timer: unknown = null;
  private deferredError: HostError | null = null;

  constructor(
    readonly path: string,
    private readonly minIntervalMs = 1000,
    private readonly timers: Timers = systemTimers,
    private readonly log: (message: string, detail?: unknown) => void = console.warn,
  ) {}

  get pending(): boolean {
    return this.dirty;
  }

  /** Keeps `text` and writes it now or at the end of the interval. Reports a failed deferred write. */
  save(text: string): void {
    this.latest = text;
    this.dirty = true;
    const failed = this.deferredError;
    this.deferredError = null;
    if (this.timer === null) {
      const wait = this.lastWrite + this.minIntervalMs - this.timers.now();
      if (wait <= 0) this.flush();
      else
        this.timer = this.timers.setTimeout(() => {
          this.timer = null;
          try {
            this.flush();
          } catch (error) {
            this.deferredError = error as HostError;
            this.log(this.deferredError.message);
          }
        }, wait);
    }
    if (failed && this.dirty) throw failed;
  }

  /** Writes the pending text now (synchronously). Throws a HostError when the write fails. */
  flush(): void {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.dirty || this.latest === null) return;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSafely(this.path, this.latest);
    } catch (error) {
      throw new HostError(`Sauvegarde automatique impossible : ${describeFileError(error, basename(this.path), 'écrire').message}`);
    } finally {
      this.lastWrite = this.timers.now();
    }
    this.dirty = false;
  }

  /** The text received last (written or not), else the autosave file (or its backup); null when none. */
  read(): string | null {
    if (this.latest !== null) return this.latest;
    if (!existsSync(this.path) && !existsSync(backupPath(this.path))) return null;
    const outcome = readFileSafely(this.path, (text) => {
      if (text.trim() === '') throw new Error('fichier vide');
      return text;
    });
    return outcome.ok ? outcome.value : null;
  }
}
