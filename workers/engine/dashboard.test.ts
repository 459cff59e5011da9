// The diagnostic and difference tables: hand-checkable figures on the small world and the fixture
// pack, and the same numbers as the `diagnose` CLI on the demo pack.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatPlainNumber } from '../../common/csv';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { openPackFolder } from '../../electron/cli/files';
import { runCli } from '../../electron/cli/run';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { loadEngineInputs, type LoadedEngineData } from '../db/engine-inputs';
import { comparisonTable, dashboardTable, keptTerritories } from './dashboard';
import { populationInDeficit, thresholdCrossings } from './difference';
import { SPECIALTIES, SPECIALTY_COUNT } from './domain';
import { PlanningEngine } from './engine';
import { smallWorld } from './fixtures';
import { communeScores } from './scores';

async function load(folder: string): Promise<LoadedEngineData> {
  const db = await openNodeDatabase();
  try {
    return await loadEngineInputs(await openPackFolder(db, folder));
  } finally {
    await db.close();
  }
}

const scoreDataOf = (data: LoadedEngineData) => ({ scores: communeScores({ ...data.scoreInputs, speedKmh: 60, detourFactor: 1.3 }).scores, inputs: data.scoreInputs });

describe('tableau de diagnostic (petit monde)', () => {
  const engine = new PlanningEngine(smallWorld());
  const base = engine.baseline(engine.resolve({ parameters: {} }));

  it('donne une ligne par territoire, les neuf spécialités et un total', () => {
    const table = dashboardTable(base, 'BV2022', null);
    expect(table.rows.map((r) => [r.code, r.label, r.communes])).toEqual([
      ['55001', 'BV A', 2],
      ['55004', 'BV D', 2],
    ]);
    expect(table.specialties).toEqual([...SPECIALTIES]);
    expect(table.rows[0].specialties).toHaveLength(SPECIALTY_COUNT);
    expect(table.rows[0].msp).toBeNaN();
    expect(table.total).toMatchObject({ territory: -1, code: '', label: 'Total', communes: 4, population: 1600 + 800 });
  });

  it('calcule actes à couvrir, ETP manquants et taux à partir de l’écart', () => {
    const table = dashboardTable(base, 'DEP', null);
    const meuseMg = table.rows[0].specialties[0];
    // Need of MG in the Meuse: 3 communes × 100 inhabitants × Σ (b + 1)/100 = 3 × 36 = 108 acts.
    expect(meuseMg.need).toBeCloseTo(108, 9);
    expect(meuseMg.capacity).toBeCloseTo(3 * 5400, 6);
    expect(meuseMg.gapActs).toBeCloseTo(3 * 5400 - 108, 6);
    expect(meuseMg.actsToCover).toBe(0);
    expect(meuseMg.fteNeeded).toBe(0);
    expect(meuseMg.deficitRate).toBe(0);
    const moselleMg = table.rows[1].specialties[0];
    expect(moselleMg.capacity).toBe(0);
    expect(moselleMg.actsToCover).toBeCloseTo(moselleMg.need, 9);
    expect(moselleMg.fteNeeded).toBeCloseTo(moselleMg.need / 5400, 9);
    expect(moselleMg.coverage).toBe(0);
    expect(moselleMg.deficitRate).toBe(1);
    // A specialty without need: rates are NaN (no value), not 0.
    const empty = dashboardTable(base, 'COM', null).rows.find((r) => r.code === '55003')!.specialties[0];
    expect(empty).toMatchObject({ need: 0, actsToCover: 0, fteNeeded: 0 });
    expect(empty.coverage).toBeNaN();
    expect(empty.deficitRate).toBeNaN();
  });

  it('additionne les déficits des territoires dans le total et recalcule les taux depuis les sommes', () => {
    const table = dashboardTable(base, 'DEP', null);
    for (let s = 0; s < SPECIALTY_COUNT; s++) {
      const rows = table.rows.map((r) => r.specialties[s]);
      const total = table.total.specialties[s];
      const need = rows.reduce((a, r) => a + r.need, 0);
      const capacity = rows.reduce((a, r) => a + r.capacity, 0);
      expect(total.need).toBeCloseTo(need, 9);
      expect(total.gapActs).toBeCloseTo(capacity - need, 9);
      expect(total.coverage).toBeCloseTo(capacity / need, 12);
      expect(total.actsToCover).toBeCloseTo(rows.reduce((a, r) => a + r.actsToCover, 0), 9);
      expect(total.fteNeeded).toBeCloseTo(rows.reduce((a, r) => a + r.fteNeeded, 0), 9);
      expect(total.deficitRate).toBeCloseTo(total.actsToCover / need, 12);
    }
    // MG: a surplus in the Meuse does not cover the Moselle's deficit.
    expect(table.total.specialties[0].actsToCover).toBeGreaterThan(Math.max(0, -table.total.specialties[0].gapActs));
  });

  it('garde les territoires qui touchent un département', () => {
    const evaluation = base;
    const grid = evaluation.territories.get('BV2022')!.grid;
    expect(keptTerritories(evaluation, grid, { departement: '57' })).toEqual([]);
    expect(keptTerritories(evaluation, grid, { departement: '55' })).toEqual([0, 1]);
    const custom = dashboardTable(evaluation, 'COM', null, { departement: 'X', communeDepartement: (c) => (c === 4 ? 'X' : 'Y') });
    expect(custom.rows.map((r) => r.code)).toEqual(['57001']);
    expect(custom.total.population).toBe(custom.rows[0].population);
    expect(dashboardTable(evaluation, 'DEP', null, { departement: '57' })).toMatchObject({ departement: '57', departementLabel: 'Moselle' });
  });
});

describe('tableaux sur le paquet de test', () => {
  let data: LoadedEngineData;
  beforeAll(async () => {
    data = await load(writeHealthPack());
  });

  it('reprend les chiffres de la Meuse vérifiables à la main et les scores', () => {
    const engine = new PlanningEngine(data.inputs, data.derivedProductivity);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const table = dashboardTable(base, 'DEP', scoreDataOf(data));
    const meuse = table.rows.find((r) => r.code === '55')!;
    expect(meuse).toMatchObject({ label: 'Meuse', population: 36600, communes: 4, msp: 1, cds: 0 });
    expect(meuse.specialties[0]).toMatchObject({ need: 146400, capacity: 48600, gapActs: -97800, actsToCover: 97800 });
    expect(meuse.specialties[0].gapFte).toBeCloseTo(-97800 / 5400, 12);
    expect(meuse.specialties[0].fteNeeded).toBeCloseTo(97800 / 5400, 12);
    expect(meuse.specialties[0].deficitRate).toBeCloseTo(97800 / 146400, 12);
    // All communes kept: the total's 75+ share is the national one.
    expect(table.total.scorePa).toBeCloseTo(1, 12);
    expect(table.total.msp).toBe(1);
    const weighted = table.rows.reduce((a, r) => a + r.scorePa * r.population, 0) / table.total.population;
    expect(table.total.scorePa).toBeCloseTo(weighted, 12);
  });

  it('compare la référence et un scénario : variations, population en déficit, seuils d’APL', () => {
    const engine = new PlanningEngine(data.inputs, data.derivedProductivity);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const same = comparisonTable(base, base, 'DEP');
    expect(same.rows.every((r) => r.specialties.every((x) => x.deltaGapFte === 0 && x.deltaGapActs === 0))).toBe(true);
    expect(same.kpis.apl).toBeNull();

    const scenario = engine.evaluate({ parameters: {}, levers: [{ kind: 'install', commune: '55502', specialty: 'MG', fte: 2 }] });
    const apl = { before: engine.accessibility(base, 'MG'), after: engine.accessibility(scenario, 'MG') };
    const table = comparisonTable(base, scenario, 'DEP', {}, apl);
    const meuse = table.rows.find((r) => r.code === '55')!;
    expect(meuse.specialties[0].deltaGapFte).toBeCloseTo(2, 12);
    expect(meuse.specialties[0].gapFteAfter - meuse.specialties[0].gapFteBefore).toBeCloseTo(2, 12);
    expect(meuse.specialties[0].fteNeededAfter).toBeCloseTo(meuse.specialties[0].fteNeededBefore - 2, 12);
    expect(table.kpis.deltaGapFte[0]).toBeCloseTo(2, 12);
    expect(table.kpis.deltaGapFte.slice(1).every((d) => d === 0)).toBe(true);
    expect(table.kpis.populationInDeficitBefore).toEqual(Array.from(populationInDeficit(base)));
    expect(table.kpis.populationInDeficitAfter).toEqual(Array.from(populationInDeficit(scenario)));
    expect(table.kpis.apl!.communesCrossing).toBe(thresholdCrossings(apl.before, apl.after).length);
    expect(table.kpis.apl!.transitions.reduce((a, t) => a + t.communes, 0)).toBe(table.kpis.apl!.communesCrossing);
    // Restricted to the Meuse: the Moselle's communes leave the population KPIs.
    const meuseOnly = comparisonTable(base, scenario, 'DEP', { departement: '55' }, apl);
    expect(meuseOnly.rows.map((r) => r.code)).toEqual(['55']);
    expect(meuseOnly.kpis.communesInScope).toBe(4);
    expect(meuseOnly.kpis.populationInDeficitBefore[0]).toBeLessThan(table.kpis.populationInDeficitBefore[0] + 1e-9);
    // The results are plain data: they survive a structured clone (comlink) unchanged.
    expect(structuredClone(meuseOnly)).toEqual(meuseOnly);
  });
});

const demoPack = resolve('resources/generated/packs/demo');

describe.runIf(existsSync(join(demoPack, 'manifest.json')))('paquet de démonstration : mêmes chiffres que diagnose', () => {
  let data: LoadedEngineData;
  let diagnose: Record<string, string>[];
  beforeAll(async () => {
    data = await load(demoPack);
    const out = join(mkdtempSync(join(tmpdir(), 'ts-dashboard-')), 'bv.csv');
    const result = await runCli(['diagnose', '--grid', 'BV2022', '--out', out], { stdout: { write: () => true }, stderr: { write: () => true } });
    expect(result).toBe(0);
    diagnose = parse(readFileSync(out, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];
  }, 60_000);

  it('chaque territoire × spécialité du tableau vaut la ligne de diagnose (BV2022)', () => {
    const engine = new PlanningEngine(data.inputs, data.derivedProductivity, data.timePairs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const started = performance.now();
    const table = dashboardTable(base, 'BV2022', scoreDataOf(data));
    const elapsed = performance.now() - started;
    expect(table.rows.length * SPECIALTY_COUNT).toBe(diagnose.length);
    const ours = table.rows.flatMap((row) =>
      SPECIALTIES.map((specialty, s) => {
        const x = row.specialties[s];
        return {
          grille: 'BV2022',
          code: row.code,
          libelle: row.label,
          specialite: specialty,
          population: formatPlainNumber(row.population, 0),
          besoin_actes: formatPlainNumber(x.need, 1),
          capacite_actes: formatPlainNumber(x.capacity, 1),
          ecart_actes: formatPlainNumber(x.gapActs, 1),
          ecart_etp: formatPlainNumber(x.gapFte, 2),
          taux_couverture: formatPlainNumber(x.coverage, 4),
        };
      }),
    );
    expect(ours).toEqual(diagnose);
    expect(elapsed).toBeLessThan(5000);
  });

  it('le filtre Meuse garde les bassins de vie qui ont une commune dans la Meuse', () => {
    const engine = new PlanningEngine(data.inputs, data.derivedProductivity, data.timePairs);
    const base = engine.baseline(engine.resolve({ parameters: {} }));
    const table = dashboardTable(base, 'BV2022', scoreDataOf(data), { departement: '55' });
    const bv = base.territories.get('BV2022')!.grid;
    const dep = base.territories.get('DEP')!.grid;
    const touching = new Set<number>();
    bv.cellOfCommune.forEach((cell, c) => {
      if (cell >= 0 && dep.codes[dep.cellOfCommune[c]] === '55') touching.add(cell);
    });
    expect(table.rows.map((r) => r.territory)).toEqual([...touching].sort((a, b) => a - b));
    expect(table.rows.some((r) => r.code === '55545' && r.label === 'Verdun')).toBe(true);
    expect(table.departementLabel).toBe('Meuse');
    // The kept BV hold every Meuse commune and more.
    expect(table.total.population).toBeGreaterThan(180290);
  });
});
