// Picks the host implementation: the preload's API inside Electron, the browser's otherwise
// (renderer/host-web.ts: localStorage, file input and downloads).
import * as Comlink from 'comlink';
import { HOST_GLOBAL, type HostApi } from '../common/host-api';
import type { DbWorkerApi } from '../common/worker-api';
import { createBrowserHost } from './host-web';
import { hostPackStore } from './import/importer';

declare const __APP_VERSION__: string;

const desktop = (window as unknown as Record<string, HostApi | undefined>)[HOST_GLOBAL];

export const host: HostApi = desktop ?? createBrowserHost(__APP_VERSION__);

/** Desktop app: gives the DB worker the host's pack folders (listed, read and deleted through IPC). */
export async function connectHostPacks(db: Comlink.Remote<DbWorkerApi>): Promise<void> {
  const store = hostPackStore(host);
  if (store) await db.useHostPacks(Comlink.proxy(store));
}
