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
import { straddlingWorld } from '../../tests/fixtures/straddling-world';
import { comparisonKpis, comparisonTable, comparisonTotal, dashboardTable, dashboardTotal, DEPARTEMENT_TOTAL_TERRITORY, keptTerritories, ROWS_TOTAL_LABEL, type DashboardRow, type SpecialtyFigures } from './dashboard';
import { thresholdCrossings } from './difference';
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
    expect(table.total).toMatchObject({ territory: -1, code: '', label: 'Total des lignes affichées', communes: 4, population: 1600 + 800 });
    // No département filter: no département total.
    expect(table.departementTotal).toBeNull();
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

describe('totaux de ce que montre l’écran : bassins à cheval sur la Meuse et la Moselle', () => {
  // tests/fixtures/straddling-world.ts: BV A = 55001 + 55002, BV D = 55003 + 55004 + 57001 (Moselle).
  const engine = new PlanningEngine(straddlingWorld());
  const base = engine.baseline(engine.resolve({ parameters: {} }));
  const MG = 0, OPH = 3;
  const figures = (need: number, capacity: number, productivity: number, actsToCover: number, fteNeeded: number): SpecialtyFigures => ({
    need,
    capacity,
    gapActs: capacity - need,
    gapFte: (capacity - need) / productivity,
    coverage: capacity / need,
    actsToCover,
    fteNeeded,
    deficitRate: actsToCover / need,
  });
  const close = (actual: SpecialtyFigures, expected: SpecialtyFigures) => {
    for (const key of Object.keys(expected) as (keyof SpecialtyFigures)[]) expect(actual[key], key).toBeCloseTo(expected[key], 9);
  };

  it('la ligne « Total des lignes affichées » additionne les bassins gardés, la ligne du département ses seules communes', () => {
    const table = dashboardTable(base, 'BV2022', null, { departement: '55' });
    expect(table.rows.map((r) => [r.code, r.population, r.communes])).toEqual([
      ['55001', 1600, 2],
      ['55004', 1700, 3],
    ]);
    // Total of the rows: both bassins, so the Moselle commune 57001 (900 inhabitants) is in it.
    expect(table.total).toMatchObject({ territory: -1, code: '', label: ROWS_TOTAL_LABEL, population: 3300, communes: 5 });
    close(table.total.specialties[MG], figures(152, 16200, 5400, 0, 0));
    // OPH: BV A lacks 288 acts, BV D has a surplus (5 500 − 320) that does not cover it.
    close(table.total.specialties[OPH], figures(608, 5500, 5500, 288, 288 / 5500));
    // The Meuse's own total: 55001–55004 only, the département taken as one territory.
    const own = table.departementTotal!;
    expect(own).toMatchObject({ territory: DEPARTEMENT_TOTAL_TERRITORY, code: '', label: 'Meuse (55) — communes du département', population: 2400, communes: 4 });
    close(own.specialties[MG], figures(108, 16200, 5400, 0, 0));
    close(own.specialties[OPH], figures(432, 0, 5500, 432, 432 / 5500));
    expect(own.specialties[OPH].gapFte).toBeCloseTo(-0.0785454545, 9);
    // It is exactly the row of the département on the DEP grid (`diagnose --grid DEP`).
    const dep = dashboardTable(base, 'DEP', null).rows.find((r) => r.code === '55')!;
    expect(own.specialties).toEqual(dep.specialties);
    expect(own.population).toBe(dep.population);
    // On the commune grid the kept rows are the département's communes: both totals agree.
    const communes = dashboardTable(base, 'COM', null, { departement: '55' });
    expect(communes.total.population).toBe(communes.departementTotal!.population);
    expect(communes.total.specialties[OPH].actsToCover).toBeCloseTo(432, 9);
  });

  it('le total d’une partie des lignes (filtre du tableau) est celui de ces lignes seules', () => {
    const table = dashboardTable(base, 'BV2022', null, { departement: '55' });
    const shown = dashboardTotal([table.rows[1]], table.productivity);
    expect(shown).toMatchObject({ label: ROWS_TOTAL_LABEL, population: 1700, communes: 3 });
    close(shown.specialties[OPH], figures(320, 5500, 5500, 0, 0));
    close(shown.specialties[MG], figures(80, 1080, 5400, 0, 0));
    // All rows: the table's own total, bit for bit.
    expect(dashboardTotal(table.rows, table.productivity)).toEqual(table.total);
    // No row: zeros, and no rate.
    const none = dashboardTotal([], table.productivity);
    expect(none).toMatchObject({ population: 0, communes: 0 });
    expect(none.specialties[MG].coverage).toBeNaN();
  });

  it('les indicateurs portent sur les lignes affichées et comptent les habitants au maillage affiché', () => {
    // One ophthalmologist installed in 55001: BV A goes from a deficit (−0,05 ETP) to a surplus.
    const after = engine.evaluate({ parameters: {}, levers: [{ kind: 'install', commune: '55001', specialty: 'OPH', fte: 1 }] });
    // APL vectors of both sides, by commune: 55001 crosses 2,5 upwards, 55004 crosses 2,5 and 4.
    const apl = { before: Float64Array.from([2, 3, 5, 2, 1]), after: Float64Array.from([3, 3, 5, 5, 1]), specialty: 'MG' as const };
    const table = comparisonTable(base, after, 'BV2022', { departement: '55' }, apl);
    const k = table.kpis;
    expect(k).toMatchObject({ territories: 2, communesInScope: 5, deficitTerritories: 'bassins de vie' });
    expect(k.gapFteBefore[OPH]).toBeCloseTo(4892 / 5500, 12);
    expect(k.gapFteAfter[OPH]).toBeCloseTo(10392 / 5500, 12);
    expect(k.deltaGapFte[OPH]).toBeCloseTo(1, 12);
    expect(k.fteNeededBefore[OPH]).toBeCloseTo(288 / 5500, 12);
    expect(k.fteNeededAfter[OPH]).toBe(0);
    // BV A (1 600 inhabitants) was in deficit and no longer is. Commune by commune it would have
    // been 2 400 → 1 600 (55001, 55002, 55004, then 55002, 55004): the count is the grid's.
    expect(k.populationInDeficitBefore[OPH]).toBe(1600);
    expect(k.populationInDeficitAfter[OPH]).toBe(0);
    expect(k.populationInDeficitBefore[MG]).toBe(0);
    expect(k.apl).toMatchObject({
      specialty: 'MG',
      communesCrossing: 2,
      populationCrossing: 1600,
      communesBelowZipBefore: 3,
      populationBelowZipBefore: 2500,
      communesBelowZipAfter: 1,
      populationBelowZipAfter: 900,
    });
    expect(k.apl!.transitions).toHaveLength(2);
    // The total row carries the same gaps as the KPIs.
    expect(table.total.specialties[OPH].gapFteBefore).toBe(k.gapFteBefore[OPH]);
    expect(table.total.label).toBe(ROWS_TOTAL_LABEL);
    // The Meuse's own change: −432 acts before, +5 068 after.
    const own = table.departementTotal!;
    expect(own).toMatchObject({ label: 'Meuse (55) — communes du département', populationBefore: 2400, communes: 4 });
    expect(own.specialties[OPH].gapFteBefore).toBeCloseTo(-432 / 5500, 12);
    expect(own.specialties[OPH].gapFteAfter).toBeCloseTo(5068 / 5500, 12);
    expect(own.specialties[OPH].deltaGapFte).toBeCloseTo(1, 12);
    expect(own.specialties[OPH].fteNeededBefore).toBeCloseTo(432 / 5500, 12);
    expect(own.apl).toMatchObject({ communesCrossing: 2, communesBelowZipBefore: 2 });

    // The table filtered to BV D: the KPIs of that row only.
    const shown = comparisonKpis(table, [table.rows[1]]);
    expect(shown).toMatchObject({ territories: 1, communesInScope: 3 });
    expect(shown.gapFteBefore[OPH]).toBeCloseTo(5180 / 5500, 12);
    expect(shown.deltaGapFte[OPH]).toBe(0);
    expect(shown.populationInDeficitBefore[OPH]).toBe(0);
    expect(shown.apl).toMatchObject({ communesCrossing: 1, populationCrossing: 800, communesBelowZipBefore: 2, populationBelowZipBefore: 1700 });
    expect(comparisonTotal([table.rows[1]], table.productivityBefore, table.productivityAfter).populationBefore).toBe(1700);
    // All rows: the table's own KPIs.
    expect(comparisonKpis(table, table.rows)).toEqual(k);
    expect(structuredClone(table)).toEqual(table);
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
    // The bassins de vie of the Meuse are its four communes: the total of their rows (scores weighted
    // by the populations each score averages over) is the Meuse's DEP row, and so is its own total.
    const bv = dashboardTable(base, 'BV2022', scoreDataOf(data), { departement: '55' });
    expect(bv.rows).toHaveLength(4);
    for (const total of [bv.total, bv.departementTotal!] as DashboardRow[]) {
      expect(total).toMatchObject({ population: 36600, communes: 4, msp: 1, cds: 0 });
      for (const key of ['scorePa', 'scoreAld', 'scoreUrgence'] as const) {
        expect(Number.isFinite(meuse[key])).toBe(true);
        expect(total[key], key).toBeCloseTo(meuse[key], 12);
      }
    }
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
    // Counted at the displayed grid: the départements in deficit count all their inhabitants.
    const inDeficit = (side: 'Before' | 'After') =>
      SPECIALTIES.map((_, s) => table.rows.reduce((a, r) => (r.specialties[s][`capacity${side}`] < r.specialties[s][`need${side}`] ? a + r[`population${side}`] : a), 0));
    expect(table.kpis.populationInDeficitBefore).toEqual(inDeficit('Before'));
    expect(table.kpis.populationInDeficitAfter).toEqual(inDeficit('After'));
    expect(table.kpis.populationInDeficitBefore[0]).toBe(36600 + 6000 * 20);
    expect(table.kpis.deficitTerritories).toBe('départements');
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
    // The kept BV hold every Meuse commune and more; the Meuse's own total is its DEP row.
    const meuse = dashboardTable(base, 'DEP', scoreDataOf(data)).rows.find((r) => r.code === '55')!;
    expect(table.total.population).toBeGreaterThan(meuse.population);
    expect(table.departementTotal).toEqual({ ...meuse, territory: -2, code: '', label: 'Meuse (55) — communes du département' });
  });
});

describe('offre extérieure de téléconsultation', () => {
  it('est comptée à part dans les lignes, le total et les indicateurs clés ; un transfert entre départements n’en a pas', () => {
    const engine = new PlanningEngine(smallWorld());
    const base = engine.evaluate({ parameters: {}, levers: [] });
    const PSY = SPECIALTIES.indexOf('PSY');
    // 20 % of the Meuse's PSY need (216 acts) from a platform: 43,2 acts of outside supply.
    const external = engine.evaluate({
      parameters: {},
      levers: [{ kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'PSY', share: 0.2, provider: { kind: 'external', label: 'Plateforme' } }],
    });
    const table = comparisonTable(base, external, 'DEP');
    expect(table.rows[0].specialties[PSY].externalActsAfter).toBeCloseTo(43.2);
    expect(table.rows[0].specialties[PSY].capacityAfter).toBeCloseTo(43.2);
    expect(table.rows[1].specialties[PSY].externalActsAfter).toBe(0);
    expect(table.kpis.externalActsBefore[PSY]).toBe(0);
    expect(table.kpis.externalActsAfter[PSY]).toBeCloseTo(43.2);
    // Doctors of 57001 giving 40 OPH acts to the Meuse: no outside supply, the two rows move in opposite ways.
    const OPH = SPECIALTIES.indexOf('OPH');
    const transfer = engine.evaluate({
      parameters: {},
      levers: [{ kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'OPH', acts: 40, provider: { kind: 'commune', commune: '57001' } }],
    });
    const moved = comparisonTable(base, transfer, 'DEP');
    expect(moved.kpis.externalActsAfter[OPH]).toBe(0);
    expect(moved.rows[0].specialties[OPH].deltaGapActs).toBeCloseTo(40);
    expect(moved.rows[1].specialties[OPH].deltaGapActs).toBeCloseTo(-40);
    expect(moved.total.specialties[OPH].deltaGapActs).toBeCloseTo(0, 9);
  });
});

describe('ce qui change hors des lignes affichées', () => {
  it('donne l’écart de toutes les communes, pour dire ce que perdent les prestataires', () => {
    const engine = new PlanningEngine(smallWorld());
    const base = engine.evaluate({ parameters: {}, levers: [] });
    const OPH = SPECIALTIES.indexOf('OPH');
    const transfer = engine.evaluate({
      parameters: {},
      levers: [{ kind: 'teleconsultation', grid: 'DEP', territory: '55', specialty: 'OPH', acts: 40, provider: { kind: 'commune', commune: '57001' } }],
    });
    // The Meuse's rows gain 40 acts; France (both départements) does not move; so « elsewhere » loses 40.
    const table = comparisonTable(base, transfer, 'BV2022', { departement: '55' });
    const productivity = base.params.productivity[OPH];
    expect(table.national.gapFteAfter[OPH] - table.national.gapFteBefore[OPH]).toBeCloseTo(0, 9);
    expect(table.kpis.gapFteAfter[OPH] - table.kpis.gapFteBefore[OPH]).toBeCloseTo(40 / productivity, 9);
    const elsewhere = table.national.gapFteAfter[OPH] - table.kpis.gapFteAfter[OPH] - (table.national.gapFteBefore[OPH] - table.kpis.gapFteBefore[OPH]);
    expect(elsewhere).toBeCloseTo(-40 / productivity, 9);
    expect(table.kpis.productivityDiffers.every((x) => !x)).toBe(true);
    const other = engine.evaluate({ parameters: { productivity: { OPH: 5000 } }, levers: [] });
    expect(comparisonTable(base, other, 'DEP').kpis.productivityDiffers[OPH]).toBe(true);
  });
});
