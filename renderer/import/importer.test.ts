// The data panel's choice of import and pack store: the host's in the desktop app, the DB worker's
// (OPFS) in the browser; refusals of the host become outcomes the panel shows.
import { describe, expect, it, vi } from 'vitest';
import type { HostApi } from '../../common/host-api';
import { chooseImporter, hostPackStore, type Importer } from './importer';

const browser: Importer = { native: false, run: vi.fn(async () => ({ ok: true, packId: 'web' })), cancel: vi.fn() };
const file = { name: 'A202401.csv.gz', size: 10 } as File;
const target = { id: 'meuse', label: 'Paquet « meuse »', baseId: 'reference-cog2025' };

describe('import du panneau des données', () => {
  it('passe par le navigateur quand l’hôte n’importe pas (mode navigateur)', () => {
    expect(chooseImporter({}, browser)).toBe(browser);
    expect(hostPackStore({})).toBeNull();
  });

  it('passe par l’hôte de bureau, et fait de ses refus des résultats affichables', async () => {
    const importFiles = vi.fn<Required<HostApi>['importFiles']>(async (_files, _target, onProgress) => {
      onProgress({ file: 'A202401.csv.gz', bytesRead: 5, bytesTotal: 10, rows: 7 });
      return { ok: true, packId: 'meuse', reports: [], warnings: [] };
    });
    const cancelImport = vi.fn(async () => undefined);
    const importer = chooseImporter({ importFiles, cancelImport }, browser);
    expect(importer.native).toBe(true);
    const progress: unknown[] = [];
    expect(await importer.run([{ file, kind: 'damir' }], target, (p) => progress.push(p))).toEqual({ ok: true, packId: 'meuse', reports: [], warnings: [] });
    expect(importFiles).toHaveBeenCalledWith([{ file, kind: 'damir' }], target, expect.any(Function));
    expect(progress).toEqual([{ file: 'A202401.csv.gz', bytesRead: 5, bytesTotal: 10, rows: 7 }]);
    importer.cancel();
    expect(cancelImport).toHaveBeenCalledTimes(1);
    expect(browser.run).not.toHaveBeenCalled();

    importFiles.mockRejectedValueOnce(new Error('Un import est déjà en cours : attendez sa fin ou annulez-le.'));
    expect(await importer.run([{ file, kind: 'damir' }], target, () => undefined)).toEqual({ ok: false, message: 'Un import est déjà en cours : attendez sa fin ou annulez-le.' });
  });

  it('donne au worker les paquets de l’hôte : liste, lecture, suppression', async () => {
    const api = {
      listPacks: vi.fn(async () => [{ id: 'meuse', label: 'm', importedAt: '2025-01-01T00:00:00.000Z', sources: [] }]),
      readPackFile: vi.fn(async () => new Uint8Array([1])),
      deletePack: vi.fn(async () => undefined),
    };
    const store = hostPackStore(api)!;
    expect((await store.list()).map((p) => p.id)).toEqual(['meuse']);
    expect(await store.read('meuse', 'manifest.json')).toEqual(new Uint8Array([1]));
    expect(api.readPackFile).toHaveBeenCalledWith('meuse', 'manifest.json');
    await store.remove('meuse');
    expect(api.deletePack).toHaveBeenCalledWith('meuse');
  });
});
