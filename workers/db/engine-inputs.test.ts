// Loading a pack into engine inputs (native DuckDB and duckdb-wasm give the same inputs), the
// example scenarios of scenarios/, and the territorial scores.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { openPackFolder } from '../../electron/cli/files';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { BAND_COUNT, SPECIALTY_COUNT } from '../engine/domain';
import { PlanningEngine } from '../engine/engine';
import { readScenarioText } from '../engine/scenario';
import { communeScores, territoryScores } from '../engine/scores';
import { loadEngineInputs } from './engine-inputs';
import { PackDb } from './pack-db';

const packFolder = writeHealthPack();

async function loadWith(runtime: 'node' | 'wasm') {
  const db = runtime === 'node' ? await openNodeDatabase() : await openWasmDatabase();
  const pack =
    runtime === 'node'
      ? await openPackFolder(db, packFolder)
      : await PackDb.load(db, async (name) => new Uint8Array(readFileSync(join(packFolder, name))));
  return loadEngineInputs(pack);
}

describe('entrées du moteur depuis un paquet', () => {
  it('donnent les mêmes tableaux avec DuckDB natif et duckdb-wasm', async () => {
    const [native, wasm] = await Promise.all([loadWith('node'), loadWith('wasm')]);
    expect(wasm.inputs.communes).toEqual(native.inputs.communes);
    expect(Array.from(wasm.inputs.population)).toEqual(Array.from(native.inputs.population));
    expect(Array.from(wasm.inputs.rates)).toEqual(Array.from(native.inputs.rates));
    expect(wasm.inputs.supplySites).toEqual(native.inputs.supplySites);
    expect(wasm.inputs.grids).toEqual(native.inputs.grids);
    expect(wasm.scoreInputs).toEqual(native.scoreInputs);
  });

  it('regroupe les tranches quinquennales en tranches Open DAMIR', async () => {
    const { inputs, scoreInputs } = await loadWith('node');
    const verdun = inputs.communes.indexOf('55545');
    // 0–19: four 5-year bands of 800; 20–29: two; 80+: four (80, 85, 90, 95).
    expect(Array.from(inputs.population.subarray(verdun * BAND_COUNT, (verdun + 1) * BAND_COUNT))).toEqual([3200, 1600, 1600, 1600, 1600, 1600, 1600, 3200]);
    expect(scoreInputs.population75[verdun]).toBe(5 * 800);
    // AAV2020 000 is not a territory: its communes belong to none.
    const aav = inputs.grids.find((g) => g.id === 'AAV2020')!;
    expect(aav.codes).not.toContain('000');
    expect(aav.cellOfCommune[inputs.communes.indexOf('55502')]).toBe(-1);
  });

  it('calcule les scores : personnes âgées, ALD, urgence (proxy) et MSP', async () => {
    const { inputs, scoreInputs } = await loadWith('node');
    const { scores, sources } = communeScores({ ...scoreInputs, speedKmh: 60, detourFactor: 1.3 });
    const index = (code: string) => inputs.communes.indexOf(code);
    // Every commune has the same age structure: score_pa = 1.
    for (const value of scores.scorePa) expect(value).toBeCloseTo(1);
    // ALD: Verdun's BV 22 % vs the population-weighted mean of 22 % (16 000 inh.) and 18 % (120 000 inh.).
    const national = (22 * 16000 + 18 * 120000) / 136000;
    expect(scores.scoreAld[index('55545')]).toBeCloseTo(22 / national);
    expect(Number.isNaN(scores.scoreAld[index('55502')])).toBe(true);
    // No emergency flag in the pack: nearest hospital, labelled as a proxy.
    expect(scores.scoreUrgence[index('55545')]).toBe(0);
    expect(scores.scoreUrgence[index('55502')]).toBeGreaterThan(40);
    expect(sources.scoreUrgence).toContain('proxy');
    const dep = territoryScores(inputs.grids.find((g) => g.id === 'DEP')!, { ...scoreInputs, speedKmh: 60, detourFactor: 1.3 }, scores);
    expect(Array.from(dep.msp)).toEqual([1, 0]);
  });
});

describe('scénarios d’exemple (scenarios/)', () => {
  const folder = resolve('scenarios');
  const files = readdirSync(folder).filter((f) => f.endsWith('.tsante.json'));

  it('sont cinq : dépistage de la rétinopathie en Meuse, MSP à Stenay, ophtalmologue à Étain, téléconsultation en Meuse, psychiatres de Nancy', () => {
    expect(files.sort()).toEqual([
      'depistage-retinopathie-meuse.tsante.json',
      'msp-stenay.tsante.json',
      'ophtalmologue-etain.tsante.json',
      'teleconsultation-psychiatres-nancy-nord-meuse.tsante.json',
      'teleconsultation-psychiatrie-meuse.tsante.json',
    ]);
  });

  // The examples are written for the demo pack (all of France: Nancy serves the Meuse), built by
  // `npm run prepare-resources` before the tests.
  const demo = resolve('resources/generated/packs/demo');
  const demoInputs = (() => {
    let loading: ReturnType<typeof loadEngineInputs> | null = null;
    return () =>
      (loading ??= (async () => {
        const db = await openNodeDatabase();
        try {
          return await loadEngineInputs(await openPackFolder(db, demo));
        } finally {
          await db.close();
        }
      })());
  })();
  for (const file of files) {
    it.runIf(existsSync(join(demo, 'manifest.json')))(`${file} se lit sans avertissement, cite ses sources et change le résultat du paquet de démonstration`, async () => {
      const { scenario, warnings } = readScenarioText(readFileSync(join(folder, file), 'utf8'));
      expect(warnings).toEqual([]);
      for (const lever of scenario.levers) expect(lever.source).toBeTruthy();
      const { inputs, derivedProductivity } = await demoInputs();
      const engine = new PlanningEngine(inputs, derivedProductivity);
      const base = engine.baseline(engine.resolve(scenario));
      const after = engine.evaluate(scenario);
      const changed = after.communes.need.some((v, i) => v !== base.communes.need[i]) || after.communes.capacity.some((v, i) => v !== base.communes.capacity[i]);
      expect(changed).toBe(true);
      expect(after.communes.need.length).toBe(inputs.communes.length * SPECIALTY_COUNT);
    }, 60_000);
  }
});
