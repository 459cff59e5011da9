// One import job in the import process: the same pipeline as the CLI's `import` (buildPack on native
// DuckDB, files read in place by DuckDB, pack folder written atomically), driven by a job message
// instead of command-line options. Plain Node: no electron import, so that it runs and is tested under
// Node (child_process.fork) exactly as in Electron's utility process.
import { basename } from 'node:path';
import { customGridName } from '../../common/file-names';
import type { SourceKind } from '../../common/pack';
import type { SqlDatabase } from '../../workers/db/sql-database';
import { buildPack, type ImportRequest } from '../../workers/import/pack-builder';
import { ImportCancelled, ImportError, type ImportSource, type ProgressListener } from '../../workers/import/source-reader';
import { openNodeDatabase } from '../cli/duckdb-node';
import { CliError } from '../cli/errors';
import { fileSource, packFolderReader, writePackFolder } from '../cli/files';
import { MULTI_FILE_KINDS, type ImportJob, type ImportJobResult } from './protocol';

// The custom grid's name from its file name: common/file-names.ts (the same rule as the browser import).
export { customGridName };

const KIND_NAMES: Record<SourceKind, string> = {
  damir: 'Open DAMIR', rpps: 'RPPS', population: 'population', zonages: 'zonages', 'grille-perso': 'maillage personnalisé',
  temps: 'temps de trajet', finess: 'établissements', bpe: 'BPE', geometrie: 'géométrie', cartosante: 'CartoSanté',
  pathologies: 'Cartographie des pathologies', projections: 'projections de population',
};

/**
 * The pack builder's request from the job's files (absolute paths by kind). Throws ImportError when a
 * kind read from one file is given several (which one would win is not for us to guess).
 */
export function importRequest(files: ImportJob['files'], source: (path: string) => ImportSource = fileSource): ImportRequest {
  const one = (kind: SourceKind): ImportSource | undefined => {
    const paths = files[kind];
    if (!paths || paths.length === 0) return undefined;
    if (paths.length > 1 && !MULTI_FILE_KINDS.includes(kind)) {
      throw new ImportError(`Un seul fichier de type « ${KIND_NAMES[kind]} » par import (${paths.map((p) => `« ${basename(p)} »`).join(', ')}) : retirez les autres de la liste.`);
    }
    return source(paths[0]);
  };
  const grid = one('grille-perso');
  return {
    damir: files.damir?.map(source),
    rpps: files.rpps?.map(source),
    zonages: files.zonages?.map(source),
    population: one('population'),
    customGrid: grid ? { source: grid, name: customGridName(grid.name) } : undefined,
    times: one('temps'),
    finess: one('finess'),
    bpe: one('bpe'),
    geometry: one('geometrie'),
    cartosante: one('cartosante'),
    pathologies: one('pathologies'),
    projections: one('projections'),
  };
}

export interface RunOptions {
  signal: AbortSignal;
  onProgress?: ProgressListener;
  /** The DuckDB runtime (native by default; tests may pass another). */
  openDatabase?: (options: { threads?: number }) => Promise<SqlDatabase>;
}

/**
 * Runs one import job: builds the pack from `job.basePack` and the files, then writes `job.target`
 * atomically. Never throws: a bad file, a cancellation or a failure is a result with a French message,
 * and then nothing was written (the previous pack, if any, is unchanged).
 */
export async function runImportJob(job: ImportJob, options: RunOptions): Promise<ImportJobResult> {
  let db: SqlDatabase | undefined;
  try {
    const request = importRequest(job.files);
    db = await (options.openDatabase ?? openNodeDatabase)({ threads: job.threads });
    const built = await buildPack(db, packFolderReader(job.basePack), packFolderReader(job.referenceTables), request, {
      id: job.id,
      label: job.label,
      signal: options.signal,
      onProgress: options.onProgress,
    });
    // A cancellation that arrived after the last query still wins: nothing is written.
    if (options.signal.aborted) throw new ImportCancelled();
    writePackFolder(job.target, built.files);
    return { ok: true, packId: job.id, reports: built.reports, warnings: built.manifest.warnings };
  } catch (error) {
    if (error instanceof ImportCancelled || options.signal.aborted) return { ok: false, cancelled: true, message: new ImportCancelled().message };
    if (error instanceof ImportError || error instanceof CliError) return { ok: false, message: error.message };
    return { ok: false, message: `Import impossible : ${(error as Error)?.message ?? String(error)}. Les paquets existants sont inchangés.` };
  } finally {
    await db?.close().catch(() => undefined);
  }
}
