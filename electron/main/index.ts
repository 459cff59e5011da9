// Electron main process: one sandboxed window on the built renderer, served through app://.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, protocol, session } from 'electron';
import { HOST_CHANNELS, type AppInfo } from '../../common/host-api';
import { APP_ENTRY_URL, APP_SCHEME, mimeTypeOf, resolveAppFile } from './app-protocol';
import { runCli } from '../cli/run';
import { headlessArguments } from './headless';
import { isTrustedSenderFrame } from './ipc-guard';

const rendererRoot = join(__dirname, '../renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

function createWindow(): void {
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Territoire Santé',
    webPreferences: {
      preload: join(__dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  void window.loadURL(APP_ENTRY_URL);
}

const cliArguments = headlessArguments(process.argv, app.isPackaged);

if (cliArguments) {
  // Headless: same code and exit codes as `npm run cli`, no window.
  app.whenReady().then(async () => {
    const code = await runCli(cliArguments, { stdout: process.stdout, stderr: process.stderr });
    app.exit(code);
  });
} else app.whenReady().then(() => {
  protocol.handle(APP_SCHEME, async (request) => {
    const file = resolveAppFile(request.url, rendererRoot);
    if (!file) return new Response('Introuvable', { status: 404 });
    try {
      return new Response(await readFile(file), { headers: { 'content-type': mimeTypeOf(file) } });
    } catch {
      return new Response('Introuvable', { status: 404 });
    }
  });
  session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => callback(false));
  ipcMain.handle(HOST_CHANNELS.getAppInfo, (event): AppInfo => {
    if (!isTrustedSenderFrame(event.senderFrame)) throw new Error('Expéditeur IPC non autorisé.');
    return { shell: 'electron', version: app.getVersion() };
  });
  createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
