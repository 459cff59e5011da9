// Scenario files behind ids, recent files, backups and autosave, on real temporary folders with fake
// dialogs, clock and timers.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { backupPath } from './file-store';
import { HostError } from './host-error';
import {
  Autosave,
  DEFAULT_FOLDER_NAME,
  MAX_RECENT_FILES,
  RECENT_FILE_NAME,
  ScenarioFiles,
  scenarioFileName,
  type FileDialogs,
  type Timers,
} from './scenario-files';

let root: string;
let documents: string;
let userData: string;
let elsewhere: string;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'tsante-fichiers-'));
  documents = join(root, 'Documents');
  userData = join(root, 'userData');
  elsewhere = join(root, 'ailleurs');
  mkdirSync(documents);
  mkdirSync(elsewhere);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const scenario = (name: string) => `{"schemaVersion":2,"name":"${name}","levers":[]}\n`;

/** Dialogs answering from a script of chosen paths (null: the user cancels), recording their options. */
function scriptedDialogs(answers: (string | null)[]) {
  const calls: { kind: 'open' | 'save'; options: { title: string; defaultPath: string; filters: unknown } }[] = [];
  const dialogs: FileDialogs = {
    async showOpenDialog(options) {
      calls.push({ kind: 'open', options });
      const answer = answers.shift();
      return answer ? { canceled: false, filePaths: [answer] } : { canceled: true, filePaths: [] };
    },
    async showSaveDialog(options) {
      calls.push({ kind: 'save', options });
      const answer = answers.shift();
      return answer ? { canceled: false, filePath: answer } : { canceled: true };
    },
  };
  return { dialogs, calls, answers };
}

function make(answers: (string | null)[] = [], log = vi.fn()) {
  const script = scriptedDialogs(answers);
  let tick = 0;
  let id = 0;
  const files = new ScenarioFiles({
    dialogs: script.dialogs,
    documentsFolder: documents,
    userDataFolder: userData,
    // One minute per event: usedAt dates are distinct and predictable.
    now: () => new Date(Date.UTC(2025, 0, 1, 0, tick++)),
    newId: () => `id-${++id}`,
    log,
  });
  return { files, ...script, log };
}

describe('ouverture', () => {
  it('ouvre le fichier choisi dans le dossier par défaut « Documents/Territoire Santé » et le met en tête des récents', async () => {
    const path = join(elsewhere, 'msp.tsante.json');
    writeFileSync(path, scenario('MSP'));
    const { files, calls } = make([path]);
    const opened = await files.open();
    expect(opened).toEqual({ id: 'id-1', name: 'msp.tsante.json', text: scenario('MSP') });
    expect(calls[0].options.defaultPath).toBe(join(documents, DEFAULT_FOLDER_NAME));
    expect(existsSync(join(documents, DEFAULT_FOLDER_NAME))).toBe(true);
    expect(calls[0].options.filters).toEqual([
      { name: 'Scénario Territoire Santé (*.tsante.json)', extensions: ['tsante.json'] },
      { name: 'Fichier JSON (*.json)', extensions: ['json'] },
    ]);
    expect(files.recent()).toEqual([{ id: 'id-1', name: 'msp.tsante.json', usedAt: '2025-01-01T00:00:00.000Z' }]);
    // The renderer only ever sees the id and the file name, never the folder.
    expect(JSON.stringify(files.recent())).not.toContain(elsewhere);
  });

  it('renvoie null quand l’utilisateur annule', async () => {
    const { files } = make([null]);
    expect(await files.open()).toBeNull();
    expect(files.recent()).toEqual([]);
  });

  it('garde le même identifiant pour un même fichier, y compris après un redémarrage', async () => {
    const path = join(elsewhere, 'a.tsante.json');
    writeFileSync(path, scenario('A'));
    const first = make([path, path]);
    const a = await first.files.open();
    const again = await first.files.open();
    expect(again!.id).toBe(a!.id);
    expect(first.files.recent()).toHaveLength(1);
    const restarted = make();
    expect(restarted.files.recent().map((r) => r.id)).toEqual([a!.id]);
    expect(restarted.files.openRecent(a!.id).text).toBe(scenario('A'));
  });

  it('refuse un fichier trop volumineux et explique les erreurs de lecture en français', async () => {
    const big = join(elsewhere, 'gros.tsante.json');
    writeFileSync(big, Buffer.alloc(5 * 1024 * 1024 + 1, 0x20));
    const { files } = make([big, elsewhere]);
    await expect(files.open()).rejects.toThrow('« gros.tsante.json » est trop volumineux pour un scénario (5.0 Mo ; 5 Mo au plus).');
    await expect(files.open()).rejects.toThrow('« ailleurs » est un dossier, pas un fichier de scénario.');
    expect(() => files.openPath(join(elsewhere, 'absent.tsante.json'))).toThrow('« absent.tsante.json » est introuvable (déplacé ou supprimé ?).');
    expect(files.recent()).toEqual([]);
  });
});

describe('fichiers récents', () => {
  it('garde les 10 derniers, le plus récent en tête, dans userData/recent.json', () => {
    const { files } = make();
    for (let i = 0; i < MAX_RECENT_FILES + 2; i += 1) {
      const path = join(elsewhere, `s${i}.tsante.json`);
      writeFileSync(path, scenario(`S${i}`));
      files.openPath(path);
    }
    files.openPath(join(elsewhere, 's5.tsante.json'));
    const names = files.recent().map((r) => r.name);
    expect(names).toHaveLength(MAX_RECENT_FILES);
    expect(names.slice(0, 3)).toEqual(['s5.tsante.json', 's11.tsante.json', 's10.tsante.json']);
    expect(names).not.toContain('s0.tsante.json');
    const stored = JSON.parse(readFileSync(join(userData, RECENT_FILE_NAME), 'utf8'));
    expect(stored.version).toBe(1);
    expect(stored.files[0]).toEqual({ id: 'id-6', path: join(elsewhere, 's5.tsante.json'), usedAt: '2025-01-01T00:12:00.000Z' });
  });

  it('retire un fichier récent disparu, avec un message en français, et s’en souvient', () => {
    const path = join(elsewhere, 'parti.tsante.json');
    writeFileSync(path, scenario('Parti'));
    const { files } = make();
    const { id } = files.openPath(path);
    rmSync(path);
    expect(() => files.openRecent(id)).toThrow('« parti.tsante.json » est introuvable : il a été déplacé ou supprimé. Il est retiré des fichiers récents.');
    expect(files.recent()).toEqual([]);
    expect(make().files.recent()).toEqual([]);
  });

  it('refuse un identifiant inconnu (jamais un chemin)', () => {
    const { files } = make();
    expect(() => files.openRecent('id-404')).toThrow(HostError);
    expect(() => files.openRecent('id-404')).toThrow('Ce fichier n’est plus connu de l’application : ouvrez-le avec « Ouvrir ».');
    expect(() => files.readBackup(join(elsewhere, 'x.tsante.json'))).toThrow('n’est plus connu');
  });

  it('démarre avec une liste vide si recent.json est illisible, ou reprend sa sauvegarde', () => {
    mkdirSync(userData);
    const recent = join(userData, RECENT_FILE_NAME);
    writeFileSync(recent, '{"version": 1, "files": [{"id": "../../x", "path": "/etc/passwd", "usedAt": "hier"}]}');
    const log = vi.fn();
    expect(make([], log).files.recent()).toEqual([]);
    expect(log).toHaveBeenCalledWith(expect.stringContaining('Liste des fichiers récents ignorée'));
    const path = join(elsewhere, 'b.tsante.json');
    writeFileSync(path, scenario('B'));
    writeFileSync(backupPath(recent), JSON.stringify({ version: 1, files: [{ id: 'ancien', path, usedAt: '2024-12-31T10:00:00.000Z' }] }));
    const { files } = make();
    expect(files.recent()).toEqual([{ id: 'ancien', name: 'b.tsante.json', usedAt: '2024-12-31T10:00:00.000Z' }]);
    expect(files.openRecent('ancien').text).toBe(scenario('B'));
  });
});

describe('enregistrement', () => {
  it('demande où enregistrer (nom proposé nettoyé, extension ajoutée), puis réécrit sans demander en gardant une sauvegarde', async () => {
    const chosen = join(elsewhere, 'Stenay');
    const { files, calls } = make([chosen]);
    const ref = await files.save({ suggestedName: 'MSP : Stenay / Meuse', text: scenario('v1') });
    expect(calls[0].kind).toBe('save');
    expect(calls[0].options.defaultPath).toBe(join(documents, DEFAULT_FOLDER_NAME, 'MSP Stenay Meuse.tsante.json'));
    expect(ref).toEqual({ id: 'id-1', name: 'Stenay.tsante.json' });
    const path = `${chosen}.tsante.json`;
    expect(readFileSync(path, 'utf8')).toBe(scenario('v1'));
    expect(await files.readBackup(ref!.id)).toBeNull();

    expect(await files.save({ id: ref!.id, suggestedName: 'ignoré', text: scenario('v2') })).toEqual(ref);
    expect(calls).toHaveLength(1);
    expect(readFileSync(path, 'utf8')).toBe(scenario('v2'));
    // The backup comes back under the file's id: saving it restores the file.
    expect(files.readBackup(ref!.id)).toEqual({ id: ref!.id, name: 'Stenay.tsante.json', text: scenario('v1') });
    expect(files.recent()[0].id).toBe(ref!.id);
  });

  it('« Enregistrer sous » propose le dossier du fichier et donne un nouvel identifiant', async () => {
    const first = join(elsewhere, 'a.tsante.json');
    const second = join(elsewhere, 'b.tsante.json');
    const { files, calls } = make([first, second]);
    const a = await files.save({ suggestedName: 'A', text: scenario('A') });
    const b = await files.save({ id: a!.id, saveAs: true, suggestedName: 'B', text: scenario('B') });
    expect(calls[1].options.defaultPath).toBe(join(elsewhere, 'B.tsante.json'));
    expect(b).toEqual({ id: 'id-2', name: 'b.tsante.json' });
    expect(readFileSync(first, 'utf8')).toBe(scenario('A'));
    expect(files.recent().map((r) => r.name)).toEqual(['b.tsante.json', 'a.tsante.json']);
  });

  it('un identifiant inconnu demande où enregistrer ; annuler n’écrit rien', async () => {
    const { files, calls } = make([null]);
    expect(await files.save({ id: 'oublie', suggestedName: 'X', text: scenario('X') })).toBeNull();
    expect(calls).toHaveLength(1);
    expect(files.recent()).toEqual([]);
  });

  it('explique en français un dossier disparu', async () => {
    const folder = join(elsewhere, 'sous-dossier');
    mkdirSync(folder);
    const { files } = make([join(folder, 'x.tsante.json')]);
    const ref = await files.save({ suggestedName: 'X', text: scenario('X') });
    rmSync(folder, { recursive: true });
    await expect(files.save({ id: ref!.id, suggestedName: 'X', text: scenario('Y') })).rejects.toThrow(
      'Impossible d’écrire « x.tsante.json » : son dossier n’existe plus.',
    );
  });
});

describe('nom de fichier proposé', () => {
  it.each([
    ['Maison de santé à Stenay', 'Maison de santé à Stenay.tsante.json'],
    ['a/b\\c:d*e?f"g<h>i|j', 'a b c d e f g h i j.tsante.json'],
    ['../../.bashrc', 'bashrc.tsante.json'],
    ['déjà.tsante.json', 'déjà.tsante.json'],
    ['export.JSON', 'export.tsante.json'],
    ['fin. ', 'fin.tsante.json'],
    ['\u0000\u0007', 'scénario.tsante.json'],
    ['CON', 'scénario CON.tsante.json'],
    ['x'.repeat(300), `${'x'.repeat(120)}.tsante.json`],
  ])('%j → %j', (suggested, expected) => {
    expect(scenarioFileName(suggested)).toBe(expected);
  });
});

describe('sauvegarde automatique', () => {
  function fakeTimers() {
    let now = 0;
    const pending: { at: number; run: () => void; id: number }[] = [];
    let next = 0;
    const timers: Timers = {
      setTimeout: (run, ms) => {
        pending.push({ at: now + ms, run, id: ++next });
        return next;
      },
      clearTimeout: (id) => {
        const index = pending.findIndex((p) => p.id === id);
        if (index >= 0) pending.splice(index, 1);
      },
      now: () => now,
    };
    const advance = (ms: number) => {
      now += ms;
      for (const timer of pending.filter((p) => p.at <= now)) {
        pending.splice(pending.indexOf(timer), 1);
        timer.run();
      }
    };
    return { timers, advance, pending };
  }

  it('écrit tout de suite, espace les écritures, garde toujours le dernier texte et le vide au flush', () => {
    const path = join(userData, 'autosave.tsante.json');
    const { timers, advance, pending } = fakeTimers();
    const autosave = new Autosave(path, 1000, timers);
    expect(autosave.read()).toBeNull();
    autosave.save('un');
    expect(readFileSync(path, 'utf8')).toBe('un');
    advance(100);
    autosave.save('deux');
    autosave.save('trois');
    expect(readFileSync(path, 'utf8')).toBe('un');
    expect(autosave.pending).toBe(true);
    expect(autosave.read()).toBe('trois');
    expect(pending).toHaveLength(1);
    advance(900);
    expect(readFileSync(path, 'utf8')).toBe('trois');
    expect(readFileSync(backupPath(path), 'utf8')).toBe('un');
    expect(autosave.pending).toBe(false);

    autosave.save('quatre');
    expect(readFileSync(path, 'utf8')).toBe('trois');
    // Quitting: flush writes synchronously and cancels the timer.
    autosave.flush();
    expect(readFileSync(path, 'utf8')).toBe('quatre');
    expect(pending).toHaveLength(0);
    expect(new Autosave(path).read()).toBe('quatre');
  });

  it('relit la sauvegarde précédente si le fichier est vide, et signale une écriture impossible en français', () => {
    const path = join(userData, 'autosave.tsante.json');
    mkdirSync(userData);
    writeFileSync(path, '');
    writeFileSync(backupPath(path), 'précédent');
    expect(new Autosave(path).read()).toBe('précédent');

    // userData is a file: the autosave folder cannot be created.
    const blocked = new Autosave(join(root, 'fichier', 'autosave.tsante.json'), 0);
    writeFileSync(join(root, 'fichier'), 'x');
    expect(() => blocked.save('texte')).toThrow(/^Sauvegarde automatique impossible : /);
    expect(blocked.pending).toBe(true);
    expect(blocked.read()).toBe('texte');
  });

  it('signale à l’appel suivant une écriture différée qui a échoué', () => {
    const folder = join(root, 'auto');
    const { timers, advance } = fakeTimers();
    const log = vi.fn();
    const autosave = new Autosave(join(folder, 'autosave.tsante.json'), 1000, timers, log);
    autosave.save('un');
    advance(10);
    autosave.save('deux');
    rmSync(folder, { recursive: true });
    writeFileSync(folder, 'plus un dossier');
    advance(1000);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^Sauvegarde automatique impossible/));
    advance(10);
    expect(() => autosave.save('trois')).toThrow(/^Sauvegarde automatique impossible/);
  });
});
