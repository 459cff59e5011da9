// The DB worker's API as the page sees it (through comlink: every call returns a promise, typed arrays
// are transferred). The worker implements it (workers/db/duckdb.worker.ts: `satisfies DbWorkerApi`);
// the page, the tests and the benchmark type against this interface, never against the worker module,
// which pulls duckdb-wasm and Vite's `?url` imports. The shapes it names are defined beside the pure code
// that produces them (engine, grid cells, planning session, exports).
import type { HostPackStore, ImportOutcome } from './host-api';
import type { GridId, PackManifest, SourceKind } from './pack';
import type { CommuneAttributes, GridCells } from '../workers/db/grid-cells';
import type { TerritoryDetail } from '../workers/db/pack-db';
import type { IndicatorsResult } from '../workers/db/planning';
import type { PackComparisonTable } from '../workers/db/pack-comparison';
import type { ComparisonTable, DashboardTable } from '../workers/engine/dashboard';
import type { Specialty } from '../workers/engine/domain';
import type { Scores } from '../workers/engine/scores';
import type { PathwayReport } from '../workers/engine/pathway-report';
import type { HorizonOptions } from '../workers/engine/horizon';
import type { ScenarioDocument } from '../workers/engine/scenario';
import type { ExportFormat, ExportRequest } from '../workers/db/exports';
import type { ProgressEvent } from '../workers/import/source-reader';

/** How long each part of opening a pack took, in ms (the benchmark and the page's perf marks show them). */
export interface OpenTimings {
  /** Manifest and engine snapshot read (or, without a usable snapshot, DuckDB started and the tables loaded). */
  packReadMs: number;
  /** Engine built on the inputs, baseline computed (and, without a snapshot, the inputs read with SQL). */
  engineMs: number;
  /** Whether the pack's engine snapshot was used (false: read from the tables with DuckDB). */
  snapshot: boolean;
}

/** A pack opened for the map: its manifest, its communes aligned on the map's features, its own geometry. */
export interface OpenedPack {
  id: string;
  manifest: PackManifest;
  communes: CommuneAttributes;
  /** The pack's own commune geometry (TSGEO bytes), or null: the application's is drawn. */
  geometry: ArrayBuffer | null;
  timings: OpenTimings;
}

export interface PackSummary {
  id: string;
  label: string;
  builtIn: boolean;
  importedAt?: string;
  sources: string[];
}

export interface DbWorkerApi {
  /** Opens the first built-in pack (engine ready) while the page loads its geometry; `baseUrl`: the folder of index.html. */
  open(baseUrl: string): Promise<void>;
  /** Start-up: the built-in pack aligned on the geometry's features `codes`. */
  start(baseUrl: string, codes: string[]): Promise<OpenedPack>;
  /** Starts DuckDB and loads the active pack's tables (after the first map: territory detail, imports). */
  warmUp(): Promise<void>;
  usePack(id: string): Promise<OpenedPack>;
  listPacks(): Promise<PackSummary[]>;
  deletePack(id: string): Promise<void>;
  /** Desktop app: imported packs are listed, read and deleted through the host (a comlink proxy). */
  useHostPacks(store: HostPackStore): void;
  /** Builds a pack from files (on top of `baseId`) in a separate database, then stores it (all or nothing). */
  importFiles(files: { file: File; kind: SourceKind }[], target: { id: string; label: string; baseId: string }, onProgress: (event: ProgressEvent) => void): Promise<ImportOutcome>;
  cancelImport(): void;
  /** Custom grids of the active pack (`PERSO:<name>`), for the grid selector. */
  customGrids(): { id: string; label: string }[];
  /** The territories of a grid in the engine's order (the order of every figure `indicators` returns), and each map feature's territory. */
  gridCells(grid: string): GridCells;
  /**
   * Need, capacity and FTE gap of every territory of a grid, all specialties, for the baseline or a scenario
   * (plain JSON as edited in the page), with the difference to a reference (baseline when null). Null when
   * the active pack has no health data.
   */
  indicators(grid: string, scenario?: unknown | null, reference?: unknown | null, withReference?: boolean): IndicatorsResult | null;
  /** APL of a specialty per map feature (NaN where the pack has no such commune). */
  accessibility(specialty: Specialty, scenario?: unknown | null): Float64Array | null;
  /** Territory scores of a grid, territory order of `indicators` (null without health data). */
  territoryScores(grid: string): Scores | null;
  /** The planners' table (baseline or scenario), optionally for the territories touching a département. */
  dashboard(grid: string, scenario: unknown | null, departement: string | null): DashboardTable | null;
  /** Difference table and KPIs of a scenario against a reference (baseline when null). */
  comparison(grid: string, target: unknown, reference: unknown | null, departement: string | null, aplSpecialty: Specialty | null): ComparisonTable | null;
  /**
   * Need from care pathways (issue 14 §1) per territory of a grid, for the baseline or a scenario, with a care
   * programme (pathways.ts CareProgramme as JSON; the reference programme when null), optionally for the
   * territories touching a département. Null without health data or prevalence; throws (French) on an invalid programme.
   */
  pathways(grid: string, scenario: unknown | null, programme: unknown | null, departement: string | null): PathwayReport | null;
  /**
   * Follow-up over time (issue 14 §3): pack A (`otherPack`, any listed pack with health data) → the active
   * pack B, both baselines, on a grid both have; territories joined by code (workers/db/pack-comparison.ts).
   * Null when the active pack has no health data; throws in French when pack A has none or lacks the grid.
   */
  packComparison(grid: string, otherPack: string, departement: string | null): Promise<PackComparisonTable | null>;
  /** The map of a pack comparison, in the active pack's territory order (pack A's figures NaN where it lacks a territory). */
  packIndicators(grid: string, otherPack: string, withReference?: boolean): Promise<IndicatorsResult | null>;
  /** Mean APL of each territory of a grid (population-weighted over its communes), by code, for the alert thresholds. */
  territoryApl(grid: string, specialty: Specialty, scenario?: unknown | null): Record<string, number> | null;
  /** A file of the current view (table, GeoJSON, report), built with the CLI's exporters. */
  exportFile(format: ExportFormat, request: ExportRequest): Promise<Uint8Array>;
  territoryDetail(grid: string, code: string): Promise<TerritoryDetail>;
  territoryPopulation(grid: GridId, code: string): Promise<number>;
  /**
   * The « laisser-faire » scenario of the active pack at a horizon (workers/engine/horizon.ts): population
   * moved to the horizon (the pack's INSEE projections, else national factors) and doctors' departures net
   * of arrivals. Throws in French (ScenarioError's message) on options out of range or a pack without health data.
   */
  laisserFaire(options: HorizonOptions): Promise<ScenarioDocument>;
}
