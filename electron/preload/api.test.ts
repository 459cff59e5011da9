// The preload's host API, on a fake ipcRenderer: exactly the HostApi methods, one channel each, the
// main process's envelopes unwrapped, open-file requests pulled at subscription and on notification.
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
    const api = createHostApi(ipc);
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
    const api = createHostApi(ipc);
    expect(await api.openScenarioFile()).toEqual(file);
    await expect(api.openRecentScenarioFile('id-1')).rejects.toThrow(new Error('« a.tsante.json » est introuvable.'));
    await expect(api.readAutosave()).rejects.toThrow('Réponse inattendue du processus principal.');
  });

  it('livre les fichiers demandés par le système : ceux en attente à l’abonnement, puis à chaque notification', async () => {
    const queue: OpenedScenarioFile[][] = [[{ id: 'id-1', name: 'lancement.tsante.json', text: '{}' }], [], [{ id: 'id-2', name: 'double-clic.tsante.json', text: '{}' }]];
    const { ipc, emit, listeners } = fakeIpc((channel) => (channel === HOST_CHANNELS.onOpenFileRequest ? { ok: true, value: queue.shift() ?? [] } : null));
    const api = createHostApi(ipc);
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
});
