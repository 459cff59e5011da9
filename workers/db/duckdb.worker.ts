// Module worker hosting duckdb-wasm (eh bundle, assets bundled by Vite: no CDN, no extension
// download) behind comlink. The page never runs SQL on its main thread. Imports run in a second,
// short-lived database so that the map keeps answering while a pack is being built.
import * as duckdb from '@duckdb/duckdb-wasm';
import duckdbWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import * as Comlink from 'comlink';
import type { GridId, ImportReport, PackManifest, SourceKind } from '../../common/pack';
import { decodeTsGeo } from '../../common/tsgeo';
import { buildPack, type ImportRequest } from '../import/pack-builder';
import { ImportCancelled, ImportError, type ImportSource, type ProgressEvent } from '../import/source-reader';
import { SPECIALTY_COUNT } from '../engine/domain';
import { PlanningEngine } from '../engine/engine';
import { gapOf } from '../engine/model';
import { createWasmSqlDatabase } from './duckdb-wasm-database';
import { loadEngineInputs, MissingDataError } from './engine-inputs';
import { deletePack, listPacks, savePack, storedPackReader } from './opfs-pack-store';
import { PackDb, type ReadPackFile } from './pack-db';
import type { SqlDatabase } from './sql-database';

/** Packs built into the application (never modified): the demo pack first, else the reference pack. */
export const BUILT_IN_PACK_IDS = ['demo', 'reference-cog2025'] as const;
const isBuiltIn = (id: string) => (BUILT_IN_PACK_IDS as readonly string[]).includes(id);

let database: { db: duckdb.AsyncDuckDB; sql: SqlDatabase } | undefined;
let pack: PackDb | undefined;
/** Feature order of the application's own geometry (packs may bring theirs). */
let defaultFeatureCodes: string[] = [];
let resourceBase = '';
let importController: AbortController | undefined;
/** The planning engine on the active pack, when it holds health data (need and supply). */
let engine: PlanningEngine | undefined;

async function openDatabase(): Promise<{ db: duckdb.AsyncDuckDB; sql: SqlDatabase }> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(duckdbWorkerUrl));
  await db.instantiate(duckdbWasmUrl);
  await db.open({ query: { castBigIntToDouble: true } });
  return { db, sql: await createWasmSqlDatabase(db, await db.connect()) };
}

function requirePack(): PackDb {
  if (!pack) throw new Error("Aucun paquet de données n'est chargé.");
  return pack;
}

async function fetchBytes(url: URL): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Fichier introuvable : ${url.pathname} (HTTP ${response.status}).`);
  return new Uint8Array(await response.arrayBuffer());
}

const builtInReader = (id: string): ReadPackFile => (name) => fetchBytes(new URL(`packs/${id}/${name}`, resourceBase));
const packReader = async (id: string): Promise<ReadPackFile> => (isBuiltIn(id) ? builtInReader(id) : storedPackReader(id));

/** The built-in packs present in this build, with their manifests. */
async function builtInPacks(): Promise<{ id: string; manifest: PackManifest }[]> {
  const found = [];
  for (const id of BUILT_IN_PACK_IDS) {
    try {
      found.push({ id, manifest: JSON.parse(new TextDecoder().decode(await builtInReader(id)('manifest.json'))) as PackManifest });
    } catch {
      // Not part of this build (the demo pack is generated when ../shared/data is there).
    }
  }
  return found;
}

async function usePack(id: string) {
  const { sql } = database!;
  const tables = await sql.queryColumns('SELECT table_name FROM duckdb_tables() WHERE NOT temporary');
  for (const table of Array.from(tables.table_name, String)) await sql.run(`DROP TABLE IF EXISTS "${table}"`);
  const read = await packReader(id);
  pack = await PackDb.load(sql, read);
  engine = undefined;
  try {
    const data = await loadEngineInputs(pack);
    engine = new PlanningEngine(data.inputs, data.derivedProductivity, data.timePairs);
  } catch (error) {
    if (!(error instanceof MissingDataError)) throw error;
  }
  // A pack with its own commune geometry: the map draws it, and attributes follow its feature order.
  const geometryTable = pack.manifest.tables.geometrie;
  const geometry = geometryTable ? (await read(geometryTable.file)).slice().buffer : null;
  await pack.setFeatureOrder(geometry ? decodeTsGeo(geometry).codes : defaultFeatureCodes);
  const communes = await pack.communeAttributes();
  const transfers: ArrayBuffer[] = [communes.population.buffer as ArrayBuffer, communes.unknown.buffer as ArrayBuffer];
  if (geometry) transfers.push(geometry);
  return Comlink.transfer({ id, manifest: pack.manifest, communes, geometry }, transfers);
}

/** A File as an import source, read as a stream (never loaded whole). */
function fileSource(file: File): ImportSource {
  return {
    name: file.name,
    size: file.size,
    async *stream() {
      const reader = file.stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    },
  };
}

export interface PackSummary {
  id: string;
  label: string;
  builtIn: boolean;
  importedAt?: string;
  sources: string[];
}

export interface ImportOutcome {
  ok: boolean;
  /** French message when ok is false. */
  message?: string;
  cancelled?: boolean;
  packId?: string;
  reports?: ImportReport[];
  warnings?: string[];
}

const api = {
  /**
   * Starts DuckDB and opens the built-in pack. `baseUrl` is the folder of index.html (resources are
   * beside it); `codes` the geometry's feature order, to which attributes are aligned.
   */
  async start(baseUrl: string, codes: string[]) {
    const startedAt = performance.now();
    resourceBase = baseUrl;
    defaultFeatureCodes = codes;
    database = await openDatabase();
    const [first] = await builtInPacks();
    if (!first) throw new Error('Aucun paquet de données intégré dans cette version : relancez « npm run build ».');
    const opened = await usePack(first.id);
    return { ...opened, duckdbVersion: await database.db.getVersion(), loadMs: performance.now() - startedAt };
  },
  usePack,
  async listPacks(): Promise<PackSummary[]> {
    const stored = await listPacks().catch(() => []);
    return [
      ...(await builtInPacks()).map((p) => ({ id: p.id, label: p.manifest.label, builtIn: true, sources: [] })),
      ...stored.map((p) => ({ id: p.id, label: p.label, builtIn: false, importedAt: p.importedAt, sources: p.sources })),
    ];
  },
  async deletePack(id: string) {
    if (isBuiltIn(id)) throw new Error('Un paquet intégré ne peut pas être supprimé.');
    await deletePack(id);
  },
  /** Builds a pack from files (on top of `baseId`) in a separate database, then stores it. */
  async importFiles(
    files: { file: File; kind: SourceKind }[],
    target: { id: string; label: string; baseId: string },
    onProgress: (event: ProgressEvent) => void,
  ): Promise<ImportOutcome> {
    importController = new AbortController();
    const request: ImportRequest = {};
    for (const { file, kind } of files) {
      const source = fileSource(file);
      if (kind === 'damir') (request.damir ??= []).push(source);
      else if (kind === 'rpps') (request.rpps ??= []).push(source);
      else if (kind === 'population') request.population = source;
      else if (kind === 'zonages') (request.zonages ??= []).push(source);
      else if (kind === 'temps') request.times = source;
      else if (kind === 'finess') request.finess = source;
      else if (kind === 'bpe') request.bpe = source;
      else if (kind === 'geometrie') request.geometry = source;
      else if (kind === 'cartosante') request.cartosante = source;
    }
    const scratch = await openDatabase();
    try {
      const built = await buildPack(scratch.sql, await packReader(target.baseId), (name) => fetchBytes(new URL(`reference/${name}`, resourceBase)), request, {
        id: target.id,
        label: target.label,
        signal: importController.signal,
        onProgress,
      });
      if (isBuiltIn(target.id)) throw new ImportError('Les paquets intégrés ne sont jamais modifiés : choisissez un autre nom.');
      await savePack(target.id, built.files, built.manifest);
      return { ok: true, packId: target.id, reports: built.reports, warnings: built.manifest.warnings };
    } catch (error) {
      if (error instanceof ImportCancelled) return { ok: false, cancelled: true, message: error.message };
      if (error instanceof ImportError) return { ok: false, message: error.message };
      return { ok: false, message: `Import impossible : ${(error as Error).message}` };
    } finally {
      importController = undefined;
      await scratch.db.terminate();
    }
  },
  cancelImport() {
    importController?.abort();
  },
  async gridCells(grid: GridId) {
    const cells = await requirePack().gridCells(grid);
    return Comlink.transfer(cells, [cells.population.buffer, cells.communeCount.buffer, cells.outside.buffer, cells.cellOfCommune.buffer]);
  },
  /**
   * Baseline need, capacity and FTE gap of every territory of a grid, all specialties, computed by the
   * engine in this worker (null when the active pack has no health data).
   */
  territoryIndicators(grid: GridId) {
    if (!engine) return null;
    const evaluation = engine.baseline(engine.resolve({ parameters: {} }));
    const territories = evaluation.territories.get(grid);
    if (!territories) return null;
    const gapFte = new Float64Array(territories.need.length);
    for (let k = 0; k < gapFte.length; k++) {
      gapFte[k] = gapOf(territories.need[k], territories.capacity[k], evaluation.params.productivity[k % SPECIALTY_COUNT]).ecartEtp;
    }
    const result = { codes: territories.grid.codes, need: territories.need.slice(), capacity: territories.capacity.slice(), gapFte };
    return Comlink.transfer(result, [result.need.buffer, result.capacity.buffer, result.gapFte.buffer]);
  },
  territoryPopulation(grid: GridId, code: string) {
    return requirePack().territoryPopulation(grid, code);
  },
};

export type DbWorkerApi = typeof api;

Comlink.expose(api);
