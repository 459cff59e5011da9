// The byte helpers shared by the import: joining parts, reading the start of a source without reading
// the rest, and re-encoding a text (Windows-1252, UTF-16, gzip or not) to UTF-8 on the fly.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { utf16Text } from '../../tests/fixtures/containers';
import { memorySource } from '../../tests/support/sources';
import { concatBytes, decodedSource, ImportError, readAll, readPrefix, type ImportSource } from './source-reader';

/** A source that counts the blocks its streams have handed out. */
function countingSource(bytes: Uint8Array, block: number) {
  const counter = { blocks: 0 };
  const source: ImportSource = {
    name: 'x.csv',
    size: bytes.length,
    async *stream() {
      for (let offset = 0; offset < bytes.length; offset += block) {
        counter.blocks++;
        yield bytes.subarray(offset, offset + block);
      }
    },
  };
  return { source, counter };
}

const utf8 = async (source: ImportSource) => new TextDecoder('utf-8', { fatal: true }).decode(await readAll(source));
/** "Cœur’s é" and more in Windows-1252: œ = 0x9C, ’ = 0x92, é = 0xE9. */
const CP1252_TEXT = 'libelle;code\nVerdun Cœur’s é;55545\n'.repeat(50);
const cp1252 = (text: string) => Uint8Array.from(text, (c) => (c === 'œ' ? 0x9c : c === '’' ? 0x92 : c.charCodeAt(0)));

describe('concatBytes, readAll, readPrefix', () => {
  it('met les parties bout à bout dans un nouveau tableau, même pour une seule partie', () => {
    const part = new Uint8Array([1, 2, 3]);
    expect([...concatBytes([part, new Uint8Array(0), new Uint8Array([4])])]).toEqual([1, 2, 3, 4]);
    const alone = concatBytes([part.subarray(1)]);
    expect([...alone]).toEqual([2, 3]);
    expect(alone.buffer).not.toBe(part.buffer);
    expect(alone.byteOffset).toBe(0);
    expect(concatBytes([]).length).toBe(0);
  });

  it('readAll rend tout le contenu ; readPrefix le début, sans lire la suite', async () => {
    const bytes = Uint8Array.from({ length: 10_000 }, (_, i) => i % 251);
    const { source, counter } = countingSource(bytes, 1000);
    expect([...(await readAll(source))]).toEqual([...bytes]);
    counter.blocks = 0;
    const head = await readPrefix(source, 2500);
    expect([...head]).toEqual([...bytes.subarray(0, 2500)]);
    expect(counter.blocks).toBe(3);
    expect((await readPrefix(memorySource('court', bytes.subarray(0, 10)), 2500)).length).toBe(10);
  });
});

describe('decodedSource : réencodage en UTF-8 au fil de la lecture', () => {
  it('Windows-1252, quels que soient les blocs', async () => {
    for (const block of [1, 7, 4096]) {
      const source = decodedSource(memorySource('x.csv', cp1252(CP1252_TEXT), block), 'windows-1252');
      expect(await utf8(source)).toBe(CP1252_TEXT);
      expect(source.size).toBe(CP1252_TEXT.length);
      expect(source.name).toBe('x.csv');
    }
  });

  it('Windows-1252 compressé en gzip, décompressé en chemin', async () => {
    const gz = new Uint8Array(gzipSync(cp1252(CP1252_TEXT)));
    expect(await utf8(decodedSource(memorySource('x.csv.gz', gz, 13), 'windows-1252', { gzip: true }))).toBe(CP1252_TEXT);
  });

  it('UTF-16 : marque d’ordre des octets retirée, caractère coupé entre deux blocs recollé', async () => {
    const text = 'code_commune\tlibellé\r\n2A004\tAjaccio œ\r\n';
    expect(await utf8(decodedSource(memorySource('x.txt', utf16Text(text), 3), 'utf-16le'))).toBe(text);
  });

  it('un gzip tronqué finit par le message français du fichier coupé', async () => {
    const gz = new Uint8Array(gzipSync(cp1252(CP1252_TEXT.repeat(20))));
    const cut = decodedSource(memorySource('A202401.csv.gz', gz.subarray(0, gz.length >> 1), 100), 'windows-1252', { gzip: true });
    const read = readAll(cut);
    await expect(read).rejects.toBeInstanceOf(ImportError);
    await expect(read).rejects.toThrow('Fichier « A202401.csv.gz » : fichier gzip tronqué ou corrompu');
  });
});
