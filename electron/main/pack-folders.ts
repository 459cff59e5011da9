// Imported packs of the desktop app: plain folders (one per pack, named by its id, holding its table
// files and manifest.json) in Documents/Territoire Santé/Paquets, where the user can see, copy and
// send them; application data when Documents cannot be written. The renderer names packs and their
// files only by id and file name, checked here to stay inside that folder. Pure Node: tested without
// Electron.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { StoredPackSummary } from '../../common/host-api';
import { describeFileError, HostError } from './host-error';
import { DEFAULT_FOLDER_NAME } from './scenario-files';

export const PACKS_FOLDER_NAME = 'Paquets';

/**
 * A pack id as a folder name: what the app creates (lower case, digits, dashes) but also any folder a
 * user copied in, so no path separator, reserved character, control character, or dot-only name.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here.
export const PACK_ID_PATTERN = /^(?!\.+$)[^<>:"/\\|?*\u0000-\u001f]{1,100}$/u;
/** A file of a pack: manifest.json, `<table>.parquet`, `<table>.csv`, geometrie.tsgeo, moteur.tsbin. */
export const PACK_FILE_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,99}$/;
/** Ids of the packs the app creates (the import panel's rule). */
export const NEW_PACK_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** Names of the temporary and previous versions written around an atomic swap (electron/cli/files.ts). */
const TRANSIENT = /\.(tmp|old)-\d+-\d+$/;

/**
 * The packs folder: Documents/Territoire Santé/Paquets, created if needed; application data's
 * « Paquets » when Documents is missing or cannot be written.
 */
export function choosePacksFolder(documentsFolder: string | null, userDataFolder: string, mkdir: (path: string) => void = (path) => void mkdirSync(path, { recursive: true })): string {
  if (documentsFolder) {
    const preferred = join(documentsFolder, DEFAULT_FOLDER_NAME, PACKS_FOLDER_NAME);
    try {
      mkdir(preferred);
      return preferred;
    } catch {
      // Read-only or redirected Documents (some managed desktops): application data instead.
    }
  }
  const fallback = join(userDataFolder, PACKS_FOLDER_NAME);
  mkdir(fallback);
  return fallback;
}

export class PackFolders {
  /**
   * `root`: the packs folder; `builtIn`: id → folder of the packs shipped with the app (readable as
   * a base, never written or listed here: the DB worker reads them from app://).
   */
  constructor(
    readonly root: string,
    private readonly builtIn: Readonly<Record<string, string>>,
  ) {}

  isBuiltIn(id: string): boolean {
    return Object.hasOwn(this.builtIn, id);
  }

  /** The folder of an imported pack; HostError for an id that is not a plain folder name. */
  folder(id: string): string {
    if (!PACK_ID_PATTERN.test(id) || this.isBuiltIn(id)) throw new HostError(`Paquet « ${id.slice(0, 100)} » inconnu.`);
    const folder = resolve(this.root, id);
    if (dirname(folder) !== resolve(this.root)) throw new HostError(`Paquet « ${id.slice(0, 100)} » inconnu.`);
    return folder;
  }

  /** Imported packs (folders holding a readable manifest.json), by id. */
  list(): StoredPackSummary[] {
    if (!existsSync(this.root)) return [];
    const packs: StoredPackSummary[] = [];
    for (const entry of readdirSync(this.root, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.') || TRANSIENT.test(entry.name) || !PACK_ID_PATTERN.test(entry.name) || this.isBuiltIn(entry.name)) continue;
      const manifestPath = join(this.root, entry.name, 'manifest.json');
      try {
        const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { label?: unknown; sources?: { kind?: string; file?: unknown }[] };
        packs.push({
          id: entry.name,
          label: typeof manifest.label === 'string' && manifest.label !== '' ? manifest.label : entry.name,
          importedAt: statSync(manifestPath).mtime.toISOString(),
          // Imported files only: the reference pack's own sources have no kind (or 'reference').
          sources: (Array.isArray(manifest.sources) ? manifest.sources : [])
            .filter((s) => typeof s?.kind === 'string' && s.kind !== 'reference' && typeof s.file === 'string')
            .map((s) => String(s.file)),
        });
      } catch {
        // Not a pack (no manifest) or a damaged one: not offered.
      }
    }
    return packs.sort((a, b) => a.id.localeCompare(b.id));
  }

  /** One file of an imported pack (HostError in French when it is not there). */
  read(id: string, name: string): Uint8Array {
    if (!PACK_FILE_PATTERN.test(name)) throw new HostError(`Nom de fichier de paquet invalide : « ${name.slice(0, 100)} ».`);
    const path = join(this.folder(id), name);
    try {
      if (!statSync(path).isFile()) throw new HostError(`Paquet « ${id} » : « ${name} » n’est pas un fichier.`);
      return new Uint8Array(readFileSync(path));
    } catch (error) {
      if (error instanceof HostError) throw error;
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new HostError(`Paquet « ${id} » incomplet : fichier « ${name} » absent. Réimportez ce paquet, ou recopiez son dossier en entier.`);
      }
      throw describeFileError(error, name, 'lire');
    }
  }

  /** Folder an import starts from: a built-in pack, or an imported one (which must exist). */
  basePack(id: string): string {
    if (this.isBuiltIn(id)) return this.builtIn[id];
    const folder = this.folder(id);
    if (!existsSync(join(folder, 'manifest.json'))) throw new HostError(`Paquet « ${id} » introuvable dans « ${this.root} ».`);
    return folder;
  }

  /** Moves a pack's folder away (to the trash, through `trash`). */
  async remove(id: string, trash: (path: string) => Promise<void>): Promise<void> {
    const folder = this.folder(id);
    if (!existsSync(folder)) return;
    try {
      await trash(folder);
    } catch (error) {
      throw new HostError(`Impossible de supprimer le paquet « ${id} » : ${(error as Error).message}. Fermez les programmes qui l’utilisent, ou supprimez son dossier vous-même.`);
    }
  }

  /**
   * Puts a pack back as it was after an import process died mid-swap: a missing pack folder gets its
   * previous version back, temporary folders are removed. Call only when no import runs.
   */
  recover(id: string): void {
    const folder = this.folder(id);
    if (!existsSync(this.root)) return;
    const around = readdirSync(this.root).filter((name) => name.startsWith(`${id}.`) && TRANSIENT.test(name)).sort();
    const previous = around.filter((name) => name.includes('.old-'));
    if (!existsSync(folder) && previous.length > 0) renameSync(join(this.root, previous.at(-1)!), folder);
    for (const name of around) rmSync(join(this.root, name), { recursive: true, force: true });
  }
}
