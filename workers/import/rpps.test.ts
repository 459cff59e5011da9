// RPPS import on both runtimes: kept rows, specialty per physician, principal and secondary sites,
// code remapping, structures; encodings and bad files.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { CONTROL_ROWS, insertRppsRaw, POSTAL_ROWS, rppsRawFromText, ZEROS_LOST_ROWS } from '../../tests/fixtures/rpps-communes';
import { rppsText, RPPS_HEADER } from '../../tests/fixtures/rpps-files';
import { openWasmDatabase } from '../../tests/support/duckdb-wasm-node';
import { memorySource, readReference, textSource } from '../../tests/support/sources';
import { PackDb } from '../db/pack-db';
import type { SqlDatabase } from '../db/sql-database';
import { loadReferenceTables } from './reference';
import { finalizeRpps, importRppsFile, normaliseRppsName } from './rpps';

const referencePack = resolve(import.meta.dirname, '..', '..', 'resources', 'generated', 'packs', 'reference-cog2025');

async function ready(open: () => Promise<SqlDatabase>) {
  const db = await open();
  await loadReferenceTables(db, readReference);
  await PackDb.load(db, async (name) => new Uint8Array(readFileSync(join(referencePack, name))));
  return db;
}

const rows = async (db: SqlDatabase, sql: string) => {
  const columns = await db.queryColumns(sql);
  const names = Object.keys(columns);
  return Array.from({ length: columns[names[0]].length }, (_, i) => names.map((n) => String(columns[n][i])).join('|'));
};

const runtimes = { native: () => openNodeDatabase(), wasm: () => openWasmDatabase() };

describe('noms de colonnes RPPS', () => {
  it('sont comparés sans accents, ponctuation ni petits mots', () => {
    expect(normaliseRppsName("Code genre d'activité")).toBe('code genre activite');
    expect(normaliseRppsName('Code genre activité')).toBe('code genre activite');
    expect(normaliseRppsName('Code commune (coord. structure)')).toBe('code commune');
    expect(normaliseRppsName('Indice répétition voie (coord. Structure)')).toBe('indice repetition voie');
  });
});

for (const [runtime, open] of Object.entries(runtimes)) {
  describe(`import RPPS (${runtime})`, () => {
    it('construit les sites principaux et secondaires selon DATA_SPEC §B.4', async () => {
      const db = await ready(open);
      const report = await importRppsFile(db, textSource('PS_LibreAcces_Personne_activite_202504.txt', rppsText(), { block: 211 }));
      expect(report.linesRead).toBe(19);
      expect(report.encoding).toBe('utf-8');
      const summary = await finalizeRpps(db);
      expect(summary.physicians).toBe(8);
      expect(summary.replacements).toBe(1);
      expect(summary.excluded).toEqual({
        'remplacement': 1,
        'sans commune': 1,
        'téléconsultation ou garde (raison sociale)': 1,
        'établissement hospitalier': 1,
      });
      expect(summary.unmatchedPhysicians).toEqual({ sansCommune: 1, communeInconnue: 0 });
      expect(await rows(db, 'SELECT * FROM sites')).toEqual([
        '01015|PSY|seul|0|1', // obsolete code 01340 → 01015
        '55181|OPH|secondaire|1|1',
        '55502|MG|seul|0|2', // centre de santé (S, SA05) and MSP (L, SA52)
        '55545|MG|secondaire|1|1', // the centre de santé doctor of Metz, one day here
        '55545|MG|seul|0|2', // two structures in the same commune make one site
        '55545|OPH|principal|1|1',
        '57463|MG|principal|1|1',
        '75056|CARDIO|seul|0|1', // arrondissement 75108 → Paris; SM26 + SM04 → cardiologist
      ]);
      expect(await rows(db, 'SELECT code_commune, nb_msp, nb_cds FROM structures_rpps')).toEqual(['55502|1|1', '55545|0|1', '57463|0|1']);
      // MG 4: the GP without commune (no postal code either) is placed nowhere but still practises.
      expect(await rows(db, 'SELECT * FROM rpps_liberaux')).toEqual(['CARDIO|1', 'MG|4', 'OPH|1', 'PSY|1']);
      await db.close();
    });
  });
}

describe('import RPPS : encodages et fichiers invalides', () => {
  it('lit un fichier Windows-1252 (Latin-1) comme un fichier UTF-8', async () => {
    const db = await ready(runtimes.native);
    const latin1 = new Uint8Array(Buffer.from(rppsText().replace('\uFEFF', ''), 'latin1'));
    const report = await importRppsFile(db, memorySource('PS_LibreAcces_Personne_activite.txt', latin1));
    expect(report.encoding).toBe('windows-1252');
    expect((await finalizeRpps(db)).physicians).toBe(8);
    const names = await db.queryColumns("SELECT count(*) AS n FROM rpps_raw WHERE secteur = 'SA07'");
    expect(Number(names.n[0])).toBeGreaterThan(0);
    await db.close();
  });

  it('refuse un fichier Open DAMIR donné à la place du RPPS', async () => {
    const db = await ready(runtimes.native);
    await expect(importRppsFile(db, textSource('A202401.csv', 'FLX_ANN_MOI;AGE_BEN_SNDS;\n202401;20;\n'))).rejects.toThrow(
      /séparateur « ; » trouvé, « \| » attendu/,
    );
    await expect(importRppsFile(db, textSource('rpps.txt', RPPS_HEADER.replace("Code secteur d'activité", 'Secteur') + '\n'))).rejects.toThrow(
      /colonne « code secteur activite » absente/,
    );
    await db.close();
  });
});

describe('import RPPS : savoir-faire dans un fichier SavoirFaire séparé', () => {
  it('donne les mêmes sites qu’un fichier Personne_activite complet', async () => {
    const combined = await ready(runtimes.native);
    await importRppsFile(combined, textSource('PS_LibreAcces_Personne_activite.txt', rppsText()));
    await finalizeRpps(combined);
    const expected = await rows(combined, 'SELECT * FROM sites');

    // Newer extractions: Personne_activite without the savoir-faire columns, and a SavoirFaire file.
    const lines = rppsText().replace('\uFEFF', '').trim().split('\r\n').map((l) => l.split('|'));
    const header = lines[0];
    const drop = ['Code type savoir-faire', 'Libellé type savoir-faire', 'Code savoir-faire', 'Libellé savoir-faire'].map((c) => header.indexOf(c));
    const activity = lines.map((fields) => fields.filter((_, i) => !drop.includes(i)).join('|')).join('\n') + '\n';
    const pp = header.indexOf('Identification nationale PP');
    const savoirFaire = [
      'Identification nationale PP|Code type savoir-faire|Code savoir-faire|',
      ...[...new Set(lines.slice(1).map((f) => [f[pp], f[drop[0]], f[drop[2]]].join('|')))].filter((l) => !l.endsWith('|')).map((l) => `${l}|`),
    ].join('\n') + '\n';
    const split = await ready(runtimes.native);
    await importRppsFile(split, textSource('PS_LibreAcces_Personne_activite.txt', activity));
    await importRppsFile(split, textSource('PS_LibreAcces_SavoirFaire.txt', savoirFaire));
    const summary = await finalizeRpps(split);
    expect(summary.physicians).toBe(8);
    expect(await rows(split, 'SELECT * FROM sites')).toEqual(expected);
    await combined.close();
    await split.close();
  });
});

for (const [runtime, open] of Object.entries(runtimes)) {
  describe(`RPPS : codes communes et repli sur le code postal, DATA_SPEC §B.5 (${runtime})`, () => {
    it('place par le code postal : une commune, ou la plus peuplée d’un code partagé (signalée)', async () => {
      const db = await ready(open);
      await insertRppsRaw(db, POSTAL_ROWS);
      const summary = await finalizeRpps(db);
      expect(await rows(db, 'SELECT * FROM sites')).toEqual([
        '01004|MG|seul|0|1', // 01500 (zero lost, spaces) shared by 8 communes → Ambérieu-en-Bugey, the most populated
        '55545|MG|seul|0|1', // 55100 shared by 26 communes → Verdun
        '55545|OPH|seul|0|1', // placed by its code; its second site without any code is set aside
        '75056|MG|seul|0|2', // 75108 by its code, and 75008 by the postal code only
      ]);
      expect(summary.physicians).toBe(5);
      expect(summary.excluded).toEqual({ 'sans commune': 3, 'commune inconnue': 1, 'établissement hospitalier': 1 });
      expect(summary.unmatchedPhysicians).toEqual({ sansCommune: 2, communeInconnue: 1 });
      expect(summary.unknownCommunes).toBe(1);
      expect(summary.unknownCommuneCodes).toEqual(['99999']);
      expect(summary.remappedCommunes).toBe(1);
      expect(summary.normalisedCodes).toBe(1);
      expect(summary.postalFallback).toEqual({
        physicians: 3,
        shared: [
          { codePostal: '01500', codeCommune: '01004', nom: 'Ambérieu-en-Bugey', communes: 8, physicians: 1 },
          { codePostal: '55100', codeCommune: '55545', nom: 'Verdun', communes: 26, physicians: 1 },
        ],
      });
      // The unmatched libéral GPs still count in the national productivity denominator.
      expect(await rows(db, 'SELECT * FROM rpps_liberaux')).toEqual(['MG|7', 'OPH|1']);
      await db.close();
    });

    it('des codes sans leur zéro initial (1004) donnent les mêmes sites que les codes INSEE', async () => {
      const control = await ready(open);
      await insertRppsRaw(control, CONTROL_ROWS);
      const expected = await finalizeRpps(control);
      const lost = await ready(open);
      await insertRppsRaw(lost, ZEROS_LOST_ROWS);
      const summary = await finalizeRpps(lost);
      const sites = ['01004|MG|seul|0|3', '2A004|MG|seul|0|1', '55545|MG|seul|0|1'];
      expect(await rows(control, 'SELECT * FROM sites')).toEqual(sites);
      expect(await rows(lost, 'SELECT * FROM sites')).toEqual(sites);
      expect(summary.physicians).toBe(expected.physicians);
      expect(summary.excluded).toEqual({});
      expect(summary.unmatchedPhysicians).toEqual({ sansCommune: 0, communeInconnue: 0 });
      // 1004, ' 1004 ', 2a004 and the postal codes 1500 (four rows in all, the fifth has no commune code but 1500).
      expect(expected.normalisedCodes).toBe(0);
      expect(summary.normalisedCodes).toBe(4);
      await control.close();
      await lost.close();
    });
  });
}

const fieldCases = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'field-cases');

describe.skipIf(!existsSync(fieldCases))('RPPS : cas de terrain', () => {
  const sitesOf = async (file: string) => {
    const db = await ready(runtimes.native);
    await insertRppsRaw(db, rppsRawFromText(readFileSync(join(fieldCases, file), 'utf8')));
    const summary = await finalizeRpps(db);
    const sites = await rows(db, 'SELECT * FROM sites');
    await db.close();
    return { summary, sites };
  };

  it('rpps-no-commune : Paris compte 2 généralistes, le 55100 est placé à Verdun et signalé', async () => {
    const { summary, sites } = await sitesOf('rpps-no-commune/PS_LibreAcces_Personne_activite_sans_commune.txt');
    expect(sites).toEqual(['55545|MG|seul|0|1', '75056|MG|seul|0|2']);
    expect(summary.excluded).toEqual({});
    expect(summary.postalFallback.physicians).toBe(2);
    expect(summary.postalFallback.shared.map((s) => `${s.codePostal}→${s.codeCommune}`)).toEqual(['55100→55545']);
  });

  it('codes-leading-zero : le fichier aux zéros perdus donne les sites du fichier témoin', async () => {
    const control = await sitesOf('codes-leading-zero/PS_LibreAcces_Personne_activite_control.txt');
    const lost = await sitesOf('codes-leading-zero/PS_LibreAcces_Personne_activite_zeros_lost.txt');
    expect(control.sites).toEqual(['01004|MG|seul|0|2', '55545|MG|seul|0|1']);
    expect(lost.sites).toEqual(control.sites);
    expect(lost.summary.normalisedCodes).toBe(2);
  });
});
