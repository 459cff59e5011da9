// Electron main process: one sandboxed window on the built renderer, served through app://, and the
// host API behind validated IPC. The logic lives in pure modules tested in Node (scenario-files,
// ipc-schemas, open-requests, renderer-crash, app-protocol, ipc-guard, pack-folders, native-import);
// this file only wires Electron.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell, utilityProcess } from 'electron';
import { HOST_EVENTS } from '../../common/host-api';
import { APP_ENTRY_URL, APP_SCHEME, mimeTypeOf, resolveAppFile } from './app-protocol';
import { runCli } from '../cli/run';
import { headlessArguments } from './headless';
import { HostError } from './host-error';
import { registerHostHandlers, type HostServices } from './ipc-schemas';
import { NativeImports } from './native-import';
import { choosePacksFolder, PackFolders } from './pack-folders';
import { OpenRequests, scenarioPathsFromArgv } from './open-requests';
import { crashDialogMessage, RendererCrashPolicy } from './renderer-crash';
import { Autosave, AUTOSAVE_FILE_NAME, ScenarioFiles, type FileDialogs } from './scenario-files';

const rendererRoot = join(__dirname, '../renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let mainWindow: BrowserWindow | null = null;

function createWindow(): BrowserWindow {
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
  const crashes = new RendererCrashPolicy();
  window.webContents.on('render-process-gone', (_event, details) => {
    const decision = crashes.decide(details.reason);
    console.warn(`Processus d’affichage arrêté (${details.reason}, code ${details.exitCode}) : ${decision}.`);
    if (decision === 'reload') void window.loadURL(APP_ENTRY_URL);
    else if (decision === 'ask') {
      const { message, detail, buttons } = crashDialogMessage(details.reason);
      void dialog.showMessageBox(window, { type: 'error', message, detail, buttons, defaultId: 0, cancelId: 1 }).then(({ response }) => {
        if (response === 0) {
          crashes.reset();
          void window.loadURL(APP_ENTRY_URL);
        } else app.quit();
      });
    }
  });
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

function startDesktop(): void {
  // The renderer pulls queued files when it subscribes; the event only says « there is more ».
  const openRequests = new OpenRequests(() => mainWindow?.webContents.send(HOST_EVENTS.openFileRequested));
  for (const path of scenarioPathsFromArgv(process.argv, app.isPackaged, process.cwd())) openRequests.push(path);
  // macOS: double-click in the Finder, possibly before 'ready'.
  app.on('open-file', (event, path) => {
    event.preventDefault();
    openRequests.push(path);
  });
  app.on('second-instance', (_event, argv, workingDirectory) => {
    for (const path of scenarioPathsFromArgv(argv, app.isPackaged, workingDirectory)) openRequests.push(path);
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });

  app.whenReady().then(() => {
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

    // Dialogs are modal to the window when there is one.
    const dialogs: FileDialogs = {
      showOpenDialog: (options) => (mainWindow ? dialog.showOpenDialog(mainWindow, options) : dialog.showOpenDialog(options)),
      showSaveDialog: (options) => (mainWindow ? dialog.showSaveDialog(mainWindow, options) : dialog.showSaveDialog(options)),
    };
    const files = new ScenarioFiles({ dialogs, documentsFolder: app.getPath('documents'), userDataFolder: app.getPath('userData') });
    const autosave = new Autosave(join(app.getPath('userData'), AUTOSAVE_FILE_NAME));
    // Synchronous writes: the text is on disk before the handler returns, whatever happens next.
    const flushAutosave = () => {
      try {
        autosave.flush();
      } catch (error) {
        console.error((error as Error).message);
      }
    };
    app.on('before-quit', flushAutosave);
    app.on('will-quit', flushAutosave);

    // Imported packs: folders in Documents/Territoire Santé/Paquets; built-in packs ship in the renderer's folder.
    let documents: string | null = null;
    try {
      documents = app.getPath('documents');
    } catch {
      // No Documents folder on this system: application data instead.
    }
    const packs = new PackFolders(choosePacksFolder(documents, app.getPath('userData')), {
      demo: join(rendererRoot, 'packs', 'demo'),
      'reference-cog2025': join(rendererRoot, 'packs', 'reference-cog2025'),
    });
    // Each import runs native DuckDB in a fresh utility process: the window stays responsive and the
    // process's memory goes back to the system when it ends.
    const imports = new NativeImports({
      fork: () => utilityProcess.fork(join(__dirname, 'import-process.js'), [], { serviceName: 'Territoire Santé — import', stdio: 'inherit' }),
      packs,
      referenceTables: join(rendererRoot, 'reference'),
      onProgress: (progress) => mainWindow?.webContents.send(HOST_EVENTS.importProgress, progress),
      log: (message, detail) => console.error(message, detail),
    });
    app.on('will-quit', () => imports.cancel());

    const services: HostServices = {
      getAppInfo: async () => ({ shell: 'electron', version: app.getVersion() }),
      openScenarioFile: () => files.open(),
      openRecentScenarioFile: async (id) => files.openRecent(id),
      readScenarioBackup: async (id) => files.readBackup(id),
      saveScenarioFile: (request) => files.save(request),
      recentScenarioFiles: async () => files.recent(),
      autosave: async (text) => autosave.save(text),
      readAutosave: async () => autosave.read(),
      packsFolder: async () => packs.root,
      openPacksFolder: async () => {
        const failure = await shell.openPath(packs.root);
        if (failure) throw new HostError(`Impossible d’ouvrir le dossier « ${packs.root} » : ${failure}`);
      },
      listPacks: async () => packs.list(),
      readPackFile: async (id, name) => packs.read(id, name),
      deletePack: (id) => packs.remove(id, (path) => shell.trashItem(path)),
      importFiles: (files, target) => imports.run(files, target),
      cancelImport: async () => imports.cancel(),
      onOpenFileRequest: async () =>
        openRequests.take().flatMap((path) => {
          try {
            return [files.openPath(path)];
          } catch (error) {
            // Nothing reached the renderer: tell the user here.
            const message = error instanceof HostError ? error.message : `Impossible d’ouvrir « ${path} ».`;
            dialog.showErrorBox('Ouverture du scénario impossible', message);
            return [];
          }
        }),
    };
    registerHostHandlers(ipcMain, services);

    mainWindow = createWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

const cliArguments = headlessArguments(process.argv, app.isPackaged);

if (cliArguments) {
  // Headless: same code and exit codes as `npm run cli`, no window, no single-instance lock.
  app.whenReady().then(async () => {
    const code = await runCli(cliArguments, { stdout: process.stdout, stderr: process.stderr });
    app.exit(code);
  });
} else if (!app.requestSingleInstanceLock()) {
  // Another window is open: it receives our argv ('second-instance') and opens the file.
  app.quit();
} else startDesktop();
