// `diagnose --parametres <nom>`: a named parameter set applied to the reference and the scenario.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { writeHealthPack } from '../../tests/fixtures/health-pack';
import { SCENARIO_SCHEMA_VERSION } from '../../workers/engine/scenario';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-parametres-'));
const pack = writeHealthPack(join(work, 'pack'));

async function cli(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } });
  return { code, ...out };
}
const meuseMg = (file: string) =>
  (parse(readFileSync(file, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[]).find((r) => r.code === '55' && r.specialite === 'MG')!;

describe('cli diagnose --parametres', () => {
  it('medecin-actif : même capacité, écart compté en généralistes actifs (5 400 × 140 / 125 = 6 048 actes chacun)', async () => {
    const out = join(work, 'actifs.csv');
    expect(await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--parametres', 'medecin-actif', '--out', out)).toMatchObject({ code: EXIT.ok, stderr: '' });
    // 9 GPs, no derived productivity in this pack: −97 800 acts ÷ 6 048 = −16,17 active GPs (−18,11 FTE by default).
    expect(meuseMg(out)).toMatchObject({ besoin_actes: '146400.0', capacite_actes: '48600.0', ecart_actes: '-97800.0', ecart_etp: '-16.17' });
  });

  it('s’applique aussi au scénario, sous ses propres paramètres', async () => {
    const file = join(work, 'install.json');
    writeFileSync(file, JSON.stringify({ schemaVersion: SCENARIO_SCHEMA_VERSION, name: 'Installation', levers: [{ id: 'a', kind: 'install', commune: '55502', specialty: 'MG', fte: 2 }] }));
    const out = join(work, 'actifs-scenario.csv');
    expect((await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', file, '--parametres', 'medecin-actif', '--out', out)).code).toBe(EXIT.ok);
    // Two active GPs more: + 2 × 6 048 acts; the gain is 2 (active) doctors.
    expect(meuseMg(out)).toMatchObject({ capacite_actes_scenario: '60696.0', delta_ecart_etp: '2.00' });
    // The scenario's own basis wins over the set's.
    writeFileSync(file, JSON.stringify({ schemaVersion: SCENARIO_SCHEMA_VERSION, name: 'ETP', parameters: { productivityBasis: 'etp' }, levers: [] }));
    expect((await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--scenario', file, '--parametres', 'medecin-actif', '--out', out)).code).toBe(EXIT.ok);
    expect(meuseMg(out)).toMatchObject({ ecart_etp: '-16.17', ecart_etp_scenario: '-18.11' });
  });

  it('refuse un nom inconnu (code 2) en listant les jeux', async () => {
    const result = await cli('diagnose', '--pack', pack, '--grid', 'DEP', '--parametres', 'actifs', '--out', join(work, 'x.csv'));
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('Jeu de paramètres inconnu « actifs » : choisissez reference ou medecin-actif');
    // The same option for export, on both sides of the comparison.
    const exported = await cli('export', '--pack', pack, '--grid', 'DEP', '--parametres', 'actifs', '--out', join(work, 'x.csv'));
    expect(exported.code).toBe(EXIT.usage);
  });
});
