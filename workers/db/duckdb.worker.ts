// Module worker hosting duckdb-wasm (eh bundle, assets bundled by Vite: no CDN, no extension
// download) behind comlink. The page never runs SQL on its main thread. Imports run in a second,
// short-lived database so that the map keeps answering while a pack is being built.
import * as duckdb from '@duckdb/duckdb-wasm';
import duckdbWasmUrl from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import duckdbWorkerUrl from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import * as Comlink from 'comlink';
import { encode, parse } from '@loaders.gl/core';
import { ParquetArrowLoader, ParquetArrowWriter } from '@loaders.gl/parquet';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import parquetWasmUrl from 'parquet-wasm/esm/parquet_wasm_bg.wasm?url';
import type { HostPackStore, ImportOutcome } from '../../common/host-api';
import type { GridId, PackManifest, SourceKind } from '../../common/pack';
import { decodeTsGeo, type TsGeoLayer } from '../../common/tsgeo';
import { buildPack, type ImportRequest } from '../import/pack-builder';
import { ImportCancelled, ImportError, type ImportSource, type ProgressEvent } from '../import/source-reader';
import type { Specialty } from '../engine/domain';
import { createWasmSqlDatabase } from './duckdb-wasm-database';
import { createParquetCodec } from './parquet-codec';
import { parsePackManifest } from './pack-manifest';
import { loadEngineInputs, MissingDataError } from './engine-inputs';
import { deletePack, listPacks, savePack, storedPackReader } from './opfs-pack-store';
import { PackDb, type ReadPackFile } from './pack-db';
import { PlanningSession, type IndicatorsResult } from './planning';
import { buildExport, type ExportFormat, type ExportRequest } from './exports';
import type { SqlDatabase } from './sql-database';

/** Packs built into the application (never modified): the demo pack first, else the reference pack. */
export const BUILT_IN_PACK_IDS = ['demo', 'reference-cog2025'] as const;
const isBuiltIn = (id: string) => (BUILT_IN_PACK_IDS as readonly string[]).includes(id);

let database: { db: duckdb.AsyncDuckDB; sql: SqlDatabase } | undefined;
let pack: PackDb | undefined;
/** Feature order of the application's own geometry (packs may bring theirs). */
let defaultFeatureCodes: string[] = [];
/** The application's commune geometry, fetched when an export first needs it. */
let defaultLayer: TsGeoLayer | undefined;
let resourceBase = '';
let importController: AbortController | undefined;
/** The planning engine on the active pack, when it holds health data (need and supply). */
let planning: PlanningSession | undefined;
/** Commune code of each map feature, in feature order. */
let featureCodes: string[] = [];
let activePackId = '';
/** The active pack's own commune geometry, when it brings one (exports draw what the map draws). */
let packLayer: TsGeoLayer | null = null;

/**
 * Pack tables are Parquet files: read and written through @loaders.gl/parquet (parquet-wasm), whose
 * WebAssembly file Vite bundles like DuckDB's (duckdb-wasm cannot read Parquet offline).
 */
const parquetCodec = createParquetCodec({ parse, encode, ParquetArrowLoader, ParquetArrowWriter, tableFromIPC, tableToIPC }, parquetWasmUrl);

async function openDatabase(): Promise<{ db: duckdb.AsyncDuckDB; sql: SqlDatabase }> {
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), new Worker(duckdbWorkerUrl));
  await db.instantiate(duckdbWasmUrl);
  await db.open({ query: { castBigIntToDouble: true } });
  return { db, sql: await createWasmSqlDatabase(db, await db.connect(), parquetCodec) };
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
/** Desktop app: imported packs are folders the host reads (HostApi.listPacks, readPackFile, deletePack), not OPFS. */
let hostPacks: HostPackStore | undefined;
const storedPacks = () => (hostPacks ? hostPacks.list() : listPacks()).catch(() => []);

const packReader = async (id: string): Promise<ReadPackFile> => {
  const store = hostPacks;
  return isBuiltIn(id) ? builtInReader(id) : store ? (name) => store.read(id, name) : storedPackReader(id);
};

/** The built-in packs present in this build, with their manifests. */
async function builtInPacks(): Promise<{ id: string; manifest: PackManifest }[]> {
  const found = [];
  for (const id of BUILT_IN_PACK_IDS) {
    try {
      found.push({ id, manifest: parsePackManifest(await builtInReader(id)('manifest.json')).manifest });
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
  planning = undefined;
  activePackId = id;
  try {
    planning = new PlanningSession(await loadEngineInputs(pack));
  } catch (error) {
    if (!(error instanceof MissingDataError)) throw error;
  }
  // A pack with its own commune geometry: the map draws it, and attributes follow its feature order.
  const geometryTable = pack.manifest.tables.geometrie;
  const geometry = geometryTable ? (await read(geometryTable.file)).slice().buffer : null;
  packLayer = geometry ? decodeTsGeo(geometry) : null;
  featureCodes = packLayer?.codes ?? defaultFeatureCodes;
  await pack.setFeatureOrder(featureCodes);
  const communes = await pack.communeAttributes();
  const transfers: ArrayBuffer[] = [communes.population.buffer as ArrayBuffer, communes.unknown.buffer as ArrayBuffer];
  if (geometry) transfers.push(geometry);
  return Comlink.transfer({ id, manifest: pack.manifest, communes, geometry }, transfers);
}

/** The grid name of a custom grid file: its name without extension, in the characters a grid name allows. */
function customGridName(fileName: string): string {
  const base = fileName.replace(/\.(csv|txt)(\.gz)?$/i, '');
  return base.normalize('NFD').replace(/\p{Diacritic}/gu, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'perso';
}

/** A File as an import source: duckdb-wasm reads it through a file handle, never loaded whole. */
function fileSource(file: File): ImportSource {
  return {
    name: file.name,
    size: file.size,
    blob: file,
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
    const stored = await storedPacks();
    return [
      ...(await builtInPacks()).map((p) => ({ id: p.id, label: p.manifest.label, builtIn: true, sources: [] })),
      ...stored.map((p) => ({ id: p.id, label: p.label, builtIn: false, importedAt: p.importedAt, sources: p.sources })),
    ];
  },
  async deletePack(id: string) {
    if (isBuiltIn(id)) throw new Error('Un paquet intégré ne peut pas être supprimé.');
    await (hostPacks ? hostPacks.remove(id) : deletePack(id));
  },
  /** Desktop app: imported packs are listed, read and deleted through the host (a comlink proxy). */
  useHostPacks(store: HostPackStore) {
    hostPacks = store;
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
      else if (kind === 'grille-perso') request.customGrid = { source, name: customGridName(file.name) };
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
  /** Custom grids of the active pack, for the grid selector. */
  customGrids() {
    return requirePack().customGrids();
  },
  async gridCells(grid: string) {
    const cells = await requirePack().gridCells(grid);
    return Comlink.transfer(cells, [cells.population.buffer, cells.communeCount.buffer, cells.outside.buffer, cells.cellOfCommune.buffer]);
  },
  /**
   * Need, capacity and FTE gap of every territory of a grid, all specialties, for the baseline or a
   * scenario (plain JSON as edited in the page), with the difference to a reference (baseline when
   * null). Null when the active pack has no health data.
   */
  indicators(grid: string, scenario: unknown | null = null, reference: unknown | null = null, withReference = false): IndicatorsResult | null {
    if (!planning) return null;
    const result = planning.indicators(grid, scenario, reference, withReference);
    const buffers = [result.shown.need.buffer, result.shown.capacity.buffer, result.shown.gapFte.buffer] as ArrayBuffer[];
    if (result.deltaGapFte) buffers.push(result.deltaGapFte.buffer as ArrayBuffer);
    if (result.reference) buffers.push(...([result.reference.need.buffer, result.reference.capacity.buffer, result.reference.gapFte.buffer] as ArrayBuffer[]));
    return Comlink.transfer(result, buffers);
  },
  /** Codes of the engine's territories of a grid: the order of every figure `indicators` returns. */
  territoryCodes(grid: string): string[] | null {
    return planning ? planning.territoryCodes(grid) : null;
  },
  /** APL of a specialty per map feature (NaN where the pack has no such commune). */
  accessibility(specialty: Specialty, scenario: unknown | null = null): Float64Array | null {
    if (!planning) return null;
    const byCommune = planning.accessibility(specialty, scenario);
    const index = new Map(planning.data.inputs.communes.map((code, i) => [code, i]));
    const values = Float64Array.from(featureCodes, (code) => {
      const c = index.get(code);
      return c === undefined ? Number.NaN : byCommune[c];
    });
    return Comlink.transfer(values, [values.buffer]);
  },
  /** Territory scores of a grid, territory order of `indicators` (null without health data). */
  territoryScores(grid: string) {
    if (!planning) return null;
    const scores = planning.territoryScores(grid);
    return Comlink.transfer(scores, [scores.scorePa.buffer, scores.scoreAld.buffer, scores.scoreUrgence.buffer, scores.msp.buffer, scores.cds.buffer] as ArrayBuffer[]);
  },
  /** The planners' table (baseline or scenario), optionally for the territories touching a département. */
  dashboard(grid: string, scenario: unknown | null, departement: string | null) {
    return planning ? planning.dashboard(grid, scenario, departement) : null;
  },
  /** Difference table and KPIs of a scenario against a reference (baseline when null). */
  comparison(grid: string, target: unknown, reference: unknown | null, departement: string | null, aplSpecialty: Specialty | null) {
    return planning ? planning.comparison(grid, target, reference, departement, aplSpecialty) : null;
  },
  /** A file of the current view (table, GeoJSON, report), built with the CLI's exporters. */
  async exportFile(format: ExportFormat, request: ExportRequest): Promise<Uint8Array> {
    // The pack as it is now: another pack opened during the awaits below does not mix in.
    const session = planning, manifest = pack?.manifest, packId = activePackId, ownLayer = packLayer;
    if (!session || !manifest) throw new Error('le paquet actif n’a pas de données de besoin et d’offre.');
    // Only the formats that draw need the commune polygons.
    const needsGeometry = format === 'geojson' || format === 'html';
    if (needsGeometry && !ownLayer) defaultLayer ??= decodeTsGeo((await fetchBytes(new URL('geo/communes.tsgeo', resourceBase))).slice().buffer);
    const stored = (await storedPacks()).find((p) => p.id === packId);
    const layer = ownLayer ?? defaultLayer ?? null;
    const bytes = await buildExport(session, manifest, layer, format, { ...request, packDate: stored?.importedAt ?? null });
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  territoryDetail(grid: string, code: string) {
    return requirePack().territoryDetail(grid, code);
  },
  territoryPopulation(grid: GridId, code: string) {
    return requirePack().territoryPopulation(grid, code);
  },
};

export type DbWorkerApi = typeof api;

Comlink.expose(api);
