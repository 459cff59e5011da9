// The `horizon` command: the « laisser-faire » scenario written from a pack (with and without INSEE
// projections), read back by `diagnose --scenario`, and its usage errors in French.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatCsv } from '../../common/csv';
import type { PackManifest } from '../../common/pack';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { readScenarioText } from '../../workers/engine/scenario';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-horizon-'));
let plain: string;
let projected: string;

async function cli(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } });
  return { code, ...out };
}

const readRows = (file: string) => parse(readFileSync(file, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];

/**
 * The health pack with a census of 2021 and INSEE projections 2021 and 2031 (1 000 people per 5-year
 * band and département): the Moselle's people aged 80 and over double, everything else stays.
 */
function withProjections(folder: string): string {
  writeHealthPack(folder);
  const rows = ['55', '57'].flatMap((dep) =>
    Array.from({ length: 20 }, (_, i) => i * 5).flatMap((age5) => [
      [dep, age5, 2021, 1000, 'Central'],
      [dep, age5, 2031, dep === '57' && age5 >= 80 ? 2000 : 1000, 'Central'],
      // Another INSEE scenario in the same table: never mixed in.
      [dep, age5, 2031, 5000, 'Pop_haute'],
    ]),
  );
  writeFileSync(join(folder, 'projections_population.csv'), formatCsv(['dep', 'age5', 'annee', 'population', 'scenario'], rows));
  const manifest = JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as PackManifest;
  manifest.tables.projections_population = { file: 'projections_population.csv', rows: rows.length, sha256: '', label: 'projections de test' };
  manifest.sources.push({ kind: 'population', file: 'TD_POP1B_2021.csv', bytes: 0, sha256: '', vintage: 'RP 2021', publisher: 'INSEE' });
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return folder;
}

beforeAll(() => {
  plain = writeHealthPack(join(work, 'plain'));
  projected = withProjections(join(work, 'projected'));
});

describe('cli horizon', () => {
  it('écrit un scénario ordinaire que diagnose lit : besoin des 80 ans et plus doublé, ETP diminués de s × (1 − r)', async () => {
    const file = join(work, 'laisser-faire-2031.tsante.json');
    const result = await cli('horizon', '--pack', projected, '--annee', '2031', '--remplacement', '0,3', '--out', file);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Scénario « Laisser-faire 2031 » écrit .* 2 département\(s\), 4 levier\(s\) de départs ; population projetée avec les projections Insee du paquet/);
    const { scenario, warnings } = readScenarioText(readFileSync(file, 'utf8'));
    expect(warnings).toEqual([]);
    expect(scenario.pack).toEqual({ id: 'test-sante', label: 'Paquet de test' });
    const moselle = scenario.levers.find((l) => l.id === 'population-57');
    expect(moselle).toMatchObject({ kind: 'populationChange', grid: 'DEP', territory: '57', factorByAgeBand: { '0': 1, '70': 1, '80': 2 } });
    // Departures only where there are doctors: Meuse MG, OPH; Moselle MG, PSY. 2031, 67 ans: aged 60+ in 2024 (23 %).
    expect(scenario.levers.filter((l) => l.kind === 'departures').map((l) => l.id)).toEqual(['departs-55-MG', 'departs-55-OPH', 'departs-57-MG', 'departs-57-PSY']);
    const share = 0.23 * (1 - 0.3);
    expect(scenario.levers.find((l) => l.id === 'departs-57-MG')).toMatchObject({ share: Number(share.toFixed(4)) });

    const out = join(work, 'diagnose.csv');
    expect((await cli('diagnose', '--pack', projected, '--grid', 'DEP', '--scenario', file, '--out', out)).code).toBe(EXIT.ok);
    const metz = readRows(out).find((r) => r.code === '57' && r.specialite === 'MG')!;
    // Metz: 6 000 per 5-year band, flat MG rate 4: 480 000 acts, of which 80+ (4 bands) 96 000, doubled.
    expect(metz.besoin_actes).toBe('480000.0');
    expect(metz.besoin_actes_scenario).toBe('576000.0');
    // The population moved to the horizon: 120 000 inhabitants, the 24 000 aged 80 and over doubled.
    expect([metz.population, metz.population_scenario]).toEqual(['120000', '144000']);
    // 60 GPs × 5 400 acts, less 23 % × 70 %.
    expect(Number(metz.capacite_actes_scenario)).toBeCloseTo(60 * 5400 * (1 - 0.161), 0);
  });

  it('sans projections dans le paquet : facteurs nationaux, dit sur la console et dans le scénario', async () => {
    const file = join(work, 'national.tsante.json');
    const result = await cli('horizon', '--pack', plain, '--annee', '2035', '--age-retraite', '65', '--out', file);
    expect(result.code).toBe(EXIT.ok);
    expect(result.stderr).toMatch(/facteurs nationaux \(le paquet n’a pas de projections\)/);
    const { scenario } = readScenarioText(readFileSync(file, 'utf8'));
    expect(scenario.name).toBe('Laisser-faire 2035');
    expect(scenario.description).toMatch(/année supposée/);
    expect(scenario.levers.find((l) => l.id === 'population-55')?.source).toMatch(/^facteurs nationaux par tranche d’âge : hypothèse/);
    // 2035, 65 ans: aged 54 or over in 2024, 2,3 % × 16 = 36,8 %; half replaced (default).
    expect(scenario.levers.find((l) => l.id === 'departs-55-MG')).toMatchObject({ share: 0.184 });
  });

  it('refuse en français une année, un âge ou une part invalides, sans rien écrire', async () => {
    const file = join(work, 'jamais.tsante.json');
    const cases: [string[], RegExp][] = [
      [['--annee', '2100'], /Année d’horizon « 2100 » : attendu une année de 2025 à 2070/],
      [['--annee', '2030', '--remplacement', '30'], /Part des départs remplacés « 30 » : attendu un nombre de 0 à 1/],
      [['--annee', '2030', '--age-retraite', 'soixante'], /Âge de départ à la retraite « soixante »/],
      [[], /Option --annee manquante/],
    ];
    for (const [args, message] of cases) {
      const result = await cli('horizon', '--pack', plain, ...args, '--out', file);
      expect(result.code).toBe(EXIT.usage);
      expect(result.stderr).toMatch(message);
    }
    // Projections up to 2031: 2040 is out of their range (bad data, not usage).
    const beyond = await cli('horizon', '--pack', projected, '--annee', '2040', '--out', file);
    expect(beyond.code).toBe(EXIT.badData);
    expect(beyond.stderr).toMatch(/couvrent 2021 à 2031 : l’année d’horizon 2040 n’y est pas/);
    expect(existsSync(file)).toBe(false);
  });
});
