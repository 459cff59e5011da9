// The care year follows the claims (DATA_SPEC §A.6): default year by acts, care months judged by their
// flux window m … m + 6 and by their acts, annualisation from complete months only, the same plan for
// rates and productivity. Staging tables are filled directly (a lag model of the claims), on both runtimes;
// the field case goes through the whole import.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { fileSource, packFolderReader } from '../../electron/cli/files';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from '../../electron/cli/packs';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { readReference } from '../../tests/support/sources';
import type { SqlDatabase } from '../db/sql-database';
import { createDamirTables, finalizeDamir } from './damir';
import { defaultCareYear, deriveProductivity, deriveRates, fluxWindow, judgeCareYear, planCareYear } from './derive';
import { buildPack } from './pack-builder';
import { loadReferenceTables } from './reference';

const runtimes = { native: () => openNodeDatabase(), wasm: () => openWasmDatabase() };

/**
 * Share of a care month's acts processed in flux month m + k (k = 0 … 6): a first sliver in its own month,
 * most of it the month after. The sliver (0.25) lies between a third and a half of the next month's share
 * (0.65): the median of two months keeps it, half the largest month sets it aside.
 */
const LAGS = [0.25, 0.65, 0.05, 0.0125, 0.0125, 0.0125, 0.0125];
/** Acts of each care month when complete: GPs flat, paediatricians twice as many in winter (Dec–Feb). */
const MG_MONTH = 1000;
const pediaMonth = (month: number) => ([1, 2, 12].includes(month) ? 400 : 200);
/** Population of the bands, one commune of Grand Est. */
const POP_40_49 = 4000;

/** `count` consecutive flux months (YYYYMM) from `from`. */
const fluxRange = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => {
    const index = Math.floor(from / 100) * 12 + (from % 100) - 1 + i;
    return Math.floor(index / 12) * 100 + (index % 12) + 1;
  });
/** Intl's fr-FR thousands separator is a narrow no-break space. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

/**
 * damir_agg as the reader fills it from the flux months `fluxes`: each flux month f carries LAGS[k] of
 * care month f − k, both sets (D by patient, E by executant, all libéral). `scale(year, month)` lowers a
 * month (e.g. a strike). Then finalizeDamir, a population and libéral physicians (MG 10, PEDIA 2).
 */
async function staged(open: () => Promise<SqlDatabase>, fluxes: number[], scale = (_y: number, _m: number) => 1): Promise<SqlDatabase> {
  const db = await open();
  await loadReferenceTables(db, readReference);
  await createDamirTables(db);
  const rows: string[] = [];
  for (const flux of fluxes) {
    for (let k = 0; k < LAGS.length; k++) {
      const index = Math.floor(flux / 100) * 12 + (flux % 100) - 1 - k;
      const year = Math.floor(index / 12), month = (index % 12) + 1;
      for (const [specialite, age, full] of [['MG', 40, MG_MONTH], ['PEDIA', 0, pediaMonth(month)]] as const) {
        const acts = full * LAGS[k] * scale(year, month);
        rows.push(`('D', ${flux}, ${year}, ${month}, '${specialite}', 'consultation', ${age}, '44', NULL, NULL, ${acts}, ${acts}, 1)`);
        rows.push(`('E', ${flux}, ${year}, ${month}, '${specialite}', 'consultation', NULL, NULL, '44', 1, ${acts}, ${acts}, 1)`);
      }
    }
  }
  await db.run(`INSERT INTO damir_agg (ensemble, flux, annee, mois, specialite, panier, age, region, region_executant, statut, actes, actes_flt, lignes)
    VALUES ${rows.join(', ')}`);
  expect(await finalizeDamir(db)).toEqual([]);
  await db.run("CREATE TABLE communes AS SELECT '55545' AS code_commune, '44' AS reg");
  await db.run(`CREATE TABLE population_age5 AS SELECT '55545' AS code_commune, age5, CAST(${POP_40_49 / 2} AS DOUBLE) AS population
    FROM (SELECT unnest([0, 5, 10, 15, 40, 45]) AS age5)`);
  await db.run("CREATE TABLE rpps_liberaux AS SELECT * FROM (VALUES ('MG', 10.0), ('PEDIA', 2.0)) t(specialite, medecins_liberaux)");
  return db;
}

async function derived(db: SqlDatabase, year?: number) {
  const plan = (await planCareYear(db, year))!;
  await deriveRates(db, plan);
  await deriveProductivity(db, plan);
  const rates = await db.queryColumns("SELECT specialite, tranche_age, actes, taux FROM taux_recours WHERE (specialite = 'MG' AND tranche_age = 40) OR (specialite = 'PEDIA' AND tranche_age = 0) ORDER BY specialite");
  const productivity = await db.queryColumns('SELECT specialite, actes_par_etp, source FROM productivite ORDER BY specialite');
  return {
    plan,
    mg: Number(rates.actes[0]), mgRate: Number(rates.taux[0]), pedia: Number(rates.actes[1]),
    mgPerFte: Number(productivity.actes_par_etp[0]), pediaPerFte: Number(productivity.actes_par_etp[1]), source: String(productivity.source[0]),
  };
}

describe('fenêtre de flux d’un mois de soins', () => {
  it('couvre les mois m à m + 6, en passant l’année', () => {
    expect(fluxWindow(2024, 1)).toEqual([202401, 202402, 202403, 202404, 202405, 202406, 202407]);
    expect(fluxWindow(2024, 12)).toEqual([202412, 202501, 202502, 202503, 202504, 202505, 202506]);
    expect(fluxRange(202407, 8)).toEqual([202407, 202408, 202409, 202410, 202411, 202412, 202501, 202502]);
  });
});

for (const [runtime, open] of Object.entries(runtimes)) {
  describe(`année de soins (${runtime})`, () => {
    it('un seul mois de flux : l’année des actes, le mois m − 1 annualisé, la première tranche du mois m écartée', async () => {
      const db = await staged(open, [202402]);
      // 2023 has more distinct months (08–12, late claims) but 2024 holds the acts.
      const months = await db.queryColumns('SELECT annee, count(*) AS n, sum(actes) AS actes FROM damir_mois GROUP BY annee ORDER BY annee');
      expect(Array.from(months.n, Number)).toEqual([5, 2]);
      expect(await defaultCareYear(db)).toBe(2024);
      const r = await derived(db);
      expect(r.plan).toMatchObject({ year: 2024, retained: [1], factor: 12, complete: false });
      // 2024-01: 0.65 × 1000 (flux m + 1), × 12 / 1. February (0.25 × 1000, flux m) is only the first
      // sliver of its claims: kept, it would give (650 + 250) × 12 / 2 = 5 400, 31 % below January's 7 800.
      expect(r.mg).toBeCloseTo(650 * 12, 6);
      expect(r.mgRate).toBeCloseTo(7800 / POP_40_49, 9);
      expect(r.pedia).toBeCloseTo(0.65 * 400 * 12, 6);
      expect(r.mgPerFte).toBeCloseTo(7800 / 10, 6);
      expect(r.pediaPerFte).toBeCloseTo(3120 / 2, 6);
      expect(plain(r.plan.summary)).toBe(
        // 2024: 900 GP + 360 paediatric acts of 1 390 imported; January 650 + 260, February 250 + 100.
        'Année de soins 2024 (91 % des actes importés ; autres années de soins : 2023) : 2 mois présents, 1 retenu, actes annualisés (× 12 / 1) ; ' +
          'mois retenus 01 (1 seul mois de flux, A202402) ; mois possiblement incomplets ' +
          '(aucun n’a reçu ses 7 mois de flux, du mois de soins à 6 mois après) ; ' +
          'mois écartés : 02 (1 seul mois de flux, A202402 : 350 actes, moins de la moitié des 910 actes du mois 01, le plus fort mois présent). ' +
          'Pour une année complète, importez en une seule fois les flux A202401 à A202506.',
      );
      await db.close();
    });

    it('les six premiers mois de flux : mois présents sauf le dernier, trop mince, × 12 / 5', async () => {
      const db = await staged(open, fluxRange(202401, 6));
      const r = await derived(db);
      expect(r.plan).toMatchObject({ year: 2024, retained: [1, 2, 3, 4, 5], factor: 12 / 5, complete: false });
      // Care month m received the flux m … 06: Σ LAGS[0 … 6 − m]; June only its first 25 %, below half of January.
      const received = [0.9875, 0.975, 0.9625, 0.95, 0.9];
      expect(r.mg).toBeCloseTo(received.reduce((s, x) => s + x * MG_MONTH, 0) * 12 / 5, 6);
      expect(r.pedia).toBeCloseTo(received.reduce((s, x, i) => s + x * pediaMonth(i + 1), 0) * 12 / 5, 6);
      expect(r.mgPerFte).toBeCloseTo((4775 * 12) / 5 / 10, 6);
      expect(r.plan.summary).toContain('6 mois présents, 5 retenus, actes annualisés (× 12 / 5)');
      // January: 0.9875 × (1 000 + 400) = 1 382.5 acts (1 382 or 1 383 printed, as the sums round).
      expect(plain(r.plan.summary)).toMatch(/mois écartés : 06 \(1 seul mois de flux, A202406 : 300 actes, moins de la moitié des 1 38[23] actes du mois 01, le plus fort mois présent\)/);
      expect(r.plan.summary).toContain('possiblement incomplets');
      await db.close();
    });

    it('douze mois de flux : seuls les mois 01 à 06 sont complets, × 12 / 6, exacts', async () => {
      const db = await staged(open, fluxRange(202401, 12));
      const r = await derived(db);
      expect(r.plan).toMatchObject({ year: 2024, retained: [1, 2, 3, 4, 5, 6], factor: 2, complete: true });
      expect(r.mg).toBeCloseTo(12 * MG_MONTH, 6);
      // January–June of the paediatricians, winter included, × 2 (not the whole year's 3 000).
      expect(r.pedia).toBeCloseTo((400 + 400 + 4 * 200) * 2, 6);
      expect(r.mgPerFte).toBeCloseTo(1200, 6);
      expect(r.pediaPerFte).toBeCloseTo(3200 / 2, 6);
      expect(r.source).toBe('Open DAMIR 2024, mois 01 à 06 annualisés × 12 / 6 (actes libéraux du panier, exécutants) ÷ médecins libéraux du RPPS');
      expect(r.plan.summary).toContain('mois retenus 01 à 06, complets (7 mois de flux chacun) ; actes annualisés (× 12 / 6) ; mois écartés : 07 (6 mois de flux sur 7), 08 (5 mois de flux sur 7)');
      expect(r.plan.summary).toContain('12 (1 seul mois de flux, A202412).');
      expect(r.plan.summary).not.toContain('incomplets');
      await db.close();
    });

    it('dix-huit mois de flux (Y01 à (Y+1)06) : les douze mois complets, facteur 1', async () => {
      const db = await staged(open, fluxRange(202401, 18));
      const r = await derived(db);
      expect(r.plan).toMatchObject({ year: 2024, retained: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], factor: 1, complete: true });
      expect(r.mg).toBeCloseTo(12 * MG_MONTH, 6);
      expect(r.pedia).toBeCloseTo(3 * 400 + 9 * 200, 6);
      expect(r.mgPerFte).toBeCloseTo(1200, 6);
      expect(r.source).toBe('Open DAMIR 2024 (actes libéraux du panier, exécutants) ÷ médecins libéraux du RPPS');
      expect(r.plan.summary).toMatch(/^Année de soins 2024 \(\d+ % des actes importés ; autres années de soins : 2023, 2025\) : les 12 mois sont complets \(7 mois de flux chacun\), actes non annualisés\.$/);
      // --annee chooses another year: 2025 has 01–06 only, none complete (flux up to 202506).
      const other = await derived(db, 2025);
      expect(other.plan).toMatchObject({ year: 2025, complete: false });
      expect(other.plan.summary.startsWith('Année de soins 2025 : ')).toBe(true);
      await db.close();
    });

    it('un mois complet par ses flux mais bien plus mince que les autres est écarté', async () => {
      const db = await staged(open, fluxRange(202401, 18), (y, m) => (y === 2024 && m === 3 ? 0.1 : 1));
      const r = await derived(db);
      expect(r.plan).toMatchObject({ retained: [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12], factor: 12 / 11, complete: true });
      expect(r.mg).toBeCloseTo(11 * MG_MONTH * 12 / 11, 6);
      expect(r.pedia).toBeCloseTo((3000 - 200) * 12 / 11, 6);
      expect(plain(r.plan.summary)).toContain('mois écartés : 03 (incomplet malgré ses 7 mois de flux : 120 actes, moins de la moitié du mois type (1 200))');
      await db.close();
    });

    it('paquet sans damir_flux (importé avant) : mois présents, complétude non vérifiable', async () => {
      const db = await staged(open, fluxRange(202401, 12));
      await db.run('DROP TABLE damir_flux');
      const r = await derived(db);
      // Every month present but December (0.25 of a month) is retained; the share of the retained months in
      // the year's acts (all specialties: 13 330 of 13 680) scales each specialty.
      expect(r.plan).toMatchObject({ year: 2024, retained: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], complete: false, perMonth: false });
      expect(r.mg).toBeCloseTo(11025 * (13330 / 13680) * 12 / 11, 6);
      expect(r.plan.summary).toContain('complétude non vérifiable');
      await db.close();
    });
  });
}

describe('règle de l’année de soins (pure)', () => {
  it('sans mois complet : jugé contre le plus fort mois présent (au moins la moitié de ses actes), non la médiane', () => {
    // One flux month A202402: January 910 acts, February (its first sliver) 350. The median of two months
    // (630) would keep February; half the largest (455) sets it aside.
    const sliver = judgeCareYear({ year: 2024, months: [{ month: 1, acts: 910 }, { month: 2, acts: 350 }], flux: [202402] });
    expect(sliver).toMatchObject({ retained: [1], factor: 12, complete: false });
    expect(sliver.retainedShare).toBeCloseTo(910 / 1260, 12);
    expect(sliver.months.map((m) => m.retained)).toEqual([true, false]);
    // Exactly half of the largest month: kept (« au moins la moitié »).
    const half = judgeCareYear({ year: 2024, months: [{ month: 1, acts: 600 }, { month: 2, acts: 300 }], flux: [202402] });
    expect(half).toMatchObject({ retained: [1, 2], factor: 6 });
    expect(half.summary).not.toContain('mois écartés');
  });

  it('un mois de flux sans aucun mois de sa fenêtre : soins tardifs seulement', () => {
    const judged = judgeCareYear({
      year: 2023,
      months: Array.from({ length: 12 }, (_, i) => ({ month: i + 1, acts: 2 })),
      flux: [202402],
    });
    expect(judged).toMatchObject({ retained: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], factor: 1, complete: false });
    expect(judged.summary).toContain('mois retenus 01 à 07 (aucun de ses 7 mois de flux importé : actes tardifs seulement), 08 à 12 (1 seul mois de flux, A202402)');
    expect(judged.summary).toContain('actes non annualisés');
  });
});

const fieldCase = join(import.meta.dirname, '..', '..', '..', 'shared', 'field-cases', 'damir-late-claims');

describe.skipIf(!existsSync(fieldCase))('cas de terrain damir-late-claims', () => {
  it('un flux A202402 : année 2024, mois 01 annualisé × 12, MG 40–49 = 1 000 × 12 / 3 690', async () => {
    const db = await openNodeDatabase();
    const built = await buildPack(
      db,
      packFolderReader(REFERENCE_PACK_FOLDER),
      packFolderReader(REFERENCE_TABLES_FOLDER),
      { damir: [fileSource(join(fieldCase, 'A202402.csv.gz'))], population: fileSource(join(fieldCase, 'TD_POP1B_meuse.csv')) },
      { id: 'x', label: 'x' },
    );
    const rate = await db.queryColumns("SELECT actes, population, taux FROM taux_recours WHERE specialite = 'MG' AND tranche_age = 40");
    expect(Number(rate.population[0])).toBe(3690);
    expect(Number(rate.actes[0])).toBeCloseTo(12_000, 6);
    expect(Number(rate.taux[0])).toBeCloseTo(3.252, 3);
    const summary = built.manifest.warnings.find((w) => w.startsWith('Année de soins'));
    expect(summary).toContain('Année de soins 2024');
    expect(summary).toContain('mois retenus 01 (1 seul mois de flux, A202402)');
    expect(summary).toContain('actes annualisés (× 12 / 1)');
    expect(summary).toContain('possiblement incomplets');
    expect(built.manifest.tables).toHaveProperty('damir_flux');
    await db.close();
  });
});
