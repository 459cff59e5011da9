// The host API the preload exposes, built on an ipcRenderer-like object so that it is tested in Node.
// Each method invokes its channel and unwraps the main process's envelope: values come back as is,
// refusals and failures as Errors carrying the main process's French message (no "Error invoking
// remote method" prefix for the interface to strip). Imports send paths, never file contents: the
// preload asks Electron for the path of each dropped or chosen file (webUtils.getPathForFile), so the
// page can only name files the user gave it.
import { HOST_CHANNELS, HOST_EVENTS, type HostApi, type HostImportFile, type ImportOutcome, type ImportProgress, type OpenedScenarioFile, type StoredPackSummary } from '../../common/host-api';
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

/** webUtils.getPathForFile: the path of a File from the user's disk, '' for one made in memory. */
export type PathForFile = (file: HostImportFile) => string;

export function createHostApi(ipc: IpcRendererLike, pathForFile: PathForFile): Required<HostApi> {
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
    packsFolder: call('packsFolder'),
    openPacksFolder: call('openPacksFolder'),
    listPacks: () => call<'listPacks', StoredPackSummary[]>('listPacks')(),
    readPackFile: (id, name) => call<'readPackFile', Uint8Array>('readPackFile')(id, name),
    deletePack: (id) => call<'deletePack', void>('deletePack')(id),
    async importFiles(files, target, onProgress) {
      const paths = files.map(({ file, kind }) => {
        const path = pathForFile(file);
        if (!path) throw new Error(`« ${file.name} » n’est pas un fichier du disque : choisissez-le avec « Choisir des fichiers… » ou déposez-le depuis l’explorateur de fichiers.`);
        return { path, kind };
      });
      const listener = (_event: unknown, progress: unknown) => {
        const p = progress as ImportProgress | null;
        if (p && typeof p.file === 'string') onProgress({ file: p.file, bytesRead: Number(p.bytesRead), bytesTotal: Number(p.bytesTotal), rows: Number(p.rows) });
      };
      ipc.on(HOST_EVENTS.importProgress, listener as (...args: unknown[]) => void);
      try {
        return await call<'importFiles', ImportOutcome>('importFiles')(paths, { id: target.id, label: target.label, baseId: target.baseId });
      } finally {
        ipc.removeListener(HOST_EVENTS.importProgress, listener as (...args: unknown[]) => void);
      }
    },
    cancelImport: () => call<'cancelImport', void>('cancelImport')(),
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
