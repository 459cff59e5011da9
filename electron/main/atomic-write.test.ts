// The atomic write interrupted: when the rename (or the temporary file) cannot be made, the old file or
// folder is intact and nothing temporary is left behind. The kill-in-the-middle case is file-store.test.ts.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs')>();
  return { ...actual, renameSync: vi.fn(actual.renameSync) };
});

const { replaceFolder, writeFileAtomic, writeFolderAtomic } = await import('./atomic-write');
const rename = vi.mocked(fs.renameSync);
const actualFs = await vi.importActual<typeof import('node:fs')>('node:fs');
const isRoot = process.getuid?.() === 0;

afterEach(() => {
  rename.mockClear();
});

const folder = () => mkdtempSync(join(tmpdir(), 'ts-atomic-'));

describe('écriture atomique d’un fichier', () => {
  it('remplace le fichier, garde la version précédente en sauvegarde et ne laisse aucun temporaire', () => {
    const dir = folder();
    const file = join(dir, 'scenario.tsante.json');
    writeFileAtomic(file, 'v1');
    writeFileAtomic(file, new TextEncoder().encode('v2 é'), { backupPath: `${file}.bak` });
    expect(readFileSync(file, 'utf8')).toBe('v2 é');
    expect(readFileSync(`${file}.bak`, 'utf8')).toBe('v1');
    expect(readdirSync(dir).sort()).toEqual(['scenario.tsante.json', 'scenario.tsante.json.bak']);
  });

  it('un renommage qui échoue laisse l’ancien fichier intact et aucun temporaire', () => {
    const dir = folder();
    const file = join(dir, 'sortie.csv');
    writeFileSync(file, 'ancien');
    rename.mockImplementationOnce(() => {
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
    });
    expect(() => writeFileAtomic(file, 'nouveau')).toThrow('EIO');
    expect(readFileSync(file, 'utf8')).toBe('ancien');
    expect(readdirSync(dir)).toEqual(['sortie.csv']);
  });

  it.skipIf(isRoot)('dans un dossier en lecture seule : l’erreur du système, l’ancien fichier intact', () => {
    const dir = folder();
    const file = join(dir, 'sortie.csv');
    writeFileSync(file, 'ancien');
    chmodSync(dir, 0o555);
    try {
      expect(() => writeFileAtomic(file, 'nouveau')).toThrow(/EACCES|EPERM/);
      expect(readFileSync(file, 'utf8')).toBe('ancien');
      expect(readdirSync(dir)).toEqual(['sortie.csv']);
    } finally {
      chmodSync(dir, 0o755);
    }
  });
});

describe('écriture atomique d’un dossier', () => {
  it('remplace le dossier entier et retire l’ancien', () => {
    const root = folder();
    const target = join(root, 'meuse');
    writeFolderAtomic(target, new Map([['a.txt', 'un'], ['b.txt', 'deux']]));
    writeFolderAtomic(target, new Map([['c.txt', new Uint8Array([0x74, 0x72, 0x6f, 0x69, 0x73])]]));
    expect(readdirSync(target)).toEqual(['c.txt']);
    expect(readFileSync(join(target, 'c.txt'), 'utf8')).toBe('trois');
    expect(readdirSync(root)).toEqual(['meuse']);
  });

  it('un échange qui échoue remet l’ancien dossier et retire le nouveau', () => {
    const root = folder();
    const target = join(root, 'meuse');
    mkdirSync(target);
    writeFileSync(join(target, 'manifest.json'), '{"label":"ancien"}');
    // The first rename moves the old folder aside; the second, new → target, fails.
    rename.mockImplementationOnce(actualFs.renameSync).mockImplementationOnce(() => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    });
    expect(() => writeFolderAtomic(target, new Map([['manifest.json', '{"label":"nouveau"}']]))).toThrow('EXDEV');
    expect(readFileSync(join(target, 'manifest.json'), 'utf8')).toBe('{"label":"ancien"}');
    expect(readdirSync(root)).toEqual(['meuse']);
  });

  it('replaceFolder sur une cible absente la crée', () => {
    const root = folder();
    const ready = join(root, 'pret');
    mkdirSync(ready);
    writeFileSync(join(ready, 'x'), '1');
    replaceFolder(ready, join(root, 'cible'));
    expect(existsSync(ready)).toBe(false);
    expect(readFileSync(join(root, 'cible', 'x'), 'utf8')).toBe('1');
  });
});
