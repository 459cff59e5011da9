// Picks the host implementation: the preload's API inside Electron, the browser's otherwise
// (renderer/host-web.ts: localStorage, file input and downloads).
import { HOST_GLOBAL, type HostApi } from '../common/host-api';
import { createBrowserHost } from './host-web';

declare const __APP_VERSION__: string;

const desktop = (window as unknown as Record<string, HostApi | undefined>)[HOST_GLOBAL];

export const host: HostApi = desktop ?? createBrowserHost(__APP_VERSION__);
