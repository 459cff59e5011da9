// The preload's host API, on a fake ipcRenderer: exactly the HostApi methods, one channel each, the
// main process's envelopes unwrapped, open-file requests pulled at subscription and on notification,
// imports sent as paths with their progress relayed while they run.
import { describe, expect, it, vi } from 'vitest';
import { HOST_CHANNELS, HOST_EVENTS, type OpenedScenarioFile } from '../../common/host-api';
import { createHostApi, type IpcRendererLike } from './api';

function fakeIpc(answer: (channel: string, args: unknown[]) => unknown) {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const invoke = vi.fn(async (channel: string, ...args: unknown[]) => answer(channel, args));
  const ipc: IpcRendererLike = {
    invoke,
    on: (channel, listener) => listeners.set(channel, (listeners.get(channel) ?? new Set()).add(listener)),
    removeListener: (channel, listener) => listeners.get(channel)?.delete(listener),
  };
  const emit = (channel: string) => listeners.get(channel)?.forEach((l) => l({}));
  return { ipc, invoke, emit, listeners };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('API exposée par le preload', () => {
  it('a exactement les méthodes de HostApi, chacune sur son canal', async () => {
    const { ipc, invoke } = fakeIpc(() => ({ ok: true, value: null }));
    const api = createHostApi(ipc, () => '');
    expect(Object.keys(api).sort()).toEqual(Object.keys(HOST_CHANNELS).sort());
    await api.getAppInfo();
    await api.openRecentScenarioFile('id-1');
    await api.saveScenarioFile({ suggestedName: 'a', text: '{}' });
    await api.autosave('texte');
    expect(invoke.mock.calls).toEqual([
      [HOST_CHANNELS.getAppInfo],
      [HOST_CHANNELS.openRecentScenarioFile, 'id-1'],
      [HOST_CHANNELS.saveScenarioFile, { suggestedName: 'a', text: '{}' }],
      [HOST_CHANNELS.autosave, 'texte'],
    ]);
  });

  it('rend les valeurs et transforme les refus en Error au message français', async () => {
    const file = { id: 'id-1', name: 'a.tsante.json', text: '{}' };
    const { ipc } = fakeIpc((channel) =>
      channel === HOST_CHANNELS.openRecentScenarioFile ? { ok: false, message: '« a.tsante.json » est introuvable.' } : channel === HOST_CHANNELS.openScenarioFile ? { ok: true, value: file } : 'n’importe quoi',
    );
    const api = createHostApi(ipc, () => '');
    expect(await api.openScenarioFile()).toEqual(file);
    await expect(api.openRecentScenarioFile('id-1')).rejects.toThrow(new Error('« a.tsante.json » est introuvable.'));
    await expect(api.readAutosave()).rejects.toThrow('Réponse inattendue du processus principal.');
  });

  it('livre les fichiers demandés par le système : ceux en attente à l’abonnement, puis à chaque notification', async () => {
    const queue: OpenedScenarioFile[][] = [[{ id: 'id-1', name: 'lancement.tsante.json', text: '{}' }], [], [{ id: 'id-2', name: 'double-clic.tsante.json', text: '{}' }]];
    const { ipc, emit, listeners } = fakeIpc((channel) => (channel === HOST_CHANNELS.onOpenFileRequest ? { ok: true, value: queue.shift() ?? [] } : null));
    const api = createHostApi(ipc, () => '');
    const received: string[] = [];
    const stop = api.onOpenFileRequest((file) => received.push(file.name));
    await settle();
    expect(received).toEqual(['lancement.tsante.json']);
    emit(HOST_EVENTS.openFileRequested);
    emit(HOST_EVENTS.openFileRequested);
    await settle();
    expect(received).toEqual(['lancement.tsante.json', 'double-clic.tsante.json']);
    stop();
    expect(listeners.get(HOST_EVENTS.openFileRequested)?.size).toBe(0);
  });

  it('envoie les chemins des fichiers à importer, relaie la progression pendant l’import, puis se désabonne', async () => {
    let resolveImport: (value: unknown) => void = () => undefined;
    const { ipc, invoke, emit, listeners } = fakeIpc((channel) =>
      channel === HOST_CHANNELS.importFiles ? new Promise((r) => (resolveImport = r)) : { ok: true, value: null },
    );
    const paths = new Map([['A202401.csv.gz', '/home/u/Téléchargements/A202401.csv.gz'], ['TD_POP1B_2021.csv', 'C:\\Users\\u\\TD_POP1B_2021.csv']]);
    const api = createHostApi(ipc, (file) => paths.get(file.name) ?? '');
    const progress: unknown[] = [];
    const target = { id: 'meuse', label: 'Paquet « meuse »', baseId: 'reference-cog2025' };
    const pending = api.importFiles(
      [
        { file: { name: 'A202401.csv.gz', size: 10 }, kind: 'damir' },
        { file: { name: 'TD_POP1B_2021.csv', size: 5 }, kind: 'population' },
      ],
      target,
      (p) => progress.push(p),
    );
    await settle();
    expect(invoke.mock.calls).toEqual([[HOST_CHANNELS.importFiles, [{ path: '/home/u/Téléchargements/A202401.csv.gz', kind: 'damir' }, { path: 'C:\\Users\\u\\TD_POP1B_2021.csv', kind: 'population' }], target]]);
    listeners.get(HOST_EVENTS.importProgress)?.forEach((l) => l({}, { file: 'A202401.csv.gz', bytesRead: 4, bytesTotal: 10, rows: 1000 }));
    resolveImport({ ok: true, value: { ok: true, packId: 'meuse', reports: [], warnings: [] } });
    expect(await pending).toEqual({ ok: true, packId: 'meuse', reports: [], warnings: [] });
    expect(progress).toEqual([{ file: 'A202401.csv.gz', bytesRead: 4, bytesTotal: 10, rows: 1000 }]);
    expect(listeners.get(HOST_EVENTS.importProgress)?.size).toBe(0);
    emit(HOST_EVENTS.importProgress);
    expect(progress).toHaveLength(1);
  });

  it('refuse un fichier sans chemin sur le disque (fabriqué par la page) sans rien envoyer', async () => {
    const { ipc, invoke } = fakeIpc(() => ({ ok: true, value: null }));
    const api = createHostApi(ipc, () => '');
    await expect(api.importFiles([{ file: { name: 'faux.csv', size: 3 }, kind: 'temps' }], { id: 'a', label: 'a', baseId: 'reference-cog2025' }, () => undefined)).rejects.toThrow(
      '« faux.csv » n’est pas un fichier du disque : choisissez-le avec « Choisir des fichiers… » ou déposez-le depuis l’explorateur de fichiers.',
    );
    expect(invoke).not.toHaveBeenCalled();
  });

  it('lit un fichier de paquet par identifiant et nom', async () => {
    const { ipc, invoke } = fakeIpc(() => ({ ok: true, value: new Uint8Array([80, 65, 82, 49]) }));
    const api = createHostApi(ipc, () => '');
    expect(await api.readPackFile('meuse', 'communes.parquet')).toEqual(new Uint8Array([80, 65, 82, 49]));
    expect(invoke.mock.calls).toEqual([[HOST_CHANNELS.readPackFile, 'meuse', 'communes.parquet']]);
  });
});
