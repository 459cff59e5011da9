// IPC validation: every host channel is registered behind the sender check and a strict schema;
// malformed payloads never reach the services.
import { describe, expect, it, vi } from 'vitest';
import { HOST_CHANNELS } from '../../common/host-api';
import { HostError } from './host-error';
import {
  handleValidated,
  HOST_ARGUMENT_SCHEMAS,
  MAX_SCENARIO_TEXT_LENGTH,
  registerHostHandlers,
  UNTRUSTED_SENDER_MESSAGE,
  type HostServices,
  type IpcEventLike,
  type IpcMainLike,
  type IpcResult,
} from './ipc-schemas';

type Listener = (event: IpcEventLike, ...args: unknown[]) => Promise<IpcResult<unknown>>;

const trusted: IpcEventLike = { senderFrame: { url: 'app://bundle/index.html', parent: null } };
const fakeIpc = () => {
  const handlers = new Map<string, Listener>();
  const ipc: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`déjà enregistré : ${channel}`);
      handlers.set(channel, listener);
    },
  };
  const invoke = (channel: string, args: unknown[], event: IpcEventLike = trusted) => handlers.get(channel)!(event, ...args);
  return { ipc, handlers, invoke };
};

const file = { id: '0b5c1e8e-3f1a-4c57-9a55-1f3f3d3a0c11', name: 'a.tsante.json', text: '{}' };
const fakeServices = () => {
  const services: HostServices = {
    getAppInfo: vi.fn(async () => ({ shell: 'electron' as const, version: '0.1.0' })),
    openScenarioFile: vi.fn(async () => file),
    openRecentScenarioFile: vi.fn(async () => file),
    readScenarioBackup: vi.fn(async () => null),
    saveScenarioFile: vi.fn(async () => ({ id: file.id, name: file.name })),
    recentScenarioFiles: vi.fn(async () => []),
    autosave: vi.fn(async () => undefined),
    readAutosave: vi.fn(async () => null),
    onOpenFileRequest: vi.fn(async () => []),
    packsFolder: vi.fn(async () => '/home/u/Documents/Territoire Santé/Paquets'),
    openPacksFolder: vi.fn(async () => undefined),
    listPacks: vi.fn(async () => []),
    readPackFile: vi.fn(async () => new Uint8Array([1, 2, 3])),
    deletePack: vi.fn(async () => undefined),
    importFiles: vi.fn(async () => ({ ok: true, packId: 'meuse', reports: [], warnings: [] })),
    cancelImport: vi.fn(async () => undefined),
  };
  return services;
};

const setup = () => {
  const { ipc, handlers, invoke } = fakeIpc();
  const services = fakeServices();
  const log = vi.fn();
  registerHostHandlers(ipc, services, log);
  return { handlers, invoke, services, log };
};

const save = (extra: object = {}) => [{ suggestedName: 'Essai', text: '{"schemaVersion":2}', ...extra }];
const damirFile = { path: '/home/u/Téléchargements/A202401.csv.gz', kind: 'damir' };
const target = { id: 'meuse', label: 'Paquet « meuse »', baseId: 'reference-cog2025' };
const importArgs = (files: unknown = [damirFile], to: unknown = target) => [files, to];

describe('IPC de l’API hôte : enregistrement', () => {
  it('enregistre un gestionnaire par canal de HOST_CHANNELS, et aucun autre', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(Object.values(HOST_CHANNELS).sort());
    expect(Object.keys(HOST_ARGUMENT_SCHEMAS).sort()).toEqual(Object.keys(HOST_CHANNELS).sort());
  });

  it('transmet des arguments valides et enveloppe la réponse', async () => {
    const { invoke, services } = setup();
    expect(await invoke(HOST_CHANNELS.getAppInfo, [])).toEqual({ ok: true, value: { shell: 'electron', version: '0.1.0' } });
    expect(await invoke(HOST_CHANNELS.openRecentScenarioFile, [file.id])).toEqual({ ok: true, value: file });
    expect(services.openRecentScenarioFile).toHaveBeenCalledWith(file.id);
    expect(await invoke(HOST_CHANNELS.saveScenarioFile, save({ id: file.id, saveAs: true }))).toEqual({ ok: true, value: { id: file.id, name: file.name } });
    expect(services.saveScenarioFile).toHaveBeenCalledWith({ id: file.id, saveAs: true, suggestedName: 'Essai', text: '{"schemaVersion":2}' });
    expect(await invoke(HOST_CHANNELS.autosave, ['x'.repeat(MAX_SCENARIO_TEXT_LENGTH)])).toEqual({ ok: true, value: undefined });
  });

  it('transmet les demandes de paquets et d’import bien formées', async () => {
    const { invoke, services } = setup();
    expect(await invoke(HOST_CHANNELS.readPackFile, ['Meuse 2024 (copie)', 'damir_actes.parquet'])).toEqual({ ok: true, value: new Uint8Array([1, 2, 3]) });
    expect(services.readPackFile).toHaveBeenCalledWith('Meuse 2024 (copie)', 'damir_actes.parquet');
    expect(await invoke(HOST_CHANNELS.deletePack, ['meuse'])).toEqual({ ok: true, value: undefined });
    const files = [damirFile, { path: 'C:\\Users\\u\\TD_POP1B_2021.csv', kind: 'population' }];
    expect(await invoke(HOST_CHANNELS.importFiles, importArgs(files))).toMatchObject({ ok: true, value: { ok: true, packId: 'meuse' } });
    expect(services.importFiles).toHaveBeenCalledWith(files, target);
    expect(await invoke(HOST_CHANNELS.importFiles, importArgs(undefined, { ...target, baseId: 'meuse' }))).toMatchObject({ ok: true });
    expect(await invoke(HOST_CHANNELS.cancelImport, [])).toEqual({ ok: true, value: undefined });
  });
});

describe('IPC de l’API hôte : refus', () => {
  const malformed: [keyof typeof HOST_CHANNELS, unknown[], RegExp][] = [
    // Extra arguments where none are expected.
    ['getAppInfo', ['/etc/passwd'], /Requête refusée \(host:get-app-info\)/],
    ['openScenarioFile', [{ path: '/etc/passwd' }], /Requête refusée/],
    ['readAutosave', [1], /Requête refusée/],
    // Wrong types and missing arguments.
    ['openRecentScenarioFile', [], /Requête refusée/],
    ['openRecentScenarioFile', [42], /argument 0/],
    ['openRecentScenarioFile', [null], /argument 0/],
    // Paths instead of ids: the renderer can only name files by the ids main handed out.
    ['openRecentScenarioFile', ['/home/u/.ssh/id_rsa'], /identifiant de fichier invalide/],
    ['readScenarioBackup', ['..\\..\\Windows\\win.ini'], /identifiant de fichier invalide/],
    ['readScenarioBackup', ['a'.repeat(65)], /identifiant de fichier invalide/],
    ['openRecentScenarioFile', [file.id, 'extra'], /Requête refusée/],
    // Save requests: missing fields, wrong types, extra fields, huge strings.
    ['saveScenarioFile', [], /Requête refusée/],
    ['saveScenarioFile', ['texte'], /argument 0/],
    ['saveScenarioFile', [{ text: '{}' }], /argument 0\.suggestedName/],
    ['saveScenarioFile', [{ suggestedName: 'a' }], /argument 0\.text/],
    ['saveScenarioFile', save({ path: '/etc/cron.d/x' }), /argument 0/],
    ['saveScenarioFile', save({ id: '/etc/passwd' }), /argument 0\.id/],
    ['saveScenarioFile', save({ saveAs: 'oui' }), /argument 0\.saveAs/],
    ['saveScenarioFile', save({ suggestedName: '' }), /argument 0\.suggestedName/],
    ['saveScenarioFile', save({ suggestedName: 'n'.repeat(256) }), /argument 0\.suggestedName/],
    ['saveScenarioFile', save({ text: 'x'.repeat(MAX_SCENARIO_TEXT_LENGTH + 1) }), /argument 0\.text : texte de plus de 5000000 caractères/],
    ['saveScenarioFile', save({ text: { length: 1 } }), /argument 0\.text/],
    // An own « __proto__ » key (what a structured clone can carry) is an unknown field.
    ['saveScenarioFile', [JSON.parse('{"__proto__": {"saveAs": true}, "suggestedName": "x", "text": "{}"}')], /argument 0 : Clé non reconnue/],
    ['autosave', [], /Requête refusée/],
    ['autosave', [new Uint8Array(4)], /argument 0/],
    ['autosave', ['x'.repeat(MAX_SCENARIO_TEXT_LENGTH + 1)], /texte de plus de/],
    ['onOpenFileRequest', ['/tmp/x.tsante.json'], /Requête refusée/],
    // Packs: named by folder name and file name only, never by path.
    ['readPackFile', ['..', 'manifest.json'], /identifiant de paquet invalide/],
    ['readPackFile', ['../../.ssh', 'id_rsa'], /identifiant de paquet invalide/],
    ['readPackFile', ['a\\b', 'manifest.json'], /identifiant de paquet invalide/],
    ['readPackFile', ['meuse', '../manifest.json'], /nom de fichier de paquet invalide/],
    ['readPackFile', ['meuse', '.hidden'], /nom de fichier de paquet invalide/],
    ['readPackFile', ['meuse'], /Requête refusée/],
    ['deletePack', ['/home/u/Documents'], /identifiant de paquet invalide/],
    ['deletePack', ['.'], /identifiant de paquet invalide/],
    ['packsFolder', ['/tmp'], /Requête refusée/],
    ['cancelImport', ['meuse'], /Requête refusée/],
    // Imports: files by path and known kind, a pack name of the panel's rule, nothing more.
    ['importFiles', importArgs([]), /argument 0/],
    ['importFiles', importArgs([{ path: '/a.csv', kind: 'virus' }]), /argument 0\.0\.kind/],
    ['importFiles', importArgs([{ path: '/a.csv', kind: 'damir', size: 3 }]), /argument 0\.0/],
    ['importFiles', importArgs([{ path: '', kind: 'damir' }]), /argument 0\.0\.path/],
    ['importFiles', importArgs(Array.from({ length: 201 }, () => damirFile)), /argument 0/],
    ['importFiles', importArgs(undefined, { ...target, id: '../paquet' }), /argument 1\.id : nom de paquet invalide/],
    ['importFiles', importArgs(undefined, { ...target, id: 'Meuse' }), /argument 1\.id/],
    ['importFiles', importArgs(undefined, { ...target, baseId: '..' }), /argument 1\.baseId/],
    ['importFiles', importArgs(undefined, { ...target, target: '/etc' }), /argument 1/],
    ['importFiles', [[damirFile]], /Requête refusée/],
  ];

  for (const [key, args, message] of malformed) {
    it(`${key}(${JSON.stringify(args).slice(0, 60)}) est refusé sans appeler le service`, async () => {
      const { invoke, services, log } = setup();
      const result = await invoke(HOST_CHANNELS[key], args);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
      expect(services[key]).not.toHaveBeenCalled();
      expect(log).toHaveBeenCalled();
    });
  }

  it('refuse tout expéditeur autre que le cadre principal app://bundle, avant même de lire les arguments', async () => {
    const { invoke, services } = setup();
    const untrusted: IpcEventLike[] = [
      { senderFrame: null },
      { senderFrame: { url: 'app://bundle/index.html', parent: {} } },
      { senderFrame: { url: 'https://example.org/', parent: null } },
      { senderFrame: { url: 'file:///tmp/index.html', parent: null } },
      { senderFrame: { url: 'app://autre/index.html', parent: null } },
      {} as IpcEventLike,
    ];
    for (const event of untrusted) {
      for (const [key, channel] of Object.entries(HOST_CHANNELS)) {
        const args = key === 'saveScenarioFile' ? save() : key === 'autosave' ? ['{}'] : key.includes('Recent') || key.includes('Backup') ? [file.id] : key === 'importFiles' ? importArgs() : [];
        expect(await invoke(channel, args, event)).toEqual({ ok: false, message: UNTRUSTED_SENDER_MESSAGE });
      }
    }
    for (const method of Object.values(services)) expect(method).not.toHaveBeenCalled();
  });
});

describe('handleValidated : erreurs des services', () => {
  it('transmet le message d’une HostError et masque les autres erreurs (chemins, détails internes)', async () => {
    const { ipc, invoke } = fakeIpc();
    const log = vi.fn();
    handleValidated(ipc, 'c:host', HOST_ARGUMENT_SCHEMAS.readAutosave, () => {
      throw new HostError('« a.tsante.json » est introuvable (déplacé ou supprimé ?).');
    }, log);
    handleValidated(ipc, 'c:bug', HOST_ARGUMENT_SCHEMAS.readAutosave, async () => {
      throw new Error("ENOENT: no such file or directory, open '/home/secret/x'");
    }, log);
    expect(await invoke('c:host', [])).toEqual({ ok: false, message: '« a.tsante.json » est introuvable (déplacé ou supprimé ?).' });
    const bug = await invoke('c:bug', []);
    expect(bug).toEqual({ ok: false, message: 'Erreur inattendue de l’application (détails dans le journal).' });
    expect(log).toHaveBeenCalledWith('Erreur inattendue sur c:bug.', expect.any(Error));
  });
});
