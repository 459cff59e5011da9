// RPPS import on both runtimes: kept rows, specialty per physician, principal and secondary sites,
// code remapping, structures; encodings and bad files.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
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
      expect(await rows(db, 'SELECT * FROM rpps_liberaux')).toEqual(['CARDIO|1', 'MG|3', 'OPH|1', 'PSY|1']);
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
