// No input file can end in an internal error: for every source kind, hostile and random inputs either
// import or are refused with a French ImportError that names the file — and a refused import leaves
// nothing half-built (buildPack returns files only on success).
import fc from 'fast-check';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDatabase } from '../../electron/cli/duckdb-node';
import { packFolderReader } from '../../electron/cli/files';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from '../../electron/cli/packs';
import { DAMIR_HEADER_LINE } from '../../tests/fixtures/damir-files';
import { RPPS_HEADER } from '../../tests/fixtures/rpps-files';
import { memorySource } from '../../tests/support/sources';
import type { SqlDatabase } from '../db/sql-database';
import { buildPack, type ImportRequest } from './pack-builder';
import { ImportError, type ImportSource } from './source-reader';

const encoder = new TextEncoder();
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

/** Shapes people really produce, for any kind of file. */
function hostileFiles(name: string, header: string): [string, Uint8Array][] {
  const separator = header.includes('|') ? '|' : ';';
  const width = header.split(separator).length;
  const row = (value: string) => Array.from({ length: width }, () => value).join(separator);
  const gz = gzipSync(encoder.encode(`${header}\n${row('1')}\n`.repeat(1)));
  return [
    ['vide', new Uint8Array(0)],
    ['en-tête seul', encoder.encode(`${header}\n`)],
    ['en-tête seul CRLF', encoder.encode(`${header}\r\n`)],
    ['binaire', Uint8Array.from({ length: 2000 }, (_, i) => (i * 37) % 256)],
    ['image PNG', PNG],
    ['gzip tronqué', gz.subarray(0, Math.floor(gz.length / 2))],
    ['zip vide', zipSync({})],
    ['zip d’image', zipSync({ 'carte.png': PNG })],
    ['guillemet ouvert', encoder.encode(`${header}\n"${row('x')}\n${row('2')}\n`)],
    ['ligne démesurée', encoder.encode(`${header}\n${'x'.repeat(3_000_000)}\n${row('3')}\n`)],
    ['octet nul plus loin', encoder.encode(`${header}\n${row('4')}\n`.padEnd(70_000, ' ') + '\u0000\n')],
    ['champs en trop et en moins', encoder.encode(`${header}\n${row('5')}${separator}extra\n1${separator}2\n`)],
    ['mauvais séparateur', encoder.encode(header.replaceAll(separator, ',') + '\n')],
    ['texte sans séparateur', encoder.encode('bonjour\nau revoir\n')],
    ['page web', encoder.encode('<!DOCTYPE html><html><body>Lien expiré</body></html>')],
  ].map(([label, bytes]) => [`${name} (${label})`, bytes as Uint8Array]);
}

const KINDS: { kind: keyof ImportRequest; name: string; header: string }[] = [
  { kind: 'damir', name: 'A202401.csv', header: DAMIR_HEADER_LINE },
  { kind: 'rpps', name: 'PS_LibreAcces_Personne_activite.txt', header: RPPS_HEADER },
  { kind: 'population', name: 'TD_POP1B_2021.csv', header: 'NIVGEO;CODGEO;LIBGEO;SEXE;AGED100;NB' },
  { kind: 'zonages', name: 'appartenance.csv', header: 'CODGEO;LIBGEO;EPCI;BV2022;DEP' },
  { kind: 'times', name: 'temps.csv', header: 'origine;destination;minutes' },
  { kind: 'bpe', name: 'DS_BPE_2024_data.csv', header: 'GEO;GEO_OBJECT;FACILITY_TYPE;TIME_PERIOD;OBS_VALUE' },
  { kind: 'finess', name: 'etalab-cs1100507.csv', header: 'finess;etalab;100;2024-01-01' },
  { kind: 'cartosante', name: 'cartosante.csv', header: 'Code;Libellé;Part des bénéf. en ALD dans la pop 2022' },
  { kind: 'pathologies', name: 'effectifs.csv', header: 'annee;patho_niv1;patho_niv2;patho_niv3;top;cla_age_5;sexe;region;dept;Ntop;Npop;prev;Niveau prioritaire;libelle_classe_age;libelle_sexe;tri' },
  { kind: 'projections', name: 'donnees_det_Central.csv', header: 'ZONE;SEXE;TRAGE;POP_2018;POP_2019;POP_2070' },
  { kind: 'geometry', name: 'communes.geojson', header: '{"type":"FeatureCollection","features":[' },
];

const request = (kind: keyof ImportRequest, source: ImportSource): ImportRequest =>
  (['damir', 'rpps', 'zonages'].includes(kind) ? { [kind]: [source] } : { [kind]: source }) as ImportRequest;

let db: SqlDatabase;
beforeAll(async () => {
  db = await openNodeDatabase({ threads: 1 });
});
afterAll(async () => db.close());

/** The import of one file: succeeds, or fails with a French ImportError naming it; never anything else. */
async function importOrRefuse(kind: keyof ImportRequest, source: ImportSource): Promise<void> {
  try {
    await buildPack(db, packFolderReader(REFERENCE_PACK_FOLDER), packFolderReader(REFERENCE_TABLES_FOLDER), request(kind, source), { id: 't', label: 't' });
  } catch (error) {
    expect(error, `${source.name} : ${(error as Error).message}`).toBeInstanceOf(ImportError);
    const message = (error as Error).message;
    if (process.env.SHOW_MESSAGES) console.log(message.slice(0, 220));
    expect(message).toContain(source.name.split(' › ')[0].replace(/ \(.*$/, ''));
    expect(message).not.toMatch(/interne|undefined|null|\[object/i);
  }
}

describe('aucune entrée ne finit en erreur interne', () => {
  for (const { kind, name, header } of KINDS) {
    it(`${kind} : fichiers vides, binaires, tronqués, mal formés`, async () => {
      for (const [label, bytes] of hostileFiles(name, header)) await importOrRefuse(kind, memorySource(label, bytes));
    }, 120_000);
  }

  it('textes aléatoires sous un en-tête valide (population, RPPS)', async () => {
    const line = fc.array(fc.oneof(fc.string(), fc.constantFrom('"', ';', '|', '\r', '\n', '\t', '1001', '2A004', 'é', '\u0092')), { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(KINDS[1], KINDS[2]), fc.array(line, { maxLength: 20 }), async ({ kind, name, header }, lines) => {
        await importOrRefuse(kind, memorySource(name, encoder.encode([header, ...lines].join('\n'))));
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
