// The browser host in Node: fake localStorage (with a quota), fake document for the file input and
// the download link. The real browser path is exercised by the Chromium end-to-end tests.
import { describe, expect, it, vi } from 'vitest';
import {
  AUTOSAVE_KEY,
  BACKUP_KEY_PREFIX,
  browserDownload,
  browserFilePicker,
  createWebHost,
  FILE_KEY_PREFIX,
  MAX_RECENT_FILES,
  memoryStorage,
  RECENT_KEY,
  webFileName,
  type PickedFile,
  type StorageLike,
} from './host-web';

/** localStorage-like storage refusing writes beyond `quota` characters, as browsers do. */
function quotaStorage(quota = Number.POSITIVE_INFINITY) {
  const values = new Map<string, string>();
  const used = () => [...values].reduce((n, [k, v]) => n + k.length + v.length, 0);
  const storage: StorageLike = {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      const before = values.get(key);
      const growth = key.length + value.length - (before === undefined ? 0 : key.length + before.length);
      if (used() + growth > quota) throw Object.assign(new Error('quota'), { name: 'QuotaExceededError', code: 22 });
      values.set(key, value);
    },
    removeItem: (key) => void values.delete(key),
  };
  return { storage, values };
}

function make(picks: (PickedFile | null)[] = [], quota?: number) {
  const { storage, values } = quotaStorage(quota);
  const download = vi.fn();
  let minute = 0;
  const host = createWebHost({
    storage,
    version: '0.1.0',
    pickFile: async () => picks.shift() ?? null,
    download,
    now: () => new Date(Date.UTC(2025, 0, 1, 0, minute++)),
  });
  return { host, values, download };
}

describe('hôte navigateur : fichiers de scénario', () => {
  it('se présente comme la version navigateur', async () => {
    expect(await make().host.getAppInfo()).toEqual({ shell: 'web', version: '0.1.0' });
  });

  it('ouvre un fichier choisi, le garde dans le navigateur et le propose dans les récents', async () => {
    const { host, values } = make([{ name: 'msp.tsante.json', text: '{"a":1}' }, null]);
    const opened = await host.openScenarioFile();
    expect(opened).toEqual({ id: `${FILE_KEY_PREFIX}msp.tsante.json`, name: 'msp.tsante.json', text: '{"a":1}' });
    expect(values.get(opened!.id)).toBe('{"a":1}');
    expect(await host.recentScenarioFiles()).toEqual([{ id: opened!.id, name: 'msp.tsante.json', usedAt: '2025-01-01T00:00:00.000Z' }]);
    expect(await host.openRecentScenarioFile(opened!.id)).toEqual(opened);
    // Cancelled picker.
    expect(await host.openScenarioFile()).toBeNull();
  });

  it('enregistre (stockage + téléchargement), garde la version précédente et la rend comme sauvegarde', async () => {
    const { host, values, download } = make();
    const ref = await host.saveScenarioFile({ suggestedName: 'MSP : Stenay', text: 'v1' });
    expect(ref).toEqual({ id: `${FILE_KEY_PREFIX}MSP Stenay.tsante.json`, name: 'MSP Stenay.tsante.json' });
    expect(download).toHaveBeenLastCalledWith('MSP Stenay.tsante.json', 'v1');
    expect(await host.readScenarioBackup(ref!.id)).toBeNull();
    expect(await host.saveScenarioFile({ id: ref!.id, suggestedName: 'autre nom', text: 'v2' })).toEqual(ref);
    expect(download).toHaveBeenLastCalledWith('MSP Stenay.tsante.json', 'v2');
    expect(values.get(ref!.id)).toBe('v2');
    expect(values.get(`${BACKUP_KEY_PREFIX}MSP Stenay.tsante.json`)).toBe('v1');
    expect(await host.readScenarioBackup(ref!.id)).toEqual({ id: ref!.id, name: 'MSP Stenay.tsante.json', text: 'v1' });
    // Saving the same text again keeps the real previous version as the backup.
    await host.saveScenarioFile({ id: ref!.id, suggestedName: 'x', text: 'v2' });
    expect((await host.readScenarioBackup(ref!.id))!.text).toBe('v1');
    // « Enregistrer sous » takes the suggested name.
    const copy = await host.saveScenarioFile({ id: ref!.id, saveAs: true, suggestedName: 'Copie', text: 'v3' });
    expect(copy!.name).toBe('Copie.tsante.json');
    expect((await host.recentScenarioFiles()).map((r) => r.name)).toEqual(['Copie.tsante.json', 'MSP Stenay.tsante.json']);
  });

  it('n’utilise comme identifiants que ses propres clés (jamais la sauvegarde automatique ni une autre clé)', async () => {
    const { host, values } = make();
    values.set(AUTOSAVE_KEY, 'secret');
    for (const id of [AUTOSAVE_KEY, RECENT_KEY, 'autre', FILE_KEY_PREFIX]) {
      await expect(host.openRecentScenarioFile(id)).rejects.toThrow('Ce fichier n’est pas connu du navigateur : ouvrez-le avec « Ouvrir ».');
      await expect(host.readScenarioBackup(id)).rejects.toThrow('n’est pas connu');
    }
    // An id from elsewhere (the desktop app's UUIDs) on save: a new browser file under the suggested name.
    expect(await host.saveScenarioFile({ id: '0b5c1e8e-3f1a', suggestedName: 'Essai', text: 't' })).toEqual({
      id: `${FILE_KEY_PREFIX}Essai.tsante.json`,
      name: 'Essai.tsante.json',
    });
  });

  it('retire des récents un fichier effacé du stockage, avec un message en français', async () => {
    const { host, values } = make();
    const ref = await host.saveScenarioFile({ suggestedName: 'Parti', text: 't' });
    values.delete(ref!.id);
    await expect(host.openRecentScenarioFile(ref!.id)).rejects.toThrow(
      '« Parti.tsante.json » n’est plus dans le stockage du navigateur (données du site effacées ?). Il est retiré des fichiers récents.',
    );
    expect(await host.recentScenarioFiles()).toEqual([]);
  });

  it('garde 10 récents au plus et ignore une liste abîmée', async () => {
    const { host, values } = make();
    for (let i = 0; i < MAX_RECENT_FILES + 3; i += 1) await host.saveScenarioFile({ suggestedName: `s${i}`, text: `${i}` });
    const recents = await host.recentScenarioFiles();
    expect(recents).toHaveLength(MAX_RECENT_FILES);
    expect(recents[0].name).toBe('s12.tsante.json');
    values.set(RECENT_KEY, '{pas du json');
    expect(await host.recentScenarioFiles()).toEqual([]);
    values.set(RECENT_KEY, JSON.stringify([{ id: AUTOSAVE_KEY, usedAt: 'x' }, { id: `${FILE_KEY_PREFIX}a.tsante.json`, usedAt: '2025-01-01T00:00:00.000Z' }, 3]));
    expect((await host.recentScenarioFiles()).map((r) => r.name)).toEqual(['a.tsante.json']);
  });

  it('sauvegarde automatique dans le stockage du navigateur', async () => {
    const { host } = make();
    expect(await host.readAutosave()).toBeNull();
    await host.autosave('en cours');
    expect(await host.readAutosave()).toBe('en cours');
  });
});

describe('hôte navigateur : stockage plein', () => {
  it('télécharge quand même, puis explique en français que le navigateur n’a pas gardé de copie', async () => {
    const { host, download, values } = make([], 200);
    await expect(host.saveScenarioFile({ suggestedName: 'Gros', text: 'x'.repeat(500) })).rejects.toThrow(
      /^Le stockage du navigateur est plein : « Gros\.tsante\.json » a été téléchargé, mais le navigateur n’en garde pas de copie/,
    );
    expect(download).toHaveBeenCalledWith('Gros.tsante.json', 'x'.repeat(500));
    expect(values.size).toBe(0);
    expect(await host.recentScenarioFiles()).toEqual([]);
  });

  it('sacrifie la sauvegarde de la version précédente plutôt que le fichier', async () => {
    const key = `${FILE_KEY_PREFIX}a.tsante.json`;
    // Room for the file and the recent list, not for a backup as well.
    const { host, values } = make([], key.length * 2 + 120 + 130);
    await host.saveScenarioFile({ suggestedName: 'a', text: 'a'.repeat(120) });
    await host.saveScenarioFile({ id: key, suggestedName: 'a', text: 'b'.repeat(120) });
    expect(values.get(key)).toBe('b'.repeat(120));
    expect(values.has(`${BACKUP_KEY_PREFIX}a.tsante.json`)).toBe(false);
  });

  it('explique une sauvegarde automatique impossible, et ouvre un fichier même sans pouvoir le garder', async () => {
    const { host } = make([{ name: 'b.tsante.json', text: 'y'.repeat(300) }], 100);
    await expect(host.autosave('z'.repeat(300))).rejects.toThrow(
      'Le stockage du navigateur est plein : la sauvegarde automatique du scénario en cours est impossible. Enregistrez-le pour ne pas le perdre.',
    );
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect((await host.openScenarioFile())!.text).toBe('y'.repeat(300));
    expect(warn).toHaveBeenCalled();
    warn.mockRestore();
  });

  it('refuse un fichier trop volumineux', async () => {
    const { host } = make([{ name: 'g.json', text: 'x'.repeat(5_000_001) }]);
    await expect(host.openScenarioFile()).rejects.toThrow('« g.json » est trop volumineux pour un scénario (5 Mo au plus).');
  });
});

describe('éléments du navigateur', () => {
  /** Just enough of a document: elements are EventTargets with the properties the host sets. */
  class FakeElement extends EventTarget {
    style: Record<string, string> = {};
    files: File[] | null = null;
    constructor(
      readonly tag: string,
      private readonly body: { children: FakeElement[] },
      private readonly onClick: (element: FakeElement) => void,
    ) {
      super();
    }
    click() {
      this.onClick(this);
    }
    remove() {
      this.body.children.splice(this.body.children.indexOf(this), 1);
    }
  }
  function fakeDocument(onClick: (element: FakeElement) => void) {
    const body = { children: [] as FakeElement[], append: (e: FakeElement) => body.children.push(e) };
    const doc = { body, createElement: (tag: string) => new FakeElement(tag, body, onClick) } as unknown as Document;
    return { doc, body };
  }

  it('le sélecteur de fichier lit le fichier choisi et se retire du document', async () => {
    const { doc, body } = fakeDocument((input) => {
      expect(input).toMatchObject({ tag: 'input', type: 'file', accept: '.json,.tsante.json' });
      input.files = [new File(['{"schemaVersion":2}'], 'msp.tsante.json')];
      input.dispatchEvent(new Event('change'));
    });
    expect(await browserFilePicker(doc)()).toEqual({ name: 'msp.tsante.json', text: '{"schemaVersion":2}' });
    expect(body.children).toEqual([]);
  });

  it('le sélecteur rend null quand l’utilisateur ferme la fenêtre, et refuse un fichier trop gros', async () => {
    const cancelled = fakeDocument((input) => input.dispatchEvent(new Event('cancel')));
    expect(await browserFilePicker(cancelled.doc)()).toBeNull();
    expect(cancelled.body.children).toEqual([]);
    const big = fakeDocument((input) => {
      input.files = [new File([new Uint8Array(5 * 1024 * 1024 + 1)], 'gros.json')];
      input.dispatchEvent(new Event('change'));
    });
    await expect(browserFilePicker(big.doc)()).rejects.toThrow('« gros.json » est trop volumineux');
  });

  it('le téléchargement passe par un lien temporaire sur une URL de Blob', async () => {
    vi.useFakeTimers();
    const clicked: { href: string; download: string }[] = [];
    const { doc, body } = fakeDocument((a) => clicked.push({ href: (a as unknown as HTMLAnchorElement).href, download: (a as unknown as HTMLAnchorElement).download }));
    const blobs: Blob[] = [];
    const urls = { createObjectURL: vi.fn((blob: Blob) => (blobs.push(blob), 'blob:app/1')), revokeObjectURL: vi.fn() };
    browserDownload(doc, urls)('a.tsante.json', 'texte');
    expect(clicked).toEqual([{ href: 'blob:app/1', download: 'a.tsante.json' }]);
    expect(await blobs[0].text()).toBe('texte');
    expect(body.children).toEqual([]);
    expect(urls.revokeObjectURL).not.toHaveBeenCalled();
    vi.advanceTimersByTime(60_000);
    expect(urls.revokeObjectURL).toHaveBeenCalledWith('blob:app/1');
    vi.useRealTimers();
  });

  it('nom de fichier et stockage en mémoire', () => {
    expect(webFileName('a/b: c')).toBe('a b c.tsante.json');
    expect(webFileName('..')).toBe('scénario.tsante.json');
    expect(webFileName('x.TSANTE.json')).toBe('x.tsante.json');
    const storage = memoryStorage();
    storage.setItem('k', 'v');
    expect(storage.getItem('k')).toBe('v');
    storage.removeItem('k');
    expect(storage.getItem('k')).toBeNull();
  });
});
