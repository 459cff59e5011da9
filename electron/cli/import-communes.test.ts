// Commune matching in the import report and on the console (issue 11, points 3 and 5): RPPS rows
// placed by postal code, shared postal codes listed, physicians in no commune counted.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../common/pack';
import { RPPS_ROWS, rppsText } from '../../tests/fixtures/rpps-files';
import { unmatchedLine } from './commands/import';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-import-communes-'));

async function cli(...argv: string[]) {
  let output = '';
  const write = (t: string) => (output += t);
  const code = await runCli(argv, { stdout: { write }, stderr: { write } });
  return { code, output };
}

const report = (kind: ImportReport['kind'], unknownCodes: Record<string, number>, notes: string[] = []): ImportReport => ({
  kind, file: 'f', bytes: 1, sha256: '', vintage: '', rowsRead: 10, rowsKept: 8, rejected: {}, unknownCodes, notes,
});

describe('ligne « dont … » de la console', () => {
  it('reprend les médecins, codes ou habitants sans commune du rapport', () => {
    expect(unmatchedLine(report('rpps', { 'médecins sans commune (x)': 3 }))).toBe('  dont 3 médecins sans commune (x).');
    expect(unmatchedLine(report('zonages', { 'codes inconnus du COG 2025 ou lignes écartées': 2 }))).toBe('  dont 2 codes inconnus du COG 2025 ou lignes écartées.');
    expect(unmatchedLine(report('population', { 'habitants aux codes commune inconnus du COG 2025 (99998), non comptés': 1000 }))).toBe(
      `  dont ${(1000).toLocaleString('fr-FR')} habitants aux codes commune inconnus du COG 2025 (99998), non comptés.`,
    );
    expect(unmatchedLine(report('rpps', {}))).toBeNull();
    expect(unmatchedLine(report('damir', { 'AGE_BEN_SNDS hors lexique (compté en âge inconnu)': 4 }))).toBeNull();
  });
});

describe('import RPPS : communes retrouvées par le code postal, médecins sans commune', () => {
  it('place, signale et compte dans le rapport et sur la console', async () => {
    const base = RPPS_ROWS[0]; // SM54, libéral, cabinet SA08 in 55545
    const gp = (pp: string, commune: string, postal: string) => ({
      ...base, 'Identification nationale PP': pp, 'Identifiant technique de la structure': `X${pp}`,
      'Code commune (coord. structure)': commune, 'Code postal (coord. structure)': postal,
    });
    const rows = [
      ...RPPS_ROWS,
      gp('8900', '', '75008'), // one commune → Paris
      gp('8901', '', '55100'), // shared by 26 communes → Verdun, flagged
      gp('8902', '', '1500'), // zero lost, shared by 8 communes → Ambérieu-en-Bugey, flagged
      gp('8903', '1004', '1500'), // zero lost in the commune code → 01004
      gp('8904', '99999', ''), // unknown commune code
    ];
    const rpps = join(work, 'PS_LibreAcces_Personne_activite_202504.txt');
    writeFileSync(rpps, rppsText(rows));
    const pack = join(work, 'paquet');
    const result = await cli('import', '--out', pack, '--rpps', rpps);
    expect(result.code).toBe(EXIT.ok);
    const lines = result.output.split('\n');
    // The summary line keeps its form; the unmatched physicians follow (the fixture's GP without any code, and 99999).
    const summary = lines.findIndex((l) => l.startsWith('PS_LibreAcces_Personne_activite_202504.txt : '));
    expect(lines[summary]).toBe('PS_LibreAcces_Personne_activite_202504.txt : 24 lignes lues, 12 retenues.');
    expect(lines[summary + 1]).toBe(
      '  dont 1 médecin sans commune (code commune vide, code postal vide ou inconnu) ; 1 médecin au code commune inconnu du COG 2025 (99999).',
    );
    expect(result.output).toMatch(/Avertissement : RPPS : 2 médecins des neuf spécialités dans aucune commune/);

    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    const rppsReport: ImportReport = manifest.imports.at(-1);
    expect(rppsReport.rejected).toMatchObject({ 'sans commune': 1, 'commune inconnue': 1 });
    expect(rppsReport.notes).toContain('3 médecins placés par le code postal, faute de code commune (DATA_SPEC §B.5).');
    expect(rppsReport.notes).toContain(
      'Codes postaux partagés par plusieurs communes : médecins placés dans la plus peuplée, à vérifier : ' +
        '01500 → 01004 Ambérieu-en-Bugey (1 médecin, code partagé par 8 communes) ; 55100 → 55545 Verdun (1 médecin, code partagé par 26 communes).',
    );
    expect(rppsReport.notes).toContain('2 lignes au code commune ou postal complété (zéro initial perdu, 1004 → 01004) ou mis en majuscules (2a004 → 2A004).');

    const supply = join(work, 'offre.csv');
    expect((await cli('supply', '--pack', pack, '--out', supply)).code).toBe(EXIT.ok);
    const mg = readFileSync(supply, 'utf8').split('\n').filter((l) => /^(01004|55545|75056);MG;/.test(l));
    // 01004: 8902 and 8903; 55545: the fixture's GPs (2 sole + 1 secondary) and 8901; 75056: 8900 only.
    expect(mg).toEqual(['01004;MG;2;0;2.00', expect.stringMatching(/^55545;MG;3;1;/), '75056;MG;1;0;1.00']);
  });
});
