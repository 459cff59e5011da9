// The host API in a plain browser (web mode, `npm run web`): no file system, so scenario « files »
// live in localStorage under keys that serve as their ids (the previous version under a second key,
// as the `.bak` of the desktop app), every save also downloads the file, and opening goes through a
// hidden file input. Dependencies are parameters: tested in Node with fakes (host-web.test.ts).
import { scenarioFileName } from '../common/file-names';
import type { AppInfo, DesktopOnlyMethod, HostApi, OpenedScenarioFile, RecentScenarioFile, SaveScenarioRequest, ScenarioFileRef } from '../common/host-api';

export const FILE_KEY_PREFIX = 'territoire-sante:fichier:';
export const BACKUP_KEY_PREFIX = 'territoire-sante:fichier-precedent:';
export const RECENT_KEY = 'territoire-sante:recents';
export const AUTOSAVE_KEY = 'territoire-sante:autosave';
export const MAX_RECENT_FILES = 10;
/** Same bounds as the desktop app: a scenario is a few kilobytes, and localStorage holds about 5 Mo. */
export const MAX_SCENARIO_TEXT_LENGTH = 5_000_000;
export const MAX_SCENARIO_FILE_BYTES = 5 * 1024 * 1024;

export type StorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export interface PickedFile {
  name: string;
  text: string;
}

export interface WebHostDependencies {
  storage: StorageLike;
  /** Asks the user for a file; null when cancelled. */
  pickFile(): Promise<PickedFile | null>;
  /** Hands the text to the browser as a downloaded file. */
  download(name: string, text: string): void;
  version: string;
  now?: () => Date;
}

/** A file name from a scenario name: no separators or reserved characters, the scenario extension (common/file-names.ts). */
export const webFileName = (suggested: string): string => scenarioFileName(suggested);

const isQuotaError = (error: unknown): boolean => {
  const { name, code } = (error ?? {}) as { name?: string; code?: number };
  // Chromium and WebKit: QuotaExceededError (code 22); old Firefox: NS_ERROR_DOM_QUOTA_REACHED (1014).
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22 || code === 1014;
};

const QUOTA_MESSAGE = 'Le stockage du navigateur est plein';

interface RecentEntry {
  id: string;
  usedAt: string;
}

export function createWebHost(deps: WebHostDependencies): Required<Omit<HostApi, DesktopOnlyMethod>> {
  const { storage } = deps;
  const now = deps.now ?? (() => new Date());
  const nameOf = (id: string) => id.slice(FILE_KEY_PREFIX.length);
  const backupKey = (id: string) => `${BACKUP_KEY_PREFIX}${nameOf(id)}`;
  // Ids come from the renderer's state: only keys of our file namespace may be read through them.
  const checkId = (id: string): string => {
    if (typeof id !== 'string' || !id.startsWith(FILE_KEY_PREFIX) || id.length === FILE_KEY_PREFIX.length) {
      throw new Error('Ce fichier n’est pas connu du navigateur : ouvrez-le avec « Ouvrir ».');
    }
    return id;
  };

  const readRecents = (): RecentEntry[] => {
    try {
      const parsed: unknown = JSON.parse(storage.getItem(RECENT_KEY) ?? '[]');
      if (!Array.isArray(parsed)) return [];
      return parsed
        .filter((e): e is RecentEntry => typeof e?.id === 'string' && e.id.startsWith(FILE_KEY_PREFIX) && typeof e.usedAt === 'string')
        .slice(0, MAX_RECENT_FILES);
    } catch {
      // A damaged list is forgotten rather than blocking the menu.
      return [];
    }
  };
  const writeRecents = (entries: RecentEntry[]) => {
    try {
      storage.setItem(RECENT_KEY, JSON.stringify(entries.slice(0, MAX_RECENT_FILES)));
    } catch (error) {
      // The open or save itself succeeded; only the menu is stale.
      console.warn('Liste des fichiers récents non enregistrée :', error);
    }
  };
  const touchRecent = (id: string) => writeRecents([{ id, usedAt: now().toISOString() }, ...readRecents().filter((e) => e.id !== id)]);
  const removeRecent = (id: string) => writeRecents(readRecents().filter((e) => e.id !== id));

  /** Stores the text under its key, the previous different text under the backup key. */
  const store = (id: string, text: string) => {
    const previous = storage.getItem(id);
    if (previous !== null && previous !== text) {
      try {
        storage.setItem(backupKey(id), previous);
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        // No room for the backup: the file itself matters more.
        storage.removeItem(backupKey(id));
      }
    }
    storage.setItem(id, text);
  };

  const checkSize = (text: string, name: string) => {
    if (text.length > MAX_SCENARIO_TEXT_LENGTH) throw new Error(`« ${name} » est trop volumineux pour un scénario (5 Mo au plus).`);
  };

  return {
    async getAppInfo(): Promise<AppInfo> {
      return { shell: 'web', version: deps.version };
    },

    async openScenarioFile(): Promise<OpenedScenarioFile | null> {
      const picked = await deps.pickFile();
      if (!picked) return null;
      checkSize(picked.text, picked.name);
      const name = webFileName(picked.name);
      const id = `${FILE_KEY_PREFIX}${name}`;
      try {
        store(id, picked.text);
        touchRecent(id);
      } catch (error) {
        // The file is open all the same; it just will not be offered again from the browser's storage.
        if (!isQuotaError(error)) throw error;
        console.warn(`${QUOTA_MESSAGE} : « ${name} » n’y est pas gardé.`);
      }
      return { id, name, text: picked.text };
    },

    async openRecentScenarioFile(id: string): Promise<OpenedScenarioFile> {
      checkId(id);
      const text = storage.getItem(id);
      if (text === null) {
        removeRecent(id);
        throw new Error(`« ${nameOf(id)} » n’est plus dans le stockage du navigateur (données du site effacées ?). Il est retiré des fichiers récents.`);
      }
      touchRecent(id);
      return { id, name: nameOf(id), text };
    },

    async readScenarioBackup(id: string): Promise<OpenedScenarioFile | null> {
      checkId(id);
      const text = storage.getItem(backupKey(id));
      return text === null ? null : { id, name: nameOf(id), text };
    },

    async saveScenarioFile(request: SaveScenarioRequest): Promise<ScenarioFileRef | null> {
      const reuse = request.id !== undefined && !request.saveAs && request.id.startsWith(FILE_KEY_PREFIX) && request.id.length > FILE_KEY_PREFIX.length;
      const name = reuse ? nameOf(request.id!) : webFileName(request.suggestedName);
      checkSize(request.text, name);
      const id = `${FILE_KEY_PREFIX}${name}`;
      // The download is the file the user keeps: it happens even if the browser's storage is full.
      deps.download(name, request.text);
      try {
        store(id, request.text);
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        throw new Error(
          `${QUOTA_MESSAGE} : « ${name} » a été téléchargé, mais le navigateur n’en garde pas de copie (il ne sera pas dans les fichiers récents). Supprimez des paquets de données ou des scénarios pour libérer de la place.`,
        );
      }
      touchRecent(id);
      return { id, name };
    },

    async recentScenarioFiles(): Promise<RecentScenarioFile[]> {
      return readRecents().map((e) => ({ id: e.id, name: nameOf(e.id), usedAt: e.usedAt }));
    },

    async autosave(text: string): Promise<void> {
      try {
        storage.setItem(AUTOSAVE_KEY, text);
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        throw new Error(`${QUOTA_MESSAGE} : la sauvegarde automatique du scénario en cours est impossible. Enregistrez-le pour ne pas le perdre.`);
      }
    },

    async readAutosave(): Promise<string | null> {
      return storage.getItem(AUTOSAVE_KEY);
    },
  };
}

/** Opens the system's file picker through a hidden <input type=file>. */
export function browserFilePicker(doc: Document): () => Promise<PickedFile | null> {
  return () =>
    new Promise<PickedFile | null>((resolve, reject) => {
      const input = doc.createElement('input');
      input.type = 'file';
      input.accept = '.json,.tsante.json';
      input.style.display = 'none';
      let settled = false;
      const settle = (outcome: () => void) => {
        if (settled) return;
        settled = true;
        input.remove();
        outcome();
      };
      input.addEventListener('change', () => {
        const file = input.files?.[0];
        if (!file) return settle(() => resolve(null));
        if (file.size > MAX_SCENARIO_FILE_BYTES) {
          return settle(() => reject(new Error(`« ${file.name} » est trop volumineux pour un scénario (5 Mo au plus).`)));
        }
        file.text().then(
          (text) => settle(() => resolve({ name: file.name, text })),
          () => settle(() => reject(new Error(`Impossible de lire « ${file.name} ».`))),
        );
      });
      // Chromium ≥ 113, Firefox ≥ 91 and Safari ≥ 16.4 say when the picker is dismissed; elsewhere the
      // promise simply stays pending, which costs nothing.
      input.addEventListener('cancel', () => settle(() => resolve(null)));
      doc.body.append(input);
      input.click();
    });
}

/** Downloads `text` as `name` through a temporary <a download> on a Blob URL. */
export function browserDownload(doc: Document, urls: Pick<typeof URL, 'createObjectURL' | 'revokeObjectURL'> = URL): (name: string, text: string) => void {
  return (name, text) => {
    const href = urls.createObjectURL(new Blob([text], { type: 'application/json' }));
    const link = doc.createElement('a');
    link.href = href;
    link.download = name;
    link.style.display = 'none';
    doc.body.append(link);
    link.click();
    link.remove();
    // Revoking at once can cancel the download in some browsers.
    setTimeout(() => urls.revokeObjectURL(href), 60_000);
  };
}

/** In-memory storage for browsers where localStorage is disabled (it then lasts for the page's life). */
export function memoryStorage(): StorageLike {
  const values = new Map<string, string>();
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, String(value)),
    removeItem: (key) => void values.delete(key),
  };
}

/** The web host on the real browser objects. */
export function createBrowserHost(version: string): Required<Omit<HostApi, DesktopOnlyMethod>> {
  let storage: StorageLike;
  try {
    // Reading the property itself throws when the site's storage is blocked.
    storage = window.localStorage;
    storage.getItem(RECENT_KEY);
  } catch {
    console.warn('Stockage du navigateur indisponible : scénarios gardés en mémoire pour cette session seulement.');
    storage = memoryStorage();
  }
  return createWebHost({ storage, version, pickFile: browserFilePicker(document), download: browserDownload(document) });
}
