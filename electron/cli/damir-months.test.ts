// Open DAMIR flux months through the CLI, checked on the numbers: one flux month annualised from the
// month before it (its own month's first sliver set aside), `rates --annee` saying the forced year's plan,
// the same flux month given twice refused, and a later `--damir` import that replaces earlier flux months
// said loudly. Files in the real layout (tests/fixtures/damir-files.ts), acts from a lag model.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAMIR_HEADER_LINE, damirLine, damirMonthLines } from '../../tests/fixtures/damir-files';
import { POPULATION_COMMUNES, tdPop1b } from '../../tests/fixtures/population-files';
import { EXIT, runCli } from './run';

const work = mkdtempSync(join(tmpdir(), 'ts-damir-months-'));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};

/**
 * GP acts (ages 40–49, Grand Est) of a care month processed in flux month m + k, k = 0 … 6: a first
 * sliver in the care month itself, most of them the month after, thin late claims for five more months.
 */
const LAG_ACTS = [500, 1300, 100, 25, 25, 25, 25];

/** The flux month `flux` (YYYYMM) as Open DAMIR publishes it: one line per care month it carries. */
function fluxMonthText(flux: number): string {
  const lines = [DAMIR_HEADER_LINE];
  LAG_ACTS.forEach((acts, k) => {
    const index = Math.floor(flux / 100) * 12 + (flux % 100) - 1 - k;
    lines.push(
      damirLine({
        FLX_ANN_MOI: flux, SOI_ANN: Math.floor(index / 12), SOI_MOI: String((index % 12) + 1).padStart(2, '0'),
        PSE_SPE_SNDS: 1, PRS_NAT: 1111, AGE_BEN_SNDS: 40, BEN_RES_REG: 44, EXE_INS_REG: 44,
        PRS_REM_TYP: 0, PRS_ACT_QTE: acts, FLT_ACT_QTE: acts,
      }),
    );
  });
  return lines.join('\n') + '\n';
}

/** Inhabitants aged 40–49 in tdPop1b(): ten single years of every commune. */
const POP_40_49 = POPULATION_COMMUNES.reduce((s, [, perAge]) => s + perAge * 10, 0);

async function cli(...argv: string[]) {
  const out = { stdout: '', stderr: '' };
  const code = await runCli(argv, { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } });
  return { code, ...out };
}

/** `rates` on a pack: the MG 40–49 row (acts, rate) and what was said on stderr. */
async function mgRate(pack: string, ...options: string[]) {
  const out = join(work, `taux-${Math.random().toString(36).slice(2)}.csv`);
  const result = await cli('rates', '--pack', pack, ...options, '--out', out);
  expect(result.code).toBe(EXIT.ok);
  const rows = parse(readFileSync(out, 'utf8'), { columns: true, delimiter: ';' }) as Record<string, string>[];
  const mg = rows.find((r) => r.specialite === 'MG' && r.tranche_age === '40')!;
  return { acts: Number(mg.actes), rate: Number(mg.taux), population: Number(mg.population), stderr: result.stderr };
}

const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const warnings = (pack: string): string[] => JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8')).warnings;
let a202402: string, a202403: string, a202404: string, population: string;

beforeAll(() => {
  a202402 = file('A202402.csv.gz', gzipSync(fluxMonthText(202402)));
  a202403 = file('A202403.csv.gz', gzipSync(fluxMonthText(202403)));
  a202404 = file('A202404.csv.gz', gzipSync(fluxMonthText(202404)));
  population = file('TD_POP1B_2021.csv', tdPop1b());
});

describe('un seul mois de flux', () => {
  const pack = join(work, 'un-flux');

  it('annualise le mois m − 1 seul : la première tranche du mois m est écartée, et le résumé le dit', async () => {
    const result = await cli('import', '--out', pack, '--damir', a202402, '--population', population);
    expect(result.code).toBe(EXIT.ok);
    const summary = plain(result.stderr.split('\n').find((l) => l.startsWith('Avertissement : Année de soins'))!);
    expect(summary).toBe(
      'Avertissement : Année de soins 2024 (90 % des actes importés ; autres années de soins : 2023) : 2 mois présents, 1 retenu, ' +
        'actes annualisés (× 12 / 1) ; mois retenus 01 (1 seul mois de flux, A202402) ; mois possiblement incomplets ' +
        '(aucun n’a reçu ses 7 mois de flux, du mois de soins à 6 mois après) ; mois écartés : 02 (1 seul mois de flux, A202402 : ' +
        '500 actes, moins de la moitié des 1 300 actes du mois 01, le plus fort mois présent). ' +
        'Pour une année complète, importez en une seule fois les flux A202401 à A202506.',
    );
    const rate = await mgRate(pack);
    expect(rate.population).toBe(POP_40_49);
    // January 2024 (1 300 acts) × 12; not (1 300 + 500) × 12 / 2 = 10 800 with February's first sliver.
    expect(rate.acts).toBeCloseTo(15_600, 6);
    expect(rate.rate).toBeCloseTo(15_600 / POP_40_49, 6);
    // The default year is not forced: stdout stays the CSV, stderr says nothing (contract of `rates`).
    expect(rate.stderr).toBe('');
  });

  it('rates --annee 2023 (soins tardifs seulement) dit les mois et leur complétude sur stderr', async () => {
    const rate = await mgRate(pack, '--annee', '2023');
    // 2023 holds only late claims of A202402: December 100 acts (k = 2), August–November 25 each.
    expect(plain(rate.stderr)).toBe(
      'Avertissement : Année de soins 2023 : 5 mois présents, 1 retenu, actes annualisés (× 12 / 1) ; ' +
        'mois retenus 12 (1 seul mois de flux, A202402) ; mois possiblement incomplets ' +
        '(aucun n’a reçu ses 7 mois de flux, du mois de soins à 6 mois après) ; mois écartés : 08 à 11 (1 seul mois de flux, A202402 : ' +
        '25 actes, moins de la moitié des 100 actes du mois 12, le plus fort mois présent). ' +
        'Pour une année complète, importez en une seule fois les flux A202301 à A202406.\n',
    );
    expect(rate.acts).toBeCloseTo(100 * 12, 6);
    const forcedDefault = await mgRate(pack, '--annee', '2024');
    expect(forcedDefault.acts).toBeCloseTo(15_600, 6);
    expect(forcedDefault.stderr).toMatch(/^Avertissement : Année de soins 2024 : 2 mois présents, 1 retenu/);
  });
});

describe('le même mois de flux donné deux fois', () => {
  it('une copie du même fichier : refus qui nomme les deux fichiers, aucun paquet écrit', async () => {
    const copy = file('copie-de-A202402.csv.gz', readFileSync(a202402));
    const pack = join(work, 'copie');
    const result = await cli('import', '--out', pack, '--damir', a202402, '--damir', copy, '--population', population);
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toBe(
      'Erreur : Fichiers Open DAMIR « A202402.csv.gz » et « copie-de-A202402.csv.gz » : contenu identique (même empreinte SHA-256). ' +
        'Ses actes seraient comptés deux fois : retirez l’un des deux fichiers et relancez l’import.\n',
    );
    expect(existsSync(pack)).toBe(false);
  });

  it('deux fichiers différents du même mois de flux (FLX_ANN_MOI) : refus', async () => {
    // Two downloads of flux month 202402 that differ (generated care month 2024-01, two seeds).
    const first = file('A202402-a.csv.gz', gzipSync([...damirMonthLines(2024, 1, 500, 1)].join('\n') + '\n'));
    const second = file('autre-A202402.csv.gz', gzipSync([...damirMonthLines(2024, 1, 500, 2)].join('\n') + '\n'));
    const pack = join(work, 'meme-flux');
    const result = await cli('import', '--out', pack, '--damir', first, '--damir', second);
    expect(result.code).toBe(EXIT.badData);
    expect(result.stderr).toContain('Fichiers Open DAMIR « A202402-a.csv.gz » et « autre-A202402.csv.gz » : tous deux portent le mois de flux A202402');
    expect(existsSync(pack)).toBe(false);
  });

  it('deux mois de flux différents : chacun compté une fois', async () => {
    const pack = join(work, 'deux-flux');
    expect((await cli('import', '--out', pack, '--damir', a202402, '--damir', a202403, '--population', population)).code).toBe(EXIT.ok);
    // January 1 300 + 100, February 500 + 1 300; March (500, its first sliver) below half of February.
    const rate = await mgRate(pack);
    expect(rate.acts).toBeCloseTo((1400 + 1800) * 6, 6);
  });
});

describe('un nouvel import --damir remplace les mois de flux importés auparavant', () => {
  const pack = join(work, 'reimport');
  const replaced = (text: string) => text.split('\n').filter((l) => / Open DAMIR importé(e)?s auparavant/.test(l)).map(plain);

  it('le dit fort, et les taux ne portent plus que les mois de cet import', async () => {
    expect((await cli('import', '--out', pack, '--damir', a202402, '--population', population)).code).toBe(EXIT.ok);
    const result = await cli('import', '--out', pack, '--damir', a202403);
    expect(result.code).toBe(EXIT.ok);
    const message =
      'Les flux Open DAMIR importés auparavant (A202402) sont remplacés par ceux de cet import (A202403) : ' +
      'importez en une seule fois tous les mois de flux de l’année (A202401 à A202506).';
    expect(replaced(result.stderr)).toEqual([`Avertissement : ${message}`]);
    expect(warnings(pack)).toContain(message);
    const manifest = JSON.parse(readFileSync(join(pack, 'manifest.json'), 'utf8'));
    expect(manifest.sources.filter((s: { kind: string }) => s.kind === 'damir').map((s: { vintage: string }) => s.vintage)).toEqual(['flux 202403']);
    // Only A202403: February 1 300 × 12 (January's 100 late acts and March's 500 set aside).
    expect((await mgRate(pack)).acts).toBeCloseTo(15_600, 6);
  });

  it('en partie : nomme les mois qui ne sont plus dans le paquet', async () => {
    expect((await cli('import', '--out', pack, '--damir', a202402, '--damir', a202403)).code).toBe(EXIT.ok);
    const result = await cli('import', '--out', pack, '--damir', a202403, '--damir', a202404);
    expect(replaced(result.stderr)).toEqual([
      'Avertissement : Les flux Open DAMIR importés auparavant (A202402, A202403) sont remplacés par ceux de cet import (A202403, A202404) ; ' +
        'A202402 n’y est plus : importez en une seule fois tous les mois de flux de l’année (A202401 à A202506).',
    ]);
  });

  it('tous les mois d’avant redonnés : pas d’avertissement, l’ancien est retiré', async () => {
    const result = await cli('import', '--out', pack, '--damir', a202402, '--damir', a202403, '--damir', a202404);
    expect(result.code).toBe(EXIT.ok);
    expect(replaced(result.stderr)).toEqual([]);
    expect(warnings(pack).filter((w) => / Open DAMIR importé(e)?s auparavant/.test(w))).toEqual([]);
    // January 1 400 + 25 (A202404, k = 3), February 1 800 + 100, March 500 + 1 300; April 500 set aside.
    expect((await mgRate(pack)).acts).toBeCloseTo((1425 + 1900 + 1800) * 4, 6);
  });
});
