// The `pathways` CLI contract (issue 14): header, one row per territory × pathology × stratum, people and
// acts checked by hand on the health pack, the programme file, French refusals.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../common/csv';
import type { PackManifest } from '../../common/pack';
import { FIXTURE_COMMUNES, writeHealthPack } from '../../tests/fixtures/health-pack';
import { DEFAULT_PROGRAMME } from '../../workers/engine/pathways';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-pathways-'));
let pack: string;
let bare: string;

async function cli(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } });
  return { code, ...out };
}

const readRows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];

/**
 * Adds prevalence_pathologies as the importer writes it: Meuse, diabetes 10 % from 60 years and 2 % below,
 * heart failure 1 % from 60; Moselle, diabetes 5 % at every age, no heart failure row.
 */
function addPrevalence(folder: string): void {
  const rows = Array.from({ length: 20 }, (_, i) => i * 5).flatMap((age5) => [
    ['diabete', '55', age5, '', '', age5 >= 60 ? 0.1 : 0.02, 2023, 'test'],
    ['insuffisance_cardiaque', '55', age5, '', '', age5 >= 60 ? 0.01 : 0, 2023, 'test'],
    ['diabete', '57', age5, '', '', 0.05, 2023, 'test'],
  ]);
  writeFileSync(join(folder, 'prevalence_pathologies.csv'), formatCsv(['pathologie', 'dep', 'age5', 'personnes', 'population', 'prevalence', 'annee', 'source'], rows));
  const manifestPath = join(folder, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackManifest;
  manifest.tables.prevalence_pathologies = { file: 'prevalence_pathologies.csv', rows: rows.length, sha256: '', label: 'Cartographie des pathologies (test)' };
  writeFileSync(manifestPath, JSON.stringify(manifest));
}

/** Inhabitants of a département in each 5-year band of the fixture. */
const perBand = (dep: string) => FIXTURE_COMMUNES.filter((c) => c[2] === dep).reduce((sum, c) => sum + c[4], 0);

beforeAll(() => {
  pack = writeHealthPack(join(work, 'pack'));
  addPrevalence(pack);
  bare = writeHealthPack(join(work, 'bare'));
});

describe('cli pathways', () => {
  it('écrit personnes et actes par territoire, pathologie et strate, avec la part de la capacité', async () => {
    const programme = join(work, 'programme.json');
    writeFileSync(
      programme,
      JSON.stringify({
        format: 'territoire-sante/parcours',
        version: 1,
        name: 'Test',
        pathologies: [{ id: 'diabete', strata: [{ id: 'tous', label: 'Tous', share: 1, shareSource: 'test', acts: { MG: 4, OPH: 1 }, actsSource: { MG: 'test', OPH: 'test' } }] }],
      }),
    );
    const out = join(work, 'dep.csv');
    const result = await cli('pathways', '--pack', pack, '--grid', 'DEP', '--parcours', programme, '--out', out);
    expect(result.code, result.stderr).toBe(EXIT.ok);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('grille;code;libelle;pathologie;strate;personnes;actes_MG;actes_OPH;part_capacite_MG;part_capacite_OPH;programme_realisable;libelle_strate');
    const rows = readRows(out);
    expect(rows).toHaveLength(2);
    // Meuse: 1 830 inhabitants per 5-year band × (8 bands × 10 % + 12 bands × 2 %) = 1 903,2 diabetics.
    const diabetics = perBand('55') * (8 * 0.1 + 12 * 0.02);
    expect(diabetics).toBeCloseTo(1903.2, 9);
    const meuse = rows.find((r) => r.code === '55')!;
    expect(meuse).toMatchObject({ grille: 'DEP', libelle: 'Meuse', pathologie: 'diabete', strate: 'tous', personnes: '1903.2', actes_MG: '7612.8', actes_OPH: '1903.2' });
    // Meuse GP capacity: 48 600 acts a year (cli.test.ts); OPH: 2 doctors' sites of one ophthalmologist.
    expect(Number(meuse.part_capacite_MG)).toBeCloseTo(7612.8 / 48600, 4);
    // Moselle: 6 000 per band × 20 × 5 %.
    expect(rows.find((r) => r.code === '57')!.personnes).toBe('6000.0');
    expect(rows.find((r) => r.code === '57')!.part_capacite_OPH).toBe(''); // no ophthalmologist: no share
    expect(rows.find((r) => r.code === '57')!.programme_realisable).toBe('non:MG,OPH'); // the Moselle's GPs are already short
    expect(meuse.libelle_strate).toBe('Tous');
    expect(result.stderr).toMatch(/ne peu(t|vent) pas assurer tout le programme/);
  });

  it('partage les personnes entre les strates du programme de référence', async () => {
    const out = join(work, 'bv.csv');
    expect((await cli('pathways', '--pack', pack, '--grid', 'BV2022', '--out', out)).code).toBe(EXIT.ok);
    const rows = readRows(out);
    const strata = DEFAULT_PROGRAMME.pathologies.flatMap((p) => p.strata.map((s) => `${p.id}/${s.id}`));
    const verdun = rows.filter((r) => r.code === '55545');
    expect(verdun.map((r) => `${r.pathologie}/${r.strate}`)).toEqual(strata);
    // Verdun: 800 per band; diabetes 832, heart failure 64, split without loss (to the written decimal).
    const sum = (id: string) => verdun.filter((r) => r.pathologie === id).reduce((total, r) => total + Number(r.personnes), 0);
    expect(sum('diabete')).toBeCloseTo(832, 0);
    expect(sum('insuffisance_cardiaque')).toBeCloseTo(64, 0);
  });

  it('écrit le programme de référence, relu tel quel', async () => {
    const file = join(work, 'reference.json');
    expect((await cli('pathways', '--parcours-reference', file)).code).toBe(EXIT.ok);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(DEFAULT_PROGRAMME);
    const out = join(work, 'ref.csv');
    expect((await cli('pathways', '--pack', pack, '--grid', 'DEP', '--parcours', file, '--out', out)).code).toBe(EXIT.ok);
  });

  it('un programme de soins dans un scénario : le rapport porte sur la spécialité qu’il change', async () => {
    const scenario = join(work, 'depistage.json');
    writeFileSync(
      scenario,
      JSON.stringify({
        schemaVersion: 3,
        name: 'Dépistage',
        levers: [{ id: 'd', kind: 'careProgramme', grid: 'DEP', territory: '55', pathology: 'diabete', targetShare: 1, specialty: 'OPH', actsPerPerson: 0.5, source: 'test' }],
      }),
    );
    const diagnosed = join(work, 'depistage.csv');
    expect((await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', scenario, '--out', diagnosed)).code).toBe(EXIT.ok);
    const oph = readRows(diagnosed).find((r) => r.code === '55' && r.specialite === 'OPH')!;
    // 1 903,2 diabetics in the Meuse × 0,5.
    expect(Number(oph.besoin_actes_scenario) - Number(oph.besoin_actes)).toBeCloseTo(951.6, 1);
    const report = join(work, 'depistage.html');
    const result = await cli('export', '--pack', pack, '--grid', 'DEP', '--scenario', scenario, '--out', report);
    expect(result.code).toBe(EXIT.ok);
    expect(readFileSync(report, 'utf8')).toMatch(/<h1 class="question">Que change le scénario « Dépistage » pour les [^<]*ophtalmologie/);
    expect(result.stderr).toContain('Rapport sur la spécialité que le scénario change le plus : ophtalmologie');
  });

  it('refuse en français un paquet sans prévalence et un programme invalide, sans rien écrire', async () => {
    const out = join(work, 'none.csv');
    const missing = await cli('pathways', '--pack', bare, '--grid', 'DEP', '--out', out);
    expect(missing.code).toBe(EXIT.badData);
    expect(missing.stderr).toMatch(/n’a pas de prévalence des pathologies.*--pathologies/);
    const broken = join(work, 'broken.json');
    writeFileSync(broken, JSON.stringify({ ...DEFAULT_PROGRAMME, pathologies: [{ ...DEFAULT_PROGRAMME.pathologies[0], strata: DEFAULT_PROGRAMME.pathologies[0].strata.slice(1) }] }));
    const invalid = await cli('pathways', '--pack', pack, '--grid', 'DEP', '--parcours', broken, '--out', out);
    expect(invalid.code).toBe(EXIT.badData);
    expect(invalid.stderr).toMatch(/strates de « Diabète » font 88,8 %/);
    expect((await cli('pathways', '--pack', pack, '--out', out)).code).toBe(EXIT.usage);
    expect(() => readFileSync(out)).toThrow();
  });
});
