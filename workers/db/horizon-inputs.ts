// What the « laisser-faire » builder (workers/engine/horizon.ts) needs from a pack: its départements
// (grid DEP) and the specialties present there, the year of its population, its population per
// département × 5-year band and its INSEE projections (table `projections_population`, when imported).
// The same SQL runs in the worker (duckdb-wasm) and in the CLI (@duckdb/node-api).
import type { PackManifest } from '../../common/pack';
import { SPECIALTIES, type Specialty } from '../engine/domain';
import type { HorizonDepartement, HorizonInput, ProjectionRow } from '../engine/horizon';
import type { EngineInputs } from '../engine/model';
import type { PackDb } from './pack-db';
import type { ColumnValues } from './sql-database';

/** Year of the demo pack's population: INSEE 2023 estimates (docs/demo-estimation.md §1). */
const DEMO_POPULATION_YEAR = 2023;

const rows = (columns: Record<string, ColumnValues>) => Array.from({ length: Object.values(columns)[0]?.length ?? 0 }, (_, i) => i);

/**
 * The year of the pack's population: the 4-digit year of its population source's vintage (« RP 2021 »
 * → 2021, workers/import/population.ts), the demo's estimate year, else null (the builder then assumes
 * 2021 and says so).
 */
export function populationYear(manifest: PackManifest): number | null {
  const vintage = manifest.sources.find((s) => s.kind === 'population')?.vintage ?? '';
  const year = /\b(19|20)\d\d\b/.exec(vintage)?.[0];
  if (year) return Number(year);
  return manifest.demo ? DEMO_POPULATION_YEAR : null;
}

/**
 * The départements of the engine's DEP grid that have inhabitants or doctors, with their label and the
 * specialties of the doctors installed there (a departures lever only where there are doctors).
 */
export function horizonDepartements(inputs: EngineInputs): HorizonDepartement[] {
  const grid = inputs.grids.find((g) => g.id === 'DEP');
  if (!grid) return [];
  const bands = inputs.population.length / Math.max(1, inputs.communes.length);
  const inhabited = new Uint8Array(grid.codes.length);
  for (let c = 0; c < inputs.communes.length; c++) {
    const cell = grid.cellOfCommune[c];
    if (cell < 0) continue;
    for (let b = 0; b < bands; b++) if (inputs.population[c * bands + b] > 0) inhabited[cell] = 1;
  }
  const present = grid.codes.map(() => new Set<Specialty>());
  const sites = inputs.supplySites;
  for (let i = 0; i < sites.doctors.length; i++) {
    const cell = grid.cellOfCommune[sites.commune[i]];
    if (cell >= 0 && sites.doctors[i] > 0) present[cell].add(SPECIALTIES[sites.specialty[i]]);
  }
  return grid.codes.flatMap((code, t) =>
    inhabited[t] || present[t].size > 0 ? [{ code, label: grid.labels[t], specialties: SPECIALTIES.filter((s) => present[t].has(s)) }] : [],
  );
}

/** The pack's population per département (appartenance.DEP) × 5-year band; empty without `population_age5`. */
export async function populationByDepartementAge5(pack: PackDb): Promise<{ dep: string; age5: number; population: number }[]> {
  if (!pack.hasTable('population_age5')) return [];
  const columns = await pack.db.queryColumns(
    `SELECT a.DEP AS dep, p.age5 AS age5, SUM(p.population) AS population
       FROM population_age5 p JOIN appartenance a USING (code_commune)
      WHERE a.DEP IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`,
  );
  return rows(columns).map((i) => ({ dep: String(columns.dep[i]), age5: Number(columns.age5[i]), population: Number(columns.population[i]) }));
}

/** The pack's INSEE projections (common/pack.ts `projections_population`); empty when not imported. */
export async function projectionRows(pack: PackDb): Promise<ProjectionRow[]> {
  if (!pack.hasTable('projections_population')) return [];
  const columns = await pack.db.queryColumns(
    'SELECT dep, age5, annee, SUM(population) AS population, scenario FROM projections_population WHERE population IS NOT NULL GROUP BY dep, age5, annee, scenario ORDER BY dep, age5, annee',
  );
  return rows(columns).map((i) => ({
    dep: String(columns.dep[i]),
    age5: Number(columns.age5[i]),
    annee: Number(columns.annee[i]),
    population: Number(columns.population[i]),
    scenario: columns.scenario[i] === null ? null : String(columns.scenario[i]),
  }));
}

/**
 * Everything the builder needs from a pack. DuckDB (`openPack`) is asked only when the pack has
 * projections: without them the builder uses national factors and the engine's inputs are enough.
 */
export async function horizonInput(manifest: PackManifest, inputs: EngineInputs, openPack: () => Promise<PackDb>): Promise<HorizonInput> {
  const input: HorizonInput = {
    departements: horizonDepartements(inputs),
    populationYear: populationYear(manifest),
    pack: { id: manifest.id, label: manifest.label },
  };
  if (!manifest.tables.projections_population) return input;
  const pack = await openPack();
  return { ...input, projections: await projectionRows(pack), populationAge5: await populationByDepartementAge5(pack) };
}
