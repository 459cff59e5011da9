// The host API the preload exposes, built on an ipcRenderer-like object so that it is tested in Node.
// Each method invokes its channel and unwraps the main process's envelope: values come back as is,
// refusals and failures as Errors carrying the main process's French message (no "Error invoking
// remote method" prefix for the interface to strip).
import { HOST_CHANNELS, HOST_EVENTS, type HostApi, type OpenedScenarioFile } from '../../common/host-api';
import type { IpcResult } from '../main/ipc-schemas';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (...args: unknown[]) => void): unknown;
}

const unwrap = <T>(result: unknown): T => {
  const envelope = result as IpcResult<T> | null;
  if (envelope && envelope.ok === true) return envelope.value;
  throw new Error(envelope && envelope.ok === false && typeof envelope.message === 'string' ? envelope.message : 'Réponse inattendue du processus principal.');
};

export function createHostApi(ipc: IpcRendererLike): Required<HostApi> {
  const call =
    <K extends keyof typeof HOST_CHANNELS, T>(key: K) =>
    async (...args: unknown[]): Promise<T> =>
      unwrap<T>(await ipc.invoke(HOST_CHANNELS[key], ...args));
  return {
    getAppInfo: call('getAppInfo'),
    openScenarioFile: call('openScenarioFile'),
    openRecentScenarioFile: (id) => call<'openRecentScenarioFile', OpenedScenarioFile>('openRecentScenarioFile')(id),
    readScenarioBackup: (id) => call<'readScenarioBackup', OpenedScenarioFile | null>('readScenarioBackup')(id),
    saveScenarioFile: (request) => call<'saveScenarioFile', Awaited<ReturnType<HostApi['saveScenarioFile']>>>('saveScenarioFile')(request),
    recentScenarioFiles: call('recentScenarioFiles'),
    autosave: (text) => call<'autosave', void>('autosave')(text),
    readAutosave: call('readAutosave'),
    onOpenFileRequest(listener) {
      let active = true;
      // Pull now (files given at launch) and whenever the main process says more arrived.
      const pull = () => {
        void call<'onOpenFileRequest', OpenedScenarioFile[]>('onOpenFileRequest')().then(
          (files) => {
            for (const file of files) if (active) listener(file);
          },
          (error: unknown) => console.error('Fichiers demandés par le système illisibles :', error),
        );
      };
      ipc.on(HOST_EVENTS.openFileRequested, pull);
      pull();
      return () => {
        active = false;
        ipc.removeListener(HOST_EVENTS.openFileRequested, pull);
      };
    },
  };
}
