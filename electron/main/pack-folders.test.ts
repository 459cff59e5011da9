// Imported packs as folders: where they live, which folders are packs, files read only inside a
// pack's folder, removal through the trash, and recovery after an import process died mid-swap.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HostError } from './host-error';
import { choosePacksFolder, PackFolders } from './pack-folders';

let root: string;
let packs: PackFolders;
const builtIn = { 'reference-cog2025': '/app/out/renderer/packs/reference-cog2025' };

function writePack(folder: string, manifest: object, files: Record<string, string> = {}) {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'manifest.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsante-paquets-'));
  packs = new PackFolders(root, builtIn);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('dossier des paquets', () => {
  it('est Documents/Territoire Santé/Paquets, ou les données de l’application si Documents n’est pas accessible', () => {
    const documents = join(root, 'Documents');
    expect(choosePacksFolder(documents, join(root, 'userData'))).toBe(join(documents, 'Territoire Santé', 'Paquets'));
    expect(existsSync(join(documents, 'Territoire Santé', 'Paquets'))).toBe(true);
    const refused = (path: string) => {
      if (path.startsWith(documents)) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
    };
    expect(choosePacksFolder(documents, join(root, 'userData'), refused)).toBe(join(root, 'userData', 'Paquets'));
    expect(choosePacksFolder(null, join(root, 'userData'))).toBe(join(root, 'userData', 'Paquets'));
  });
});

describe('paquets importés', () => {
  it('liste les dossiers qui ont un manifest lisible, copiés à la main compris, sans les dossiers temporaires', () => {
    writePack(join(root, 'meuse'), { label: 'Paquet « meuse »', sources: [{ kind: 'reference', file: 'ref' }, { kind: 'damir', file: 'A202401.csv.gz' }] });
    writePack(join(root, 'Meuse 2024 (copie)'), { label: '' });
    writePack(join(root, 'meuse.tmp-12-1700000000000'), { label: 'en cours' });
    writePack(join(root, 'meuse.old-12-1700000000000'), { label: 'ancien' });
    writePack(join(root, 'reference-cog2025'), { label: 'faux intégré' });
    mkdirSync(join(root, 'vide'));
    mkdirSync(join(root, 'abime'));
    writeFileSync(join(root, 'abime', 'manifest.json'), '{ tronqué');
    writeFileSync(join(root, 'notes.txt'), 'pas un paquet');
    utimesSync(join(root, 'meuse', 'manifest.json'), new Date('2025-03-01T10:00:00Z'), new Date('2025-03-01T10:00:00Z'));
    expect(packs.list()).toEqual([
      { id: 'meuse', label: 'Paquet « meuse »', importedAt: '2025-03-01T10:00:00.000Z', sources: ['A202401.csv.gz'] },
      { id: 'Meuse 2024 (copie)', label: 'Meuse 2024 (copie)', importedAt: expect.any(String), sources: [] },
    ]);
    expect(new PackFolders(join(root, 'absent'), builtIn).list()).toEqual([]);
  });

  it('lit un fichier d’un paquet, et rien hors de son dossier', () => {
    writePack(join(root, 'meuse'), { label: 'm' }, { 'communes.parquet': 'PAR1' });
    writeFileSync(join(root, 'secret.txt'), 'secret');
    expect(new TextDecoder().decode(packs.read('meuse', 'communes.parquet'))).toBe('PAR1');
    expect(() => packs.read('meuse', 'taux_recours.parquet')).toThrow(new HostError('Paquet « meuse » incomplet : fichier « taux_recours.parquet » absent. Réimportez ce paquet, ou recopiez son dossier en entier.'));
    for (const [id, name] of [['..', 'secret.txt'], ['meuse', '../secret.txt'], ['meuse/..', 'secret.txt'], ['reference-cog2025', 'manifest.json'], ['.', 'secret.txt']]) {
      expect(() => packs.read(id, name)).toThrow(HostError);
    }
  });

  it('part d’un paquet intégré ou importé, jamais d’un paquet absent', () => {
    writePack(join(root, 'meuse'), { label: 'm' });
    expect(packs.basePack('reference-cog2025')).toBe(builtIn['reference-cog2025']);
    expect(packs.basePack('meuse')).toBe(join(root, 'meuse'));
    expect(() => packs.basePack('absent')).toThrow(`Paquet « absent » introuvable dans « ${root} ».`);
    expect(() => packs.folder('reference-cog2025')).toThrow(HostError);
  });

  it('met un paquet à la corbeille, et dit en français quand c’est impossible', async () => {
    writePack(join(root, 'meuse'), { label: 'm' });
    const trashed: string[] = [];
    await packs.remove('meuse', async (path) => void trashed.push(path));
    expect(trashed).toEqual([join(root, 'meuse')]);
    await expect(packs.remove('meuse', async () => Promise.reject(new Error('verrouillé')))).rejects.toThrow(/Impossible de supprimer le paquet « meuse » : verrouillé/);
    await expect(packs.remove('..', async () => undefined)).rejects.toThrow(HostError);
  });

  it('remet la version précédente d’un paquet quand l’import est mort entre les deux renommages', () => {
    writePack(join(root, 'meuse.old-12-1700000000000'), { label: 'précédent' });
    writePack(join(root, 'meuse.tmp-12-1700000000001'), { label: 'incomplet' });
    writePack(join(root, 'autre.old-12-1700000000000'), { label: 'autre' });
    packs.recover('meuse');
    expect(JSON.parse(readFileSync(join(root, 'meuse', 'manifest.json'), 'utf8')).label).toBe('précédent');
    expect(existsSync(join(root, 'meuse.old-12-1700000000000'))).toBe(false);
    expect(existsSync(join(root, 'meuse.tmp-12-1700000000001'))).toBe(false);
    expect(existsSync(join(root, 'autre.old-12-1700000000000'))).toBe(true);
    // The pack in place wins over a stale previous version.
    writePack(join(root, 'meuse.old-13-1700000000002'), { label: 'vieux' });
    packs.recover('meuse');
    expect(JSON.parse(readFileSync(join(root, 'meuse', 'manifest.json'), 'utf8')).label).toBe('précédent');
    expect(existsSync(join(root, 'meuse.old-13-1700000000002'))).toBe(false);
  });
});
