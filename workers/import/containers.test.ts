// The forms users download: which member or sheet is read, the bytes and values handed on, and what a
// file that is not data is told to be.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  ambiguousPopulationZip, baseCcZip, bpeZip, bttZip, bytesOf, imagesZip, oldQuinquennalZip, pngFile, quinquennalColumns,
  quinquennalWorkbook, quinquennalZip, rppsMembers, rppsZipInFolder, streamedZip, utf16Text, xlsFile, zipOf, zoningWorkbook,
} from '../../tests/fixtures/containers';
import { memorySource } from '../../tests/support/sources';
import { archiveContent, sniffContent, unpackSource, type UnpackedSource } from './containers';
import { describeNonGeometry } from './geometry-archive';
import { ImportCancelled, readAll, type ImportSource } from './source-reader';

const fieldCases = resolve(import.meta.dirname, '..', '..', '..', 'shared', 'field-cases');
const fieldCase = (...path: string[]) => resolve(fieldCases, ...path);
const hasFieldCases = existsSync(fieldCases);

/** Byte-for-byte equality (vitest's deep equality is slow on large typed arrays). */
const expectBytes = (actual: Uint8Array, expected: Uint8Array) => {
  expect(actual.length).toBe(expected.length);
  expect(Buffer.compare(actual, expected)).toBe(0);
};
const text = async (source: ImportSource) => new TextDecoder().decode(await readAll(source));
const lines = async (source: ImportSource) => (await text(source)).split('\n').filter((l) => l !== '');

/** A source that counts the bytes its streams have handed out. */
function countingSource(name: string, bytes: Uint8Array, block = 64 * 1024) {
  const counter = { read: 0 };
  const source: ImportSource = {
    name,
    size: bytes.length,
    async *stream() {
      for (let offset = 0; offset < bytes.length; offset += block) {
        counter.read += Math.min(block, bytes.length - offset);
        yield bytes.subarray(offset, offset + block);
      }
    },
  };
  return { source, counter };
}

describe('nature d’un fichier d’après ses premiers octets', () => {
  it('reconnaît les signatures et distingue texte, page web et binaire', () => {
    expect(sniffContent(new Uint8Array(gzipSync(bytesOf('a;b\n'))))).toBe('gzip');
    expect(sniffContent(zipOf({ 'a.csv': bytesOf('a;b\n') }))).toBe('zip');
    expect(sniffContent(xlsFile())).toBe('ole2');
    expect(sniffContent(pngFile())).toBe('png');
    expect(sniffContent(bytesOf('%PDF-1.7\n'))).toBe('pdf');
    expect(sniffContent(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffContent(bytesOf('GIF89a'))).toBe('gif');
    expect(sniffContent(utf16Text('a\tb\r\n'))).toBe('utf16le');
    expect(sniffContent(bytesOf('\uFEFFCODGEO;NB\n01001;3\n'))).toBe('text');
    expect(sniffContent(bytesOf('  <!DOCTYPE html><html><body>Session expirée</body></html>'))).toBe('html');
    expect(sniffContent(new Uint8Array([1, 2, 0, 4]))).toBe('binary');
    expect(sniffContent(new Uint8Array(0))).toBe('empty');
  });

  it('reconnaît aussi TIFF, GeoPackage, Parquet, 7-Zip, RAR, .shp et l’UTF-16 gros-boutiste', () => {
    expect(sniffContent(new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]))).toBe('tiff');
    expect(sniffContent(new Uint8Array([0x4d, 0x4d, 0, 0x2a, 0, 0, 0, 8]))).toBe('tiff');
    expect(sniffContent(bytesOf('SQLite format 3\u0000\u0010\u0000'))).toBe('sqlite');
    // The first bytes DuckDB writes (COPY … FORMAT parquet): PAR1, then the first page header.
    expect(sniffContent(new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x00, 0x15, 0x14]))).toBe('parquet');
    expect(sniffContent(bytesOf('PAR1;PAR2\n1;2\n'))).toBe('text');
    expect(sniffContent(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))).toBe('7z');
    expect(sniffContent(bytesOf('Rar!\u001a\u0007\u0001\u0000'))).toBe('rar');
    expect(sniffContent(new Uint8Array([0, 0, 0x27, 0x0a, 0, 0, 0, 0]))).toBe('shp');
    expect(sniffContent(utf16Text('a', true))).toBe('utf16be');
  });

  it('dit d’un zip si c’est un classeur ou un document, d’après ses membres', () => {
    expect(archiveContent(['[Content_Types].xml', 'xl/workbook.xml', 'xl/worksheets/sheet1.xml'])).toBe('xlsx');
    expect(archiveContent(['mimetype', 'content.xml'], 'application/vnd.oasis.opendocument.spreadsheet')).toBe('ods');
    expect(archiveContent(['mimetype', 'content.xml'], 'application/vnd.oasis.opendocument.text')).toBe('office');
    expect(archiveContent(['[Content_Types].xml', 'word/document.xml'])).toBe('office');
    expect(archiveContent(['COMMUNE.shp', 'COMMUNE.dbf', 'notice.pdf'])).toBe('zip');
  });
});

describe('fichiers lus tels quels', () => {
  it('rend le même objet pour un texte et pour un gzip (DuckDB lit le .gz lui-même)', async () => {
    const csv = memorySource('TD_POP1B_2022.csv', bytesOf('CODGEO;AGED100;NB\n01001;000;3\n'));
    expect(await unpackSource(csv, 'population')).toEqual([csv]);
    expect((await unpackSource(csv, 'population'))[0]).toBe(csv);
    const gz = memorySource('A202401.csv.gz', new Uint8Array(gzipSync(bytesOf('FLX_ANN_MOI;PRS_ACT_QTE\n202401;1\n'))));
    expect((await unpackSource(gz, 'damir'))[0]).toBe(gz);
  });

  it('lit par le contenu, pas par l’extension : un CSV nommé .xlsx reste un texte', async () => {
    const csv = memorySource('population.xlsx', bytesOf('CODGEO;AGED100;NB\n01001;000;3\n'));
    expect((await unpackSource(csv, 'population'))[0]).toBe(csv);
  });

  it('convertit en UTF-8 un « Texte Unicode » (UTF-16) enregistré par Excel', async () => {
    const [source] = await unpackSource(memorySource('cpts.txt', utf16Text('code_commune\tcode_territoire\r\n55545\tCPTS Verdun é\r\n'), 7), 'grille-perso');
    expect(await text(source)).toBe('code_commune\tcode_territoire\r\n55545\tCPTS Verdun é\r\n');
    expect(source.notes?.[0]).toBe('Fichier « cpts.txt » : texte Unicode (UTF-16) converti en UTF-8.');
    expect(source.size).toBe(utf16Text('code_commune\tcode_territoire\r\n55545\tCPTS Verdun é\r\n').length);
  });

  it('convertit aussi l’UTF-16 gros-boutiste (marque FE FF)', async () => {
    const content = 'code_commune;code_territoire\n2A004;CPTS Ajaccio œ\n';
    const [source] = await unpackSource(memorySource('cpts.txt', utf16Text(content, true), 5), 'grille-perso');
    expect(await text(source)).toBe(content);
  });
});

describe('archive de l’extraction RPPS (ANS)', () => {
  it('lit Personne_activite puis SavoirFaire, membres dans un sous-dossier, tailles du répertoire central', async () => {
    const m = rppsMembers();
    const zip = rppsZipInFolder();
    const sources = await unpackSource(memorySource('PS_LibreAcces_202604020915.zip', zip, 1000), 'rpps');
    const folder = 'PS_LibreAcces_202604020915/';
    expect(sources.map((s) => s.name)).toEqual([
      `PS_LibreAcces_202604020915.zip › ${folder}${m.personne.name}`,
      `PS_LibreAcces_202604020915.zip › ${folder}${m.savoirFaire.name}`,
    ]);
    expectBytes(await readAll(sources[0]), m.personne.bytes);
    expectBytes(await readAll(sources[1]), m.savoirFaire.bytes);
    // Data descriptors: the local headers carry no size, the central directory does.
    expect(sources.map((s) => s.size)).toEqual([m.personne.bytes.length, m.savoirFaire.bytes.length]);
    expect(sources[0].notes?.[0]).toMatch(/ignoré « .*Dipl_AutExerc_202604020915\.txt » \(diplômes et autorisations d’exercice, non utilisés\)/);
    // Each stream reads the archive again: a second read gives the same bytes.
    expectBytes(await readAll(sources[0]), m.personne.bytes);
  });

  it('refuse une archive sans Personne_activite en listant ses membres', async () => {
    const m = rppsMembers();
    const zip = zipOf({ [m.savoirFaire.name]: m.savoirFaire.bytes, [m.diplomes.name]: m.diplomes.bytes, 'lisez-moi.pdf': bytesOf('%PDF-1.4') });
    await expect(unpackSource(memorySource('PS_LibreAcces_202604020915.zip', zip), 'rpps')).rejects.toThrow(
      /« PS_LibreAcces_202604020915\.zip » : archive zip sans fichier PS_LibreAcces_Personne_activite \(elle contient « PS_LibreAcces_SavoirFaire_202604020915\.txt », « PS_LibreAcces_Dipl_AutExerc_202604020915\.txt », « lisez-moi\.pdf » \(document PDF\)\)/,
    );
  });

  it.skipIf(!hasFieldCases)('cas de terrain : le zip PS_LibreAcces tel qu’il est téléchargé', async () => {
    const bytes = new Uint8Array(readFileSync(fieldCase('zip-packages', 'PS_LibreAcces_202511300812.zip')));
    const reference = unzipSync(bytes);
    const sources = await unpackSource(memorySource('PS_LibreAcces_202511300812.zip', bytes, 333), 'rpps');
    // Its SavoirFaire holds only a header line (the specialties are in Personne_activite): left out, and said.
    expect(sources.map((s) => s.name)).toEqual(['PS_LibreAcces_202511300812.zip › PS_LibreAcces_Personne_activite_202511300812.txt']);
    expectBytes(await readAll(sources[0]), reference['PS_LibreAcces_Personne_activite_202511300812.txt']);
    expect(sources[0].size).toBe(2248);
    expect(sources[0].notes?.[0]).toBe(
      'Archive « PS_LibreAcces_202511300812.zip » : lu « PS_LibreAcces_Personne_activite_202511300812.txt » ; ' +
        'ignorés « PS_LibreAcces_Dipl_AutExerc_202511300812.txt » (diplômes et autorisations d’exercice, non utilisés), ' +
        '« PS_LibreAcces_SavoirFaire_202511300812.txt » (en-tête seul, aucune ligne de données).',
    );
  });
});

describe('archives de l’INSEE : le fichier de données choisi par son nom', () => {
  it('BTT_TD_POP1B : le CSV de données, ni le dictionnaire varmod ni la notice PDF', async () => {
    const { zip, data } = bttZip();
    const sources = await unpackSource(memorySource('BTT_TD_POP1B_2022.zip', zip), 'population');
    expect(sources).toHaveLength(1);
    expect(sources[0].name).toBe('BTT_TD_POP1B_2022.zip › TD_POP1B_2022.csv');
    expect(sources[0].size).toBe(data.length);
    expectBytes(await readAll(sources[0]), data);
    expect(sources[0].notes?.[0]).toBe(
      'Archive « BTT_TD_POP1B_2022.zip » : lu « TD_POP1B_2022.csv » ; ignorés « varmod_TD_POP1B_2022.csv » (métadonnées), « notice.pdf » (documentation).',
    );
  });

  it('base-cc : le CSV de données, pas le fichier meta_', async () => {
    const { zip, data } = baseCcZip();
    const [source, ...rest] = await unpackSource(memorySource('base-cc-evol-struct-pop-2022_csv.zip', zip), 'population');
    expect(rest).toHaveLength(0);
    expect(source.name).toBe('base-cc-evol-struct-pop-2022_csv.zip › base-cc-evol-struct-pop-2022.CSV');
    expect(await text(source)).toBe(new TextDecoder().decode(data));
  });

  it('BPE : DS_BPE_…_data.csv, pas le fichier de métadonnées', async () => {
    const { zip, data } = bpeZip();
    const [source, ...rest] = await unpackSource(memorySource('DS_BPE_CSV_FR.zip', zip), 'bpe');
    expect(rest).toHaveLength(0);
    expect(source.name).toBe('DS_BPE_CSV_FR.zip › DS_BPE_2024_data.csv');
    expectBytes(await readAll(source), data);
  });

  it('refuse deux fichiers que ni le nom ni la taille ne départagent, en les nommant', async () => {
    await expect(unpackSource(memorySource('population.zip', ambiguousPopulationZip()), 'population')).rejects.toThrow(
      '« population.zip » : archive zip contenant plusieurs fichiers de données possibles (« TD_POP1B_2021.csv », « TD_POP1B_2022.csv ») : impossible de savoir lequel importer.',
    );
  });

  it('départage par la taille un fichier de données et un petit fichier au nom muet', async () => {
    const { data } = bttZip();
    const zip = zipOf({ 'lisez.csv': bytesOf('a;b\n1;2\n'), 'export.csv': data });
    const [source] = await unpackSource(memorySource('export.zip', zip), 'population');
    expect(source.name).toBe('export.zip › export.csv');
    expect(source.notes?.[0]).toContain('« lisez.csv » (bien plus petit que le fichier retenu)');
  });

  it('garde tous les fichiers de données d’une archive de zonages (appartenance et libellés)', async () => {
    const zip = zipOf({ 'table-appartenance.csv': bytesOf('CODGEO;EPCI\n55545;200049187\n'), 'libelles.csv': bytesOf('NIVGEO;CODGEO;LIBGEO\nEPCI;200049187;CA du Grand Verdun\n') });
    const sources = await unpackSource(memorySource('zonages.zip', zip), 'zonages');
    expect(sources.map((s) => s.name)).toEqual(['zonages.zip › table-appartenance.csv', 'zonages.zip › libelles.csv']);
  });

  it.skipIf(!hasFieldCases)('cas de terrain : BTT_TD_POP1B_2021.zip donne son CSV', async () => {
    const bytes = new Uint8Array(readFileSync(fieldCase('zip-packages', 'BTT_TD_POP1B_2021.zip')));
    const [source, ...rest] = await unpackSource(memorySource('BTT_TD_POP1B_2021.zip', bytes), 'population');
    expect(rest).toHaveLength(0);
    expect(source.name).toBe('BTT_TD_POP1B_2021.zip › TD_POP1B_2021.csv');
    expect(source.size).toBe(30741);
    expectBytes(await readAll(source), unzipSync(bytes)['TD_POP1B_2021.csv']);
  });
});

describe('lecture en flux d’un membre', () => {
  // 1 MB of lines: the first inflated bytes must come before the archive has been read to its end,
  // and reading stops once the member is complete.
  const big = bytesOf(Array.from({ length: 25_000 }, (_, i) => `${i};${String(i * 7919 % 100_000).padStart(5, '0')};ligne de données ${i % 97}`).join('\n') + '\n');
  const tail = bytesOf(Array.from({ length: 25_000 }, (_, i) => `${(i * 104729) % 1_000_003}`).join('\n'));

  it('rend les premiers octets avant la fin de l’archive, et n’en lit pas la suite', async () => {
    const zip = streamedZip({ 'PS_LibreAcces_Personne_activite_202604020915.txt': big, 'PS_LibreAcces_zzz_autre.txt': tail });
    const { source: archive, counter } = countingSource('PS_LibreAcces_202604020915.zip', zip, 16 * 1024);
    const [member] = await unpackSource(archive, 'rpps');
    counter.read = 0;
    const iterator = member.stream()[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    expect(counter.read).toBeLessThan(zip.length / 4);
    await iterator.return?.();
    counter.read = 0;
    expectBytes(await readAll(member), big);
    expect(counter.read).toBeLessThan(zip.length);
    expect(member.size).toBe(big.length);
  });

  it('dit d’une archive tronquée qu’elle est incomplète', async () => {
    const zip = streamedZip({ 'TD_POP1B_2022.csv': big });
    const truncated = zip.subarray(0, Math.floor(zip.length / 2));
    await expect(unpackSource(memorySource('BTT_TD_POP1B_2022.zip', truncated), 'population')).rejects.toThrow(
      '« BTT_TD_POP1B_2022.zip » : archive zip abîmée ou incomplète (téléchargement interrompu ?) : retéléchargez-la.',
    );
  });

  it('s’arrête à l’annulation', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(unpackSource(memorySource('BTT.zip', bttZip().zip), 'population', controller.signal)).rejects.toBeInstanceOf(ImportCancelled);
  });
});

describe('classeurs INSEE (.xlsx)', () => {
  const header = ['RR', 'DR', 'DR24', 'CR', 'STABLE', 'LIBELLE', ...quinquennalColumns(2022)].join(';');

  it('série quinquennale : la feuille COM la plus récente, en-tête trouvé par ses colonnes, codes en texte', async () => {
    const sources = await unpackSource(memorySource('pop-sexe-age-quinquennal6822.xlsx', await quinquennalWorkbook()), 'population');
    expect(sources.map((s) => s.name)).toEqual(['pop-sexe-age-quinquennal6822.xlsx (feuille COM_2022)']);
    const [head, ambérieu, verdun, ...rest] = await lines(sources[0]);
    expect(head).toBe(header);
    expect(ambérieu).toBe(['84', '01', '01', '004', '1', 'Ambérieu-en-Bugey', ...Array.from({ length: 40 }, (_, i) => String(0.5 + i))].join(';'));
    expect(verdun).toBe(['84', '55', '55', '545', '1', 'Verdun', '1234567', ...Array.from({ length: 39 }, () => '12.345678')].join(';'));
    expect(rest).toEqual([]); // the note row under the data is left out
    expect(sources[0].notes?.[0]).toBe(
      'Classeur « pop-sexe-age-quinquennal6822.xlsx » : feuille « COM_2022 » lue, en-tête en ligne 8, 2 lignes (1 ligne de note ignorée) ; ' +
        'feuilles ignorées : « Avertissement », « COM_2015 ».',
    );
  });

  it('le classeur dans son zip (pop-sexe-age-quinquennal6822.zip) donne les mêmes lignes', async () => {
    const direct = await lines((await unpackSource(memorySource('x.xlsx', await quinquennalWorkbook()), 'population'))[0]);
    const [source] = await unpackSource(memorySource('pop-sexe-age-quinquennal6822.zip', await quinquennalZip()), 'population');
    expect(source.name).toBe('pop-sexe-age-quinquennal6822.zip › pop-sexe-age-quinquennal6822.xlsx (feuille COM_2022)');
    expect(await lines(source)).toEqual(direct);
    expect(source.notes?.[0]).toContain('Archive « pop-sexe-age-quinquennal6822.zip » : lu « pop-sexe-age-quinquennal6822.xlsx »');
  });

  it('zonages : les feuilles COM et Zones_supra_communales, pas la documentation', async () => {
    const sources = await unpackSource(memorySource('table-appartenance-geo-communes-2025.xlsx', await zoningWorkbook()), 'zonages');
    expect(sources.map((s) => s.name)).toEqual([
      'table-appartenance-geo-communes-2025.xlsx (feuille COM)',
      'table-appartenance-geo-communes-2025.xlsx (feuille Zones_supra_communales)',
    ]);
    expect(await lines(sources[0])).toEqual([
      'CODGEO;LIBGEO;DEP;REG;EPCI;BV2022;ZE2020;AAV2020',
      '55545;Verdun;55;44;200049187;55545;4418;155',
      '01004;Ambérieu-en-Bugey;01;84;240100883;01004;8405;000',
    ]);
    expect(await lines(sources[1])).toEqual(['NIVGEO;CODGEO;LIBGEO;NB_COM', 'DEP;55;Meuse;499']);
  });

  it('refuse un classeur sans feuille de données du type demandé, en listant ses feuilles', async () => {
    await expect(unpackSource(memorySource('zonages.xlsx', await zoningWorkbook()), 'population')).rejects.toThrow(
      /« zonages\.xlsx » : classeur Excel sans feuille de données reconnue \(ligne d’en-tête avec les colonnes CODGEO, AGED100, NB .*\) ; feuilles : « Documentation », « COM », « Zones_supra_communales »/,
    );
    await expect(unpackSource(memorySource('zonages.xlsx', await zoningWorkbook()), 'rpps')).rejects.toThrow(
      '« zonages.xlsx » : classeur Excel (.xlsx) : ce type de données ne se lit pas dans un classeur. Attendu : l’extraction RPPS',
    );
  });

  it.skipIf(!hasFieldCases)('cas de terrain : le classeur donne exactement l’en-tête et les valeurs du contrôle', async () => {
    const bytes = new Uint8Array(readFileSync(fieldCase('insee-workbook', 'pop-sexe-age-quinquennal6821.xlsx')));
    const [source, ...rest] = await unpackSource(memorySource('pop-sexe-age-quinquennal6821.xlsx', bytes), 'population');
    expect(rest).toHaveLength(0);
    expect(source.name).toBe('pop-sexe-age-quinquennal6821.xlsx (feuille COM_2021)');
    const control = readFileSync(fieldCase('insee-workbook', 'control_quinquennal_2021.csv'), 'utf8').split(/\r?\n/).filter((l) => l !== '');
    expect(await lines(source)).toEqual(control);
  });
});

describe('fichiers qui ne sont pas des données', () => {
  const refused = (name: string, bytes: Uint8Array, kind: Parameters<typeof unpackSource>[1] = 'population') =>
    unpackSource(memorySource(name, bytes), kind);

  it('un .xls (ancien format) : l’enregistrer en .xlsx ou en CSV', async () => {
    await expect(refused('pop-sexe-age-quinquennal6816.xls', xlsFile())).rejects.toThrow(
      '« pop-sexe-age-quinquennal6816.xls » : classeur Excel ancien format (.xls) ou protégé par mot de passe, que l’application ne lit pas : ' +
        'ouvrez-le dans Excel ou LibreOffice, retirez le mot de passe s’il en a un et enregistrez-le en .xlsx',
    );
    // Inside the zip INSEE shipped it in, the message names both.
    await expect(refused('pop-sexe-age-quinquennal6816.zip', oldQuinquennalZip())).rejects.toThrow(
      '« pop-sexe-age-quinquennal6816.zip › pop-sexe-age-quinquennal6816.xls » : classeur Excel ancien format (.xls) ou protégé par mot de passe',
    );
    // Office encrypts a password-protected .xlsx into the same container as an old .xls.
    await expect(refused('pop-sexe-age-quinquennal6821.xlsx', xlsFile())).rejects.toThrow('ou protégé par mot de passe');
    // An old Word file is not told to be saved as a workbook.
    await expect(refused('notice.doc', xlsFile())).rejects.toThrow(
      'Fichier « notice.doc » : document Office ancien format ou protégé par mot de passe, pas un fichier de données. Attendu : un fichier de population INSEE',
    );
  });

  it('un classeur OpenDocument, un document Word, une base SQLite, un Parquet', async () => {
    const ods = zipOf({ mimetype: bytesOf('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': bytesOf('<office:document-content/>') });
    await expect(refused('pop.ods', ods)).rejects.toThrow('« pop.ods » : classeur OpenDocument (.ods), que l’application ne lit pas : enregistrez-le en .xlsx');
    const docx = zipOf({ '[Content_Types].xml': bytesOf('<Types/>'), 'word/document.xml': bytesOf('<w:document/>') });
    await expect(refused('notice.docx', docx)).rejects.toThrow('« notice.docx » : document bureautique (Word, OpenDocument…), pas un fichier de données. Attendu :');
    await expect(refused('pop.sqlite', bytesOf('SQLite format 3\u0000\u0010\u0000'))).rejects.toThrow('« pop.sqlite » : base SQLite ou GeoPackage (.gpkg), pas un fichier de données.');
    await expect(refused('population_age5.parquet', new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x00, 0x15, 0x14]))).rejects.toThrow(
      '« population_age5.parquet » : fichier Parquet, que l’import ne lit pas : importez le fichier d’origine du producteur',
    );
  });

  it('une image, une archive d’images, une page web, un fichier vide', async () => {
    await expect(refused('TD_POP1B_2022.csv', pngFile())).rejects.toThrow('« TD_POP1B_2022.csv » : image PNG, pas un fichier de données. Attendu : un fichier de population INSEE');
    await expect(refused('cartes.zip', imagesZip())).rejects.toThrow(
      '« cartes.zip » : archive zip contenant « carte-meuse.png » (image PNG), « photo.jpg » (image JPEG), « legende.pdf » (document PDF) : aucun fichier de données reconnu.',
    );
    await expect(refused('PS_LibreAcces_202604020915.zip', bytesOf('<!DOCTYPE html>\n<html><body>Lien expiré</body></html>'), 'rpps')).rejects.toThrow(
      'page web (HTML) enregistrée à la place du fichier',
    );
    await expect(refused('A202401.csv.gz', new Uint8Array(0), 'damir')).rejects.toThrow('« A202401.csv.gz » : fichier vide (0 octet)');
  });

  it('une archive de Shapefile est laissée à l’import de géométrie', async () => {
    const zip = memorySource('COMMUNE.zip', zipOf({ 'COMMUNE.shp': new Uint8Array([0, 0, 0x27, 0x0a, 0, 0, 0, 0]), 'COMMUNE.dbf': new Uint8Array([3, 0, 0]) }));
    const sources: UnpackedSource[] = await unpackSource(zip, 'geometrie');
    expect(sources[0]).toBe(zip);
  });
});

describe('fichiers qui ne sont pas une géométrie (--geometry)', () => {
  // The same message as the geometry import gives for the same bytes inside a gzip or a zip.
  const cases: [string, Uint8Array, string][] = [
    ['communes.gpkg', bytesOf('SQLite format 3\u0000\u0010\u0000\u0001\u0001'), 'base SQLite ou GeoPackage (.gpkg), que l’application ne lit pas : exportez la couche des communes en GeoJSON ou en Shapefile'],
    ['communes.tif', new Uint8Array([0x49, 0x49, 0x2a, 0, 8, 0, 0, 0]), 'image TIFF (raster, peut-être un GeoTIFF) : ce n’est pas une géométrie de communes. Pour la géométrie des communes, donnez un GeoJSON'],
    ['communes.parquet', new Uint8Array([0x50, 0x41, 0x52, 0x31, 0x15, 0x00, 0x15, 0x14]), 'fichier Parquet (peut-être un GeoParquet), que l’application ne lit pas comme géométrie : exportez la couche des communes en GeoJSON ou en Shapefile'],
    ['ADMIN-EXPRESS.7z', new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]), 'archive 7-Zip (.7z), la forme des livraisons ADMIN EXPRESS de l’IGN : extrayez-la'],
    ['COMMUNE.shp', new Uint8Array([0, 0, 0x27, 0x0a, 0, 0, 0, 0]), 'fichier .shp seul : la géométrie sans ses attributs ni sa projection.'],
    ['communes.rar', bytesOf('Rar!\u001a\u0007\u0001\u0000'), 'archive RAR : extrayez-la, puis zippez les fichiers de la couche des communes'],
    ['communes.xls', xlsFile(), 'classeur Excel ancien format (.xls) ou protégé par mot de passe : ce n’est pas une géométrie de communes.'],
    ['carte.png', pngFile(), 'image PNG : ce n’est pas une géométrie de communes.'],
    ['communes.geojson', bytesOf('<!DOCTYPE html><html><body>Lien expiré</body></html>'), 'page web (HTML) enregistrée à la place du fichier'],
    ['vide.geojson', new Uint8Array(0), 'fichier vide (0 octet)'],
  ];
  it.each(cases)('%s', async (name, bytes, expected) => {
    const refusal = unpackSource(memorySource(name, bytes), 'geometrie');
    await expect(refusal).rejects.toThrow(`Fichier « ${name} » : ${expected}`);
    if (bytes.length > 0) await expect(refusal).rejects.toThrow(`Fichier « ${name} » : ${describeNonGeometry(bytes)}`);
  });

  it('un classeur .xlsx ou .ods : nommé comme tel, pas lu comme un tableau', async () => {
    const xlsx = await quinquennalWorkbook();
    await expect(unpackSource(memorySource('communes.xlsx', xlsx), 'geometrie')).rejects.toThrow(
      'Fichier « communes.xlsx » : classeur Excel (.xlsx) : ce n’est pas une géométrie de communes. Pour la géométrie des communes',
    );
    const ods = zipOf({ mimetype: bytesOf('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': bytesOf('<office:document-content/>') });
    await expect(unpackSource(memorySource('communes.ods', ods), 'geometrie')).rejects.toThrow('Fichier « communes.ods » : classeur OpenDocument (.ods) : ce n’est pas une géométrie de communes.');
  });
});
