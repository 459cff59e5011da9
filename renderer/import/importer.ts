// Which import the data panel runs, and where imported packs live. Desktop app: the host imports
// (native DuckDB in a utility process, files read in place from disk) and keeps packs as folders the
// DB worker reads through it. Browser: the DB worker imports with duckdb-wasm and keeps packs in OPFS.
// No DOM or worker here: tested in Node (importer.test.ts).
import type { HostApi, HostPackStore, ImportOutcome, ImportProgress, ImportTarget } from '../../common/host-api';
import type { SourceKind } from '../../common/pack';

export interface ImportFile {
  file: File;
  kind: SourceKind;
}

export interface Importer {
  /** True when the host imports (desktop): packs are then folders on disk. */
  native: boolean;
  /** Never rejects: a refusal is an outcome with a French message. */
  run(files: ImportFile[], target: ImportTarget, onProgress: (progress: ImportProgress) => void): Promise<ImportOutcome>;
  cancel(): void;
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The host's import when it offers one (desktop app), else `browser` (the DB worker's). */
export function chooseImporter(api: Pick<HostApi, 'importFiles' | 'cancelImport'>, browser: Importer): Importer {
  const { importFiles, cancelImport } = api;
  if (!importFiles || !cancelImport) return browser;
  return {
    native: true,
    async run(files, target, onProgress) {
      try {
        return await importFiles(files, target, onProgress);
      } catch (error) {
        // Another import running, a file the page made in memory: said in the panel like any refusal.
        return { ok: false, message: messageOf(error) };
      }
    },
    cancel() {
      cancelImport().catch((error: unknown) => console.warn('Annulation de l’import :', messageOf(error)));
    },
  };
}

/** The host's pack folders for the DB worker (desktop app); null in the browser (OPFS). */
export function hostPackStore(api: Pick<HostApi, 'listPacks' | 'readPackFile' | 'deletePack'>): HostPackStore | null {
  const { listPacks, readPackFile, deletePack } = api;
  if (!listPacks || !readPackFile || !deletePack) return null;
  return { list: () => listPacks(), read: (id, name) => readPackFile(id, name), remove: (id) => deletePack(id) };
}
