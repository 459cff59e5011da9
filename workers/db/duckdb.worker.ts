// The DB worker behind comlink: the planning engine on the active pack, the figures the map and panels
// ask for, and, loaded only when first needed, duckdb-wasm (wasm-sql.ts), the import pipeline and the
// exporters. The page never computes more than colours. A pack opens from its engine snapshot (no SQL);
// DuckDB starts after the first map. Imports run in a second, short-lived database so that the map keeps
// answering while a pack is being built.
import * as Comlink from 'comlink';
import { customGridName } from '../../common/file-names';
import type { HostPackStore, ImportOutcome } from '../../common/host-api';
import type { DbWorkerApi, OpenedPack, OpenTimings, PackSummary } from '../../common/worker-api';
import { CUSTOM_GRID_PREFIX, type GridId, type PackManifest, type SourceKind } from '../../common/pack';
import { decodeTsGeo, type TsGeoLayer } from '../../common/tsgeo';
import type { ImportRequest } from '../import/pack-builder';
import type { ImportSource, ProgressEvent } from '../import/source-reader';
import { SPECIALTY_COUNT, type Specialty } from '../engine/domain';
import { parsePackManifest } from './pack-manifest';
import type { PackModel } from './engine-inputs';
import { decodeEngineSnapshot, readEngineSnapshot } from './engine-snapshot';
import { communeAttributes, communeOfFeature, gridCells } from './grid-cells';
import { deletePack, listPacks, savePack, storedPackReader } from './opfs-pack-store';
import { PackDb, type ReadPackFile } from './pack-db';
import { PlanningSession, type IndicatorsResult } from './planning';
import { pathwayReport } from '../engine/pathway-report';
import { DEFAULT_PROGRAMME, parseProgramme } from '../engine/pathways';
import { alignFigures, packComparisonTable, packSources, type PackComparisonTable } from './pack-comparison';
import { territoryMeanApl } from '../engine/alerts';
import type { ExportFormat, ExportRequest } from './exports';
import type { WasmSql } from './wasm-sql';
import { horizonInput } from './horizon-inputs';
import { laisserFaireScenario, type HorizonOptions } from '../engine/horizon';

/** Packs built into the application (never modified): the demo pack first, else the reference pack. */
export const BUILT_IN_PACK_IDS = ['demo', 'reference-cog2025'] as const;
const isBuiltIn = (id: string) => (BUILT_IN_PACK_IDS as readonly string[]).includes(id);

/** DuckDB: started after the first map (nothing on the start-up path needs SQL), or when first needed. */
let database: Promise<WasmSql> | undefined;
/** The active pack's tables in DuckDB, loaded on first need (territory detail, cross-checks). */
let sqlPack: Promise<PackDb> | undefined;
let sqlLoads: Promise<unknown> = Promise.resolve();
/** The active pack's manifest, communes and grids (pack model), and the engine on it when it holds health data. */
let manifest: PackManifest | undefined;
let model: PackModel | undefined;
let planning: PlanningSession | undefined;
/** Feature order of the application's own geometry (packs may bring theirs). */
let defaultFeatureCodes: string[] = [];
/** The application's commune geometry, fetched when an export first needs it. */
let defaultLayer: TsGeoLayer | undefined;
let resourceBase = '';
let importController: AbortController | undefined;
/** Pack commune index (engine order) of each map feature, -1 for a feature the pack does not know. */
let featureCommunes: Int32Array = new Int32Array(0);
let activePackId = '';
/** The active pack's own commune geometry, when it brings one (exports draw what the map draws). */
let packLayer: TsGeoLayer | null = null;

/** A new DuckDB (the module is fetched and compiled the first time). */
const openDatabase = async (): Promise<WasmSql> => (await import('./wasm-sql')).openWasmSql();

/** The one DuckDB of the map (imports use their own), started once (again after a failed start). */
function mapDatabase(): Promise<WasmSql> {
  if (!database) {
    const starting = openDatabase();
    database = starting;
    starting.catch(() => {
      if (database === starting) database = undefined;
    });
  }
  return database;
}

function requireModel(): PackModel {
  if (!model) throw new Error("Aucun paquet de données n'est chargé.");
  return model;
}

/** Loads a pack's tables in the map's DuckDB, after any load still running (both use the same table names). */
function loadSqlPack(id: string): Promise<PackDb> {
  const loading = sqlLoads.catch(() => undefined).then(async () => {
    const { sql } = await mapDatabase();
    const tables = await sql.queryColumns('SELECT table_name FROM duckdb_tables() WHERE NOT temporary');
    for (const table of Array.from(tables.table_name, String)) await sql.run(`DROP TABLE IF EXISTS "${table}"`);
    return PackDb.load(sql, await packReader(id));
  });
  sqlLoads = loading;
  return loading;
}

/** The active pack's tables in DuckDB (loaded once per pack, after the first map; asked again after a failure). */
function requireSqlPack(): Promise<PackDb> {
  if (!sqlPack) {
    const id = activePackId;
    const loading = loadSqlPack(id);
    sqlPack = loading;
    loading.catch(() => {
      if (sqlPack === loading) sqlPack = undefined;
    });
  }
  return sqlPack;
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

/** The first built-in pack present in this build (its manifest is read again when it is opened). */
async function firstBuiltInPack(): Promise<string | null> {
  for (const id of BUILT_IN_PACK_IDS) {
    const found = await fetch(new URL(`packs/${id}/manifest.json`, resourceBase)).then((r) => r.ok, () => false);
    if (found) return id;
  }
  return null;
}

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

/** A pack read and its engine built, not yet the active one (attach() makes it so, all at once). */
interface ReadPack {
  id: string;
  read: ReadPackFile;
  manifest: PackManifest;
  model: PackModel;
  planning: PlanningSession | undefined;
  /** Its tables in DuckDB, when they had to be loaded (no usable snapshot). */
  sqlPack: Promise<PackDb> | undefined;
  timings: OpenTimings;
}

/**
 * Reads a pack: from its engine snapshot when it has a current one (no DuckDB, no Parquet: the first map
 * waits for nothing else), else from its tables with DuckDB. Either way the same model and inputs. Changes
 * nothing of the active pack (a pack that fails to open leaves the previous one in place).
 */
async function readPack(id: string): Promise<ReadPack> {
  let t = performance.now();
  const read = await packReader(id);
  const { manifest } = parsePackManifest(await read('manifest.json'));
  const snapshotFile = manifest.engineSnapshot?.file;
  let snapshot = snapshotFile ? await read(snapshotFile).then((bytes) => decodeEngineSnapshot(bytes, manifest), () => null) : null;
  const usedSnapshot = snapshot !== null;
  let sqlPack: Promise<PackDb> | undefined;
  let packReadMs = performance.now() - t;
  if (!snapshot) {
    sqlPack = loadSqlPack(id);
    const pack = await sqlPack;
    packReadMs = performance.now() - t;
    t = performance.now();
    snapshot = await readEngineSnapshot(pack);
  } else t = performance.now();
  const planning = snapshot.engine ? new PlanningSession(snapshot.engine) : undefined;
  // The baseline, computed now: at start-up the page is still downloading the geometry meanwhile.
  planning?.baseline();
  return { id, read, manifest, model: snapshot.model, planning, sqlPack, timings: { packReadMs, engineMs: performance.now() - t, snapshot: usedSnapshot } };
}

/**
 * Makes a read pack the active one, aligned on the map's features (the pack's own geometry when it has
 * one, else the application's): every piece of the active pack is replaced together.
 */
async function attach(pack: ReadPack): Promise<OpenedPack> {
  const geometryTable = pack.manifest.tables.geometrie;
  const geometry = geometryTable ? (await pack.read(geometryTable.file)).slice().buffer : null;
  // The worker keeps its own copy: the bytes sent to the page are transferred (emptied here).
  const layer = geometry ? decodeTsGeo(geometry.slice(0)) : null;
  const features = communeOfFeature(pack.model, layer?.codes ?? defaultFeatureCodes);
  const communes = communeAttributes(pack.model, features);
  activePackId = pack.id;
  manifest = pack.manifest;
  model = pack.model;
  planning = pack.planning;
  sqlPack = pack.sqlPack;
  packLayer = layer;
  featureCommunes = features;
  const transfers: ArrayBuffer[] = [communes.population.buffer as ArrayBuffer, communes.unknown.buffer as ArrayBuffer];
  if (geometry) transfers.push(geometry);
  return Comlink.transfer({ id: pack.id, manifest: pack.manifest, communes, geometry, timings: pack.timings }, transfers);
}

/** Pack switches run one after the other: two quick clicks never mix two packs. */
let switching: Promise<unknown> = Promise.resolve();
function oneAtATime<T>(task: () => Promise<T>): Promise<T> {
  const next = switching.catch(() => undefined).then(task);
  switching = next;
  return next;
}

const usePack = (id: string) => oneAtATime(async () => attach(await readPack(id)));

/**
 * The other pack of a pack comparison (issue 14 §3, « paquet A → paquet B »): its engine, read without
 * touching the active pack (from its snapshot; without one, its tables in a short-lived DuckDB of its
 * own, never the map's). One is kept, known by its manifest: comparing again with the same pack reads only
 * its manifest, and a pack re-imported under the same name (by the desktop app's import process, which
 * this worker does not see) is read again.
 */
let comparedPack: { id: string; fingerprint: string; loading: Promise<{ manifest: PackManifest; planning: PlanningSession | undefined }> } | undefined;
async function otherPack(id: string): Promise<{ manifest: PackManifest; planning: PlanningSession | undefined }> {
  if (id === activePackId && manifest) return { manifest, planning };
  const read = await packReader(id);
  const manifestBytes = await read('manifest.json');
  const fingerprint = new TextDecoder().decode(manifestBytes);
  if (comparedPack?.id !== id || comparedPack.fingerprint !== fingerprint) {
    const loading = (async () => {
      const { manifest: otherManifest } = parsePackManifest(manifestBytes);
      const snapshotFile = otherManifest.engineSnapshot?.file;
      let snapshot = snapshotFile ? await read(snapshotFile).then((bytes) => decodeEngineSnapshot(bytes, otherManifest), () => null) : null;
      if (!snapshot) {
        const scratch = await openDatabase();
        try {
          snapshot = await readEngineSnapshot(await PackDb.load(scratch.sql, read));
        } finally {
          await scratch.terminate();
        }
      }
      return { manifest: otherManifest, planning: snapshot.engine ? new PlanningSession(snapshot.engine) : undefined };
    })();
    comparedPack = { id, fingerprint, loading };
    loading.catch(() => {
      if (comparedPack?.loading === loading) comparedPack = undefined;
    });
  }
  return comparedPack!.loading;
}

/** The active pack as it is now, kept by a request whose awaits may see another pack opened. */
interface PackInUse {
  id: string;
  manifest: PackManifest | undefined;
  planning: PlanningSession | undefined;
}
const packInUse = (): PackInUse => ({ id: activePackId, manifest, planning });

/** Pack A (`otherId`) against pack B (the active pack when the request came), both baselines, on a grid (PackComparisonTable). */
async function comparePacks(grid: string, otherId: string, departement: string | null, packB: PackInUse = packInUse()): Promise<PackComparisonTable | null> {
  const { planning: after, manifest: afterManifest, id: afterId } = packB;
  if (!after || !afterManifest) return null;
  const other = await otherPack(otherId);
  if (!other.planning) throw new Error(`Le paquet « ${other.manifest.label} » n’a pas de données de besoin et d’offre : choisissez un paquet importé avec la DAMIR et le RPPS.`);
  const side = (id: string, m: PackManifest) => ({ id, label: m.label, sources: packSources(m) });
  return packComparisonTable(other.planning.baseline(), after.baseline(), grid, { before: side(otherId, other.manifest), after: side(afterId, afterManifest) }, departement);
}

/** The built-in pack being read at start-up (open() begins it before the page has the geometry). */
let opening: Promise<ReadPack> | undefined;

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

const api = {
  /**
   * Opens the first built-in pack (engine ready) while the page is still loading its geometry. `baseUrl`
   * is the folder of index.html (resources are beside it).
   */
  async open(baseUrl: string): Promise<void> {
    resourceBase = baseUrl;
    opening ??= (async () => {
      const first = await firstBuiltInPack();
      if (!first) throw new Error('Aucun paquet de données intégré dans cette version : relancez « npm run build ».');
      return readPack(first);
    })();
    await opening;
  },
  /** Start-up: the built-in pack (read by open(), or now) aligned on the geometry's features `codes`. */
  async start(baseUrl: string, codes: string[]) {
    defaultFeatureCodes = codes;
    await api.open(baseUrl);
    return oneAtATime(async () => attach(await opening!));
  },
  /**
   * Starts DuckDB and loads the active pack's tables in the background (the page calls it once the first
   * map is drawn), so that the territory detail answers at once later.
   */
  async warmUp(): Promise<void> {
    await requireSqlPack();
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
    if (comparedPack?.id === id) comparedPack = undefined;
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
      else if (kind === 'pathologies' || kind === 'projections') request[kind] = source;
      else if (kind === 'grille-perso') request.customGrid = { source, name: customGridName(file.name) };
    }
    const [{ buildPack }, { ImportCancelled, ImportError }] = await Promise.all([import('../import/pack-builder'), import('../import/source-reader')]);
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
      // A pack updated under the same name is read again when next compared.
      if (comparedPack?.id === target.id) comparedPack = undefined;
      return { ok: true, packId: target.id, reports: built.reports, warnings: built.manifest.warnings };
    } catch (error) {
      if (error instanceof ImportCancelled) return { ok: false, cancelled: true, message: error.message };
      if (error instanceof ImportError) return { ok: false, message: error.message };
      return { ok: false, message: `Import impossible : ${(error as Error).message}` };
    } finally {
      importController = undefined;
      await scratch.terminate();
    }
  },
  cancelImport() {
    importController?.abort();
  },
  /** Custom grids of the active pack, for the grid selector. */
  customGrids() {
    return requireModel()
      .grids.filter((g) => g.id.startsWith(CUSTOM_GRID_PREFIX))
      .map((g) => ({ id: g.id, label: g.label }));
  },
  gridCells(grid: string) {
    const cells = gridCells(requireModel(), grid, featureCommunes);
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
  /** APL of a specialty per map feature (NaN where the pack has no such commune). */
  accessibility(specialty: Specialty, scenario: unknown | null = null): Float64Array | null {
    if (!planning) return null;
    const byCommune = planning.accessibility(specialty, scenario);
    const values = Float64Array.from(featureCommunes, (c) => (c < 0 ? Number.NaN : byCommune[c]));
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
  pathways(grid: string, scenario: unknown | null, programme: unknown | null, departement: string | null) {
    if (!planning) return null;
    const evaluation = scenario === null ? planning.baseline() : planning.evaluate(scenario).evaluation;
    return pathwayReport(planning.data.inputs, evaluation, grid, programme === null ? DEFAULT_PROGRAMME : parseProgramme(programme), { departement, strata: false });
  },
  /** Pack A (`otherPack`) → the active pack B on a grid: the comparison table of the two baselines, joined by territory code. */
  packComparison(grid: string, otherPack: string, departement: string | null) {
    return comparePacks(grid, otherPack, departement);
  },
  /** The map of a pack comparison: the active pack's figures, pack A's on the same territories (NaN where A lacks one), their FTE difference. */
  async packIndicators(grid: string, otherId: string, withReference = false): Promise<IndicatorsResult | null> {
    const session = planning;
    if (!session) return null;
    const startedAt = performance.now();
    const other = await otherPack(otherId);
    if (!other.planning) throw new Error(`Le paquet « ${other.manifest.label} » n’a pas de données de besoin et d’offre : choisissez un paquet importé avec la DAMIR et le RPPS.`);
    if (!other.planning.data.inputs.grids.some((g) => g.id === grid)) throw new Error(`Le paquet « ${other.manifest.label} » n’a pas le maillage « ${grid} » : choisissez un maillage que les deux paquets ont.`);
    const shown = session.figures(session.baseline(), grid);
    const base = alignFigures(other.planning.figures(other.planning.baseline(), grid), other.planning.territoryCodes(grid), session.territoryCodes(grid));
    const deltaGapFte = shown.gapFte.map((g, k) => g - base.gapFte[k]);
    // As in the table (packComparisonTable): a territory with inhabitants in one pack only is not compared (« sans valeur »).
    const ofA = other.planning.baseline().territories.get(grid)!.population;
    const populationA = new Map(other.planning.territoryCodes(grid).map((code, t) => [code, ofA[t]]));
    const populationB = session.baseline().territories.get(grid)!.population;
    session.territoryCodes(grid).forEach((code, t) => {
      if ((populationA.get(code) ?? 0) > 0 !== populationB[t] > 0) deltaGapFte.fill(Number.NaN, t * SPECIALTY_COUNT, (t + 1) * SPECIALTY_COUNT);
    });
    const productivity = session.productivityOf(session.baseline(), null);
    const result: IndicatorsResult = { problems: [], warnings: [], shown, reference: withReference ? base : null, deltaGapFte, computeMs: performance.now() - startedAt, productivity };
    const buffers = [shown.need.buffer, shown.capacity.buffer, shown.gapFte.buffer, deltaGapFte.buffer] as ArrayBuffer[];
    if (result.reference) buffers.push(...([base.need.buffer, base.capacity.buffer, base.gapFte.buffer] as ArrayBuffer[]));
    return Comlink.transfer(result, buffers);
  },
  /** APL of each territory of a grid (population-weighted mean of its communes' APL), by territory code, for the alert thresholds. */
  territoryApl(grid: string, specialty: Specialty, scenario: unknown | null = null): Record<string, number> | null {
    if (!planning) return null;
    const found = planning.data.inputs.grids.find((g) => g.id === grid);
    if (!found) throw new Error(`Maillage inconnu : ${grid}.`);
    const evaluation = scenario === null ? planning.baseline() : planning.evaluate(scenario).evaluation;
    const mean = territoryMeanApl(planning.aplOf(evaluation, specialty), evaluation.communes.population, found);
    return Object.fromEntries(found.codes.map((code, t) => [code, mean[t]]));
  },
  /** A file of the current view (table, GeoJSON, report), built with the CLI's exporters. */
  async exportFile(format: ExportFormat, request: ExportRequest): Promise<Uint8Array> {
    // The pack as it is now: another pack opened during the awaits below does not mix in.
    const inUse = packInUse(), ownLayer = packLayer;
    const { planning: session, manifest: packManifest, id: packId } = inUse;
    if (!session || !packManifest) throw new Error('le paquet actif n’a pas de données de besoin et d’offre.');
    // Only the formats that draw need the commune polygons.
    const needsGeometry = format === 'geojson' || format === 'html';
    if (needsGeometry && !ownLayer) defaultLayer ??= decodeTsGeo((await fetchBytes(new URL('geo/communes.tsgeo', resourceBase))).slice().buffer);
    const stored = (await storedPacks()).find((p) => p.id === packId);
    const layer = ownLayer ?? defaultLayer ?? null;
    const { buildExport } = await import('./exports');
    // A pack comparison (« paquet A → paquet B »): the table of the two packs' baselines replaces the scenario comparison.
    const packTable = request.comparePack ? await comparePacks(request.grid, request.comparePack, request.departement, inUse) : null;
    const bytes = await buildExport(session, packManifest, layer, format, { ...request, packDate: stored?.importedAt ?? null }, packTable);
    return Comlink.transfer(bytes, [bytes.buffer as ArrayBuffer]);
  },
  async territoryDetail(grid: string, code: string) {
    return (await requireSqlPack()).territoryDetail(grid, code);
  },
  async territoryPopulation(grid: GridId, code: string) {
    return (await requireSqlPack()).territoryPopulation(grid, code);
  },
  /** The « laisser-faire » scenario of the active pack (DuckDB only when the pack has INSEE projections). */
  async laisserFaire(options: HorizonOptions) {
    const session = planning, packManifest = manifest, packId = activePackId;
    if (!session || !packManifest) throw new Error('Le paquet actif n’a pas de données de besoin et d’offre : impossible de construire un laisser-faire.');
    const input = await horizonInput(packManifest, session.data.inputs, requireSqlPack);
    // The projections were read from the active pack's tables: another pack opened meanwhile would mix in.
    if (planning !== session || activePackId !== packId) {
      throw new Error(`Le paquet actif a changé pendant la construction du laisser-faire de « ${packManifest.label} » : ouvrez le paquet voulu et construisez de nouveau le laisser-faire.`);
    }
    return laisserFaireScenario(input, options);
  },
} satisfies DbWorkerApi;

export type { DbWorkerApi };

Comlink.expose(api);
