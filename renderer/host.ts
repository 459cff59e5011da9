// Picks the host implementation: the preload's API inside Electron, the browser's otherwise.
import { HOST_GLOBAL, type HostApi } from '../common/host-api';

declare const __APP_VERSION__: string;

const webHost: HostApi = {
  async getAppInfo() {
    return { shell: 'web', version: __APP_VERSION__ };
  },
};

export const host: HostApi = (window as unknown as Record<string, HostApi | undefined>)[HOST_GLOBAL] ?? webHost;
