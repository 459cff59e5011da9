// The embedded demo pack (built by npm run prepare-resources): fitted to its real marginals, plausible
// at national level, labelled, and regenerated identically.
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PackManifest } from '../../common/pack';
import { decodeEngineSnapshot } from '../../workers/db/engine-snapshot';
import { readPackTables, type TextRow } from '../../electron/cli/pack-tables';
import { ACT_LEVEL_SOURCES } from './activity';
import { generateDemo } from './generate-demo';
import { COMMUNES_WITH_GP_2016 } from './gp-placement';
import { loadPlacementInputs } from './placement-inputs';
import { DREES_WEIGHTS_2023 } from './population';
import { validatePlacement } from './validate-placement';
import { DEMO_PREVALENCE_SOURCE, NATIONAL_PREVALENCE_PERCENT, type DemoPathology } from './prevalence-national';

const repoRoot = resolve(import.meta.dirname, '..', '..');
const generated = join(repoRoot, 'resources', 'generated');
const demo = join(generated, 'packs', 'demo');
const sources = join(repoRoot, '.cache', 'demo-sources');
const shared = resolve(process.env.TSANTE_SHARED_DATA ?? join(repoRoot, '..', 'shared', 'data'));
const csv = (text: Buffer | string, delimiter = ';') => parse(text, { columns: true, delimiter }) as Record<string, string>[];
const ready = existsSync(join(demo, 'manifest.json')) && existsSync(join(sources, 'TD_POP1B_demo.csv.gz'));

describe.runIf(ready)('paquet de démonstration', () => {
  let tables: Record<'communes' | 'population_age5' | 'taux_recours' | 'productivite' | 'appartenance' | 'rpps_liberaux' | 'sites', TextRow[]>;
  let communes: TextRow[] = [];
  const byCommune = new Map<string, number[]>();
  beforeAll(async () => {
    tables = await readPackTables(demo, ['communes', 'population_age5', 'taux_recours', 'productivite', 'appartenance', 'rpps_liberaux', 'sites']);
    communes = tables.communes;
    for (const r of tables.population_age5) {
      const list = byCommune.get(r.code_commune) ?? new Array<number>(20).fill(0);
      list[Number(r.age5) / 5] = Number(r.population);
      byCommune.set(r.code_commune, list);
    }
  }, 60_000);

  it('respecte exactement la population de chaque commune', () => {
    let checked = 0;
    for (const c of communes) {
      const sum = (byCommune.get(c.code_commune) ?? []).reduce((a, b) => a + b, 0);
      expect(Math.abs(sum - Number(c.population)), c.code_commune).toBeLessThan(0.01);
      checked++;
    }
    expect(checked).toBe(34875);
  });

  it('respecte les effectifs INSEE 2023 par département × sexe × tranche à 0,5 % près', () => {
    const depOf = new Map(communes.map((c) => [c.code_commune, c.dep]));
    const got = new Map<string, number>();
    const text = gunzipSync(readFileSync(join(sources, 'TD_POP1B_demo.csv.gz'))).toString('utf8');
    for (const line of text.split('\n').slice(1)) {
      if (!line) continue;
      const [, code, , sex, age, nb] = line.split(';');
      const key = `${depOf.get(code)}|${sex}|${Math.min(Math.floor(Number(age) / 5), 19)}`;
      got.set(key, (got.get(key) ?? 0) + Number(nb));
    }
    const insee = csv(readFileSync(join(shared, 'population', 'estim-pop-dep-sexe-age5-2023.csv')), ',').filter((r) => r.sexe !== 'T');
    const depTotals = new Map<string, number>();
    for (const r of insee) depTotals.set(r.dep, (depTotals.get(r.dep) ?? 0) + Number(r.population));
    const communeTotals = new Map<string, number>();
    for (const c of communes) communeTotals.set(c.dep, (communeTotals.get(c.dep) ?? 0) + Number(c.population));
    let worst = 0;
    for (const r of insee) {
      const want = (Number(r.population) * communeTotals.get(r.dep)!) / depTotals.get(r.dep)!;
      const have = got.get(`${r.dep}|${r.sexe === 'H' ? '1' : '2'}|${Number(r.age_min) / 5}`) ?? 0;
      if (want > 0) worst = Math.max(worst, Math.abs(have - want) / want);
    }
    expect(worst).toBeLessThan(0.005);
  });

  it('retrouve la population standardisée DREES à 1 % près pour 99 % des communes de 200 habitants ou plus', () => {
    const residuals = csv(readFileSync(join(sources, 'residus-population.csv')));
    const checked = residuals.filter((r) => Number(r.population) >= 200);
    const off = checked.filter((r) => Math.abs(Number(r.ecart_relatif)) > 0.01);
    expect(checked.length).toBeGreaterThan(25_000);
    expect(off.length / checked.length).toBeLessThanOrEqual(0.01);
    // The residual file matches the pack's own age structure.
    const verdun = byCommune.get('55545')!;
    const ratio = verdun.reduce((a, p, b) => a + p * DREES_WEIGHTS_2023[b], 0) / verdun.reduce((a, b) => a + b, 0);
    expect(ratio).toBeCloseTo(Number(residuals.find((r) => r.code_commune === '55545')!.ratio_estime), 3);
  });

  it('est plausible à l’échelle nationale', () => {
    const rates = tables.taux_recours.filter((r) => r.specialite === 'MG');
    const gpActsPerInhabitant = rates.reduce((a, r) => a + Number(r.actes), 0) / rates.reduce((a, r) => a + Number(r.population), 0);
    expect(gpActsPerInhabitant).toBeGreaterThanOrEqual(3.3);
    expect(gpActsPerInhabitant).toBeLessThanOrEqual(3.8);
    const productivity = Number(tables.productivite.find((r) => r.specialite === 'MG')!.actes_par_etp);
    expect(productivity).toBeGreaterThanOrEqual(4500);
    expect(productivity).toBeLessThanOrEqual(5500);
    // Libéral GPs: CartoSanté 2024 densities × bassin populations, computed here independently.
    const bvOf = new Map(tables.appartenance.map((r) => [r.code_commune, r.BV2022]));
    const bvPopulation = new Map<string, number>();
    for (const c of communes) bvPopulation.set(bvOf.get(c.code_commune)!, (bvPopulation.get(bvOf.get(c.code_commune)!) ?? 0) + Number(c.population));
    const carto = csv(readFileSync(join(shared, 'offre-soins', 'cartosante-indicateurs-bassins-de-vie-2024.csv')));
    const expected = carto.reduce((a, r) => a + ((Number(r['Densité de généralistes lib. 2024']) || 0) * (bvPopulation.get(r.Code) ?? 0)) / 10_000, 0);
    const liberal = Number(tables.rpps_liberaux.find((r) => r.specialite === 'MG')!.medecins_liberaux);
    // Each bassin's count is rounded to a whole doctor: 1 706 roundings, far less than 0.5 % in all.
    expect(Math.abs(liberal - expected) / expected).toBeLessThan(0.005);
  });

  it('place les généralistes dans autant de communes que la DREES en compte, surtout dans les pôles', () => {
    const gpCommunes = new Set(tables.sites.filter((r) => r.specialite === 'MG' && r.role !== 'secondaire' && Number(r.medecins) > 0).map((r) => r.code_commune));
    // Calibrated on 9 595 communes (DREES, 2016); salaried centre-de-santé GPs only add towns that
    // already have libéral GPs.
    expect(Math.abs(gpCommunes.size - COMMUNES_WITH_GP_2016) / COMMUNES_WITH_GP_2016).toBeLessThan(0.02);
    // No GP in a commune of fewer than 100 inhabitants unless it is its bassin's pôle de services.
    const bvOf = new Map(tables.appartenance.map((r) => [r.code_commune, r.BV2022]));
    const tiny = communes.filter((c) => Number(c.population) < 100 && gpCommunes.has(c.code_commune) && bvOf.get(c.code_commune) !== c.code_commune);
    expect(tiny.map((c) => c.code_commune)).toEqual([]);
  });

  it('place mieux que la population seule sur les bassins mis de côté (docs §2)', async () => {
    const result = validatePlacement(await loadPlacementInputs({ shared, generated }));
    // Bassin level (held-out half): the fitted attraction ranks bassin densities better than the
    // population alone, and better than the previous rule.
    expect(result.scores.new.bassinSpearman).toBeGreaterThan(result.scores.naive.bassinSpearman);
    expect(result.scores.new.bassinSpearman).toBeGreaterThan(result.scores.previous.bassinSpearman);
    expect(result.scores.new.withinDepartmentSpearman).toBeGreaterThan(0);
    // The calibration on one half carries over to the other: communes with a GP within 10 % of the
    // DREES share, pole / crown density ratio above that of the naive placement.
    expect(Math.abs(result.scores.new.communesWithGp / result.communesWithGpTarget - 1)).toBeLessThan(0.1);
    expect(result.scores.new.poleCrownRatio).toBeGreaterThan(result.scores.naive.poleCrownRatio);
  }, 60_000);

  it('dit d’où vient le niveau d’actes de chaque spécialité, ou que c’est une hypothèse', () => {
    expect(Object.keys(ACT_LEVEL_SOURCES).sort()).toEqual(['CARDIO', 'DERMATO', 'GYN', 'MG', 'OPH', 'PEDIA', 'PNEUMO', 'PSY', 'RADIO']);
    for (const [specialty, source] of Object.entries(ACT_LEVEL_SOURCES)) expect(source, specialty).toMatch(/^hypothèse|\b(19|20)\d\d\b|DATA_SPEC/);
  });

  it('marque chaque table « estimation de démonstration » avec ses sources réelles', () => {
    const manifest = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')) as PackManifest;
    expect(manifest.demo).toBe(true);
    expect(manifest.schemaVersion).toBe(2);
    for (const table of Object.values(manifest.tables)) expect(table.label).toContain('estimation de démonstration');
    for (const table of Object.values(manifest.tables)) expect(table.file).toMatch(/\.parquet$/);
    expect(manifest.sources.map((s) => s.publisher).join(' ')).toMatch(/CartoSanté/);
    expect(JSON.stringify(manifest)).not.toMatch(/20\d\d-\d\d-\d\dT/);
  });

  it('a la prévalence nationale par âge publiée dans chaque département, dite estimation', async () => {
    const manifest = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')) as PackManifest;
    expect(manifest.tables.prevalence_pathologies.label).toMatch(/^Prévalence du diabète et de l’insuffisance cardiaque par âge : estimation/);
    const { prevalence_pathologies: rows } = await readPackTables(demo, ['prevalence_pathologies']);
    expect(rows.length).toBe(2 * 101 * 20);
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set([DEMO_PREVALENCE_SOURCE]));
    for (const r of rows) {
      const percent = NATIONAL_PREVALENCE_PERCENT[r.pathologie as DemoPathology][Number(r.age5) / 5];
      expect(Number(r.prevalence), `${r.pathologie} ${r.dep} ${r.age5}`).toBeCloseTo(percent / 100, 12);
      expect(Number(r.personnes)).toBeCloseTo(Number(r.population) * Number(r.prevalence), 2);
    }
    // The published national levels on the demo population: 6.61 % (diabetes, CNAM 2024) and 1.7 % (heart failure, 2022).
    for (const [pathology, level] of [['diabete', 0.0661], ['insuffisance_cardiaque', 0.017]] as const) {
      const mine = rows.filter((r) => r.pathologie === pathology);
      const share = mine.reduce((a, r) => a + Number(r.personnes), 0) / mine.reduce((a, r) => a + Number(r.population), 0);
      expect(Math.abs(share - level), pathology).toBeLessThan(0.0005);
    }
  });

  it('a un instantané du moteur valable pour ses tables (démarrage sans relire les tables)', () => {
    const manifest = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')) as PackManifest;
    expect(manifest.engineSnapshot?.file).toBe('moteur.tsbin');
    const bytes = readFileSync(join(demo, manifest.engineSnapshot!.file));
    const snapshot = decodeEngineSnapshot(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), manifest);
    expect(snapshot).not.toBeNull();
    // The snapshot holds the demo prevalence (both pathologies in every département).
    expect(snapshot!.engine?.inputs.pathologies?.groups.length).toBe(101);
  });

  it('se régénère à l’identique', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'ts-demo-'));
    cpSync(join(generated, 'packs', 'reference-cog2025'), join(copy, 'packs', 'reference-cog2025'), { recursive: true });
    cpSync(join(generated, 'reference'), join(copy, 'reference'), { recursive: true });
    await generateDemo({ shared, generated: copy, sources: join(copy, 'sources') });
    expect(readFileSync(join(copy, 'packs', 'demo', 'manifest.json'), 'utf8')).toBe(readFileSync(join(demo, 'manifest.json'), 'utf8'));
    // The manifest holds each table's SHA-256: equal manifests mean byte-identical Parquet files; checked anyway.
    const manifest = JSON.parse(readFileSync(join(demo, 'manifest.json'), 'utf8')) as PackManifest;
    for (const table of Object.values(manifest.tables)) {
      expect(readFileSync(join(copy, 'packs', 'demo', table.file)).equals(readFileSync(join(demo, table.file))), table.file).toBe(true);
    }
  }, 180_000);
});
