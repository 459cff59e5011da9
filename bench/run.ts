// `npm run bench`: one JSON object per line, {"name", "value", "unit"} plus "reference" and "ratio"
// when a figure is compared with another measured in the same run. Never pass/fail.
import { performance } from 'node:perf_hooks';
import { openNodeDatabase } from '../electron/cli/duckdb-node';
import { openPackFolder } from '../electron/cli/files';
import { loadEngineInputs } from '../workers/db/engine-inputs';
import { PlanningEngine } from '../workers/engine/engine';
import { writeFrancePack } from './france-pack';

interface Figure {
  name: string;
  value: number;
  unit: string;
  reference?: string;
  ratio?: number;
}

const emit = (figure: Figure) => console.log(JSON.stringify(figure));
const round = (v: number, digits = 3) => Number(v.toFixed(digits));

/** Median wall time of `runs` calls after one warm-up. */
async function median(runs: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

const GRIDS_SQL = ['code_commune', 'EPCI', 'BV2022', 'ZE2020', 'AAV2020', 'DEP'];

async function engineBenchmarks(): Promise<void> {
  const folder = writeFrancePack();
  const db = await openNodeDatabase({ threads: 1 });
  const pack = await openPackFolder(db, folder);
  const data = await loadEngineInputs(pack);
  const engine = new PlanningEngine(data.inputs, data.derivedProductivity);
  const scenario = { parameters: {}, levers: [] };
  emit({ name: 'engine.communes', value: data.inputs.communes.length, unit: 'communes' });

  const full = await median(15, () => engine.evaluate(scenario, { incremental: false }));
  const lever = { parameters: {}, levers: [{ kind: 'install' as const, commune: '55502', specialty: 'MG' as const, fte: 1 }] };
  const incremental = await median(30, () => engine.evaluate(lever));

  // The same full recompute as SQL in DuckDB (1 thread): need, capacity, then every grid.
  await db.run(`CREATE OR REPLACE TABLE pop_band AS
    SELECT code_commune, CASE WHEN age5 < 20 THEN 0 WHEN age5 >= 80 THEN 80 ELSE (age5 // 10) * 10 END AS band, sum(population) AS pop
    FROM population_age5 GROUP BY ALL`);
  const sql = `WITH need AS (
      SELECT p.code_commune, r.specialite, sum(p.pop * r.taux) AS need FROM pop_band p JOIN taux_recours r ON r.tranche_age = p.band GROUP BY ALL),
    cap AS (
      SELECT code_commune, specialite, sum(medecins * CASE role WHEN 'seul' THEN 1 WHEN 'principal' THEN 0.8 ELSE 0.2 / nb_secondaires END) AS fte FROM sites GROUP BY ALL),
    com AS (
      SELECT n.code_commune, n.specialite, n.need, coalesce(c.fte, 0) * 5400 AS capacity FROM need n LEFT JOIN cap c USING (code_commune, specialite))
    ${GRIDS_SQL.map((g) => `SELECT '${g}' AS grille, a.${g} AS code, com.specialite, sum(need) AS need, sum(capacity) AS capacity FROM com JOIN appartenance a USING (code_commune) GROUP BY ALL`).join(' UNION ALL ')}`;
  const sqlMs = await median(5, () => db.queryColumns(sql));
  emit({ name: 'engine.full_recompute_all_grids', value: round(full), unit: 'ms' });
  emit({ name: 'engine.full_recompute_vs_sql', value: round(full), unit: 'ms', reference: 'duckdb_native_1_thread_sql', ratio: round(full / sqlMs) });
  emit({ name: 'sql.full_recompute_all_grids', value: round(sqlMs), unit: 'ms' });
  emit({ name: 'engine.single_lever_incremental', value: round(incremental), unit: 'ms', reference: 'engine.full_recompute_all_grids', ratio: round(incremental / full) });

  const base = engine.baseline(engine.resolve(scenario));
  const start = performance.now();
  engine.accessibility(base, 'MG');
  emit({ name: 'engine.apl_mg_20min_with_network', value: round(performance.now() - start), unit: 'ms' });
  const apl = await median(5, () => engine.accessibility(base, 'MG'));
  emit({ name: 'engine.apl_mg_20min_cached_network', value: round(apl), unit: 'ms' });
  await db.close();
}

await engineBenchmarks();
