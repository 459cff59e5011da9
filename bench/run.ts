// `npm run bench`: one JSON object per line, {"name", "value", "unit"} plus "reference" and "ratio"
// when a figure is compared with another measured in the same run. Never pass/fail.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { damirMonthLines, writeGzipLines } from '../tests/fixtures/damir-files';
import { openNodeDatabase } from '../electron/cli/duckdb-node';
import { openPackFolder } from '../electron/cli/files';
import { loadEngineInputs } from '../workers/db/engine-inputs';
import { decodeEngineSnapshot, encodeEngineSnapshot, readEngineSnapshot } from '../workers/db/engine-snapshot';
import { PlanningEngine } from '../workers/engine/engine';
import { laisserFaireScenario } from '../workers/engine/horizon';
import { horizonInput } from '../workers/db/horizon-inputs';
import { browserBenchmarks } from './browser';
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
  const folder = await writeFrancePack();
  const db = await openNodeDatabase({ threads: 1 });
  const pack = await openPackFolder(db, folder);
  const data = await loadEngineInputs(pack);
  // Opening a pack: its engine inputs read with SQL from the loaded tables (native DuckDB, 1 thread), or
  // decoded from the pack's engine snapshot (what the app does at start-up).
  const sqlRead = await median(3, () => readEngineSnapshot(pack));
  const snapshotBytes = encodeEngineSnapshot(await readEngineSnapshot(pack), pack.manifest);
  const snapshotRead = await median(5, () => decodeEngineSnapshot(snapshotBytes, pack.manifest));
  emit({ name: 'engine.inputs_sql_native_1_thread', value: round(sqlRead), unit: 'ms' });
  emit({ name: 'engine.inputs_from_snapshot', value: round(snapshotRead), unit: 'ms', reference: 'engine.inputs_sql_native_1_thread', ratio: round(snapshotRead / sqlRead) });
  emit({ name: 'engine.snapshot_size', value: round(snapshotBytes.length / 1e6, 2), unit: 'MB' });
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

  // A laisser-faire horizon: a lever per département (population) and per département × specialty
  // (departures), about a thousand, over every commune; re-evaluated at each edit of the scenario.
  const horizon = laisserFaireScenario(await horizonInput(pack.manifest, data.inputs, async () => pack), { horizon: 2030 });
  const laisserFaire = await median(5, () => engine.evaluate(horizon));
  emit({ name: 'engine.laisser_faire_2030', value: round(laisserFaire), unit: 'ms', reference: 'engine.full_recompute_all_grids', ratio: round(laisserFaire / full) });
  emit({ name: 'engine.laisser_faire_2030_levers', value: horizon.levers.length, unit: 'levers' });

  const base = engine.baseline(engine.resolve(scenario));
  const start = performance.now();
  engine.accessibility(base, 'MG');
  emit({ name: 'engine.apl_mg_20min_with_network', value: round(performance.now() - start), unit: 'ms' });
  const apl = await median(5, () => engine.accessibility(base, 'MG'));
  emit({ name: 'engine.apl_mg_20min_cached_network', value: round(apl), unit: 'ms' });
  await db.close();
}

/**
 * Import of one generated Open DAMIR month (real layout, gzip), each run in its own process (its peak
 * memory is its own): native DuckDB alone reading the file with the import's filters and grouping (the
 * reference, 1 thread and all cores), the import's aggregation on native DuckDB and duckdb-wasm, and
 * the whole import three ways: the CLI, the desktop app's import process, the browser's (wasm).
 */
async function importBenchmarks(): Promise<void> {
  const rows = Number(process.env.BENCH_DAMIR_ROWS ?? 5_000_000);
  const file = join(tmpdir(), `territoire-sante-bench-A202402-${rows}.csv.gz`);
  if (!existsSync(file)) await writeGzipLines(file, damirMonthLines(2024, 1, rows, 42));
  emit({ name: 'import.damir.file', value: Math.round(statSync(file).size / 1e6), unit: 'MB gzip' });
  const cores = availableParallelism();
  const run = (mode: string, threads: number) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'import-run.ts'), mode, String(threads), file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as {
      rows: number;
      ms: number;
      peakRssMb: number | null;
      entry?: string;
    };
  const reference1 = run('reference', 1);
  const referenceAll = run('reference', cores);
  const native1 = run('native', 1);
  const nativeAll = run('native', cores);
  const wasm = run('wasm', 1);
  const cli1 = run('cli', 1);
  // DuckDB's default (all cores), as the CLI and the desktop app run it.
  const cliAll = run('cli', 0);
  const utility = run('process', 0);
  const wasmPack = run('wasm-pack', 1);
  emit({ name: 'import.damir.lines', value: native1.rows, unit: 'lines' });

  const seconds = (r: { ms: number }) => round(r.ms / 1000, 2);
  const ref1 = 'import.damir.reference.native_1_thread';
  const refAll = `import.damir.reference.native_${cores}_threads`;
  emit({ name: ref1, value: seconds(reference1), unit: 's' });
  emit({ name: refAll, value: seconds(referenceAll), unit: 's' });
  const compared = (name: string, r: { ms: number }, reference: string, base: { ms: number }) => emit({ name, value: seconds(r), unit: 's', reference, ratio: round(r.ms / base.ms, 2) });
  compared('import.damir.cli_1_thread', cli1, ref1, reference1);
  compared(`import.damir.cli_${cores}_threads`, cliAll, refAll, referenceAll);
  compared(`import.damir.utility_process_${cores}_threads`, utility, refAll, referenceAll);
  // duckdb-wasm runs on one thread: compared with the native reference on one thread.
  compared('import.damir.wasm_whole_import', wasmPack, ref1, reference1);
  compared('import.damir.native_1_thread.aggregation', native1, ref1, reference1);
  compared('import.damir.wasm.aggregation', wasm, ref1, reference1);

  // The measurements of earlier runs, unchanged.
  const rate = (r: { ms: number }) => native1.rows / (r.ms / 1000);
  emit({ name: 'import.damir.native_1_thread.rows_per_s', value: Math.round(rate(native1)), unit: 'rows/s' });
  emit({ name: `import.damir.native_${cores}_threads.rows_per_s`, value: Math.round(rate(nativeAll)), unit: 'rows/s', reference: 'import.damir.native_1_thread.rows_per_s', ratio: round(rate(nativeAll) / rate(native1)) });
  emit({ name: 'import.damir.wasm.rows_per_s', value: Math.round(rate(wasm)), unit: 'rows/s', reference: 'import.damir.native_1_thread.rows_per_s', ratio: round(rate(wasm) / rate(native1)) });
  emit({ name: 'import.damir.wasm.time_vs_native_1_thread', value: round(wasm.ms / 1000), unit: 's', reference: 'import.damir.native_1_thread', ratio: round(wasm.ms / native1.ms) });
  emit({ name: `import.damir.cli_${cores}_threads.rows_per_s`, value: Math.round(rate(cliAll)), unit: 'rows/s' });

  const peaks: [string, { peakRssMb: number | null }][] = [
    ['reference.native_1_thread', reference1],
    [`reference.native_${cores}_threads`, referenceAll],
    ['native_1_thread', native1],
    [`native_${cores}_threads`, nativeAll],
    ['wasm', wasm],
    ['cli_1_thread', cli1],
    [`cli_${cores}_threads`, cliAll],
    [`utility_process_${cores}_threads`, utility],
    ['wasm_whole_import', wasmPack],
  ];
  for (const [name, r] of peaks) if (r.peakRssMb !== null) emit({ name: `import.damir.${name}.peak_rss`, value: Math.round(r.peakRssMb), unit: 'MB' });
}

/** Sizes of what ships: the renderer's JavaScript, the whole renderer folder, and app.asar. */
async function sizeBenchmarks(): Promise<void> {
  const renderer = join(import.meta.dirname, '..', 'out', 'renderer');
  if (!existsSync(renderer)) return;
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));
  const files = walk(renderer);
  const size = (list: string[]) => list.reduce((a, f) => a + statSync(f).size, 0);
  emit({ name: 'bundle.renderer_js', value: round(size(files.filter((f) => f.endsWith('.js'))) / 1e6, 2), unit: 'MB' });
  emit({ name: 'bundle.renderer_wasm', value: round(size(files.filter((f) => f.endsWith('.wasm'))) / 1e6, 2), unit: 'MB' });
  emit({ name: 'bundle.renderer_total', value: round(size(files) / 1e6, 2), unit: 'MB' });
  const { packageAsar } = await import('../build/package-asar.mjs');
  emit({ name: 'package.app_asar', value: round((await packageAsar()) / 1e6, 2), unit: 'MB' });
}

// BENCH_ONLY=browser,engine (any of sizes, browser, engine, import) runs only those parts.
const parts: Record<string, () => Promise<void>> = { sizes: sizeBenchmarks, browser: () => browserBenchmarks(emit), engine: engineBenchmarks, import: importBenchmarks };
const only = process.env.BENCH_ONLY?.split(',').map((p) => p.trim());
for (const [name, run] of Object.entries(parts)) if (!only || only.includes(name)) await run();
