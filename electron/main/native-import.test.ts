// The desktop import from the main process's side: the request checked before any process starts,
// one import at a time, a real import process (forked under Node, as utilityProcess.fork does in the
// app) writing a pack folder the pack list then shows, and a process dying mid-swap repaired.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../common/host-api';
import { damirMonthLines } from '../../tests/fixtures/damir-files';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from '../cli/packs';
import type { ImportChildLike } from '../import-process/client';
import { forkNodeImportProcess } from '../import-process/node-child';
import { HostError } from './host-error';
import { NativeImports } from './native-import';
import { PackFolders } from './pack-folders';

const work = mkdtempSync(join(tmpdir(), 'tsante-import-natif-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const root = join(work, 'Paquets');
mkdirSync(root);
const packs = new PackFolders(root, { 'reference-cog2025': REFERENCE_PACK_FOLDER });
const damir = join(work, 'A202402.csv.gz');
writeFileSync(damir, gzipSync([...damirMonthLines(2024, 1, 2000, 3)].join('\n') + '\n'));
const target = { id: 'meuse', label: 'Paquet « meuse »', baseId: 'reference-cog2025' };

/** A child that records what it is sent and answers as told. */
function scriptedChild(onJob: (emit: (event: string, value: unknown) => void) => void) {
  const listeners: Record<string, ((value: unknown) => void)[]> = { message: [], exit: [] };
  const emit = (event: string, value: unknown) => listeners[event].forEach((l) => l(value));
  const posted: unknown[] = [];
  const child = {
    postMessage: (message: { type: string }) => {
      posted.push(message);
      if (message.type === 'import') onJob(emit);
    },
    on: (event: string, listener: (value: unknown) => void) => listeners[event].push(listener),
    kill: () => true,
  } as unknown as ImportChildLike;
  setTimeout(() => emit('message', { type: 'ready' }), 0);
  return { child, posted };
}

const imports = (fork: () => ImportChildLike, onProgress: (p: ImportProgress) => void = () => undefined) =>
  new NativeImports({ fork, packs, referenceTables: REFERENCE_TABLES_FOLDER, onProgress });

describe('import natif (processus principal)', () => {
  it('vérifie la demande avant de lancer un processus', async () => {
    let forks = 0;
    const service = imports(() => {
      forks++;
      throw new Error('ne doit pas être lancé');
    });
    expect(await service.run([{ path: join(work, 'absent.csv'), kind: 'population' }], target)).toEqual({
      ok: false,
      message: 'Fichier « absent.csv » introuvable ou illisible (déplacé, supprimé, ou dossier ?) : ajoutez-le de nouveau à la liste.',
    });
    expect(await service.run([{ path: 'A202402.csv.gz', kind: 'damir' }], target)).toMatchObject({ ok: false, message: /« A202402\.csv\.gz » introuvable/ });
    expect(await service.run([{ path: work, kind: 'damir' }], target)).toMatchObject({ ok: false });
    expect(await service.run([{ path: damir, kind: 'damir' }], { ...target, id: 'reference-cog2025' })).toEqual({ ok: false, message: 'Les paquets intégrés ne sont jamais modifiés : choisissez un autre nom.' });
    expect(await service.run([{ path: damir, kind: 'damir' }], { ...target, baseId: 'inconnu' })).toEqual({ ok: false, message: `Paquet « inconnu » introuvable dans « ${root} ».` });
    expect(forks).toBe(0);
  });

  it('importe dans un processus, relaie la progression, puis le paquet est listé et lisible', async () => {
    const progress: ImportProgress[] = [];
    const service = imports(() => forkNodeImportProcess(), (p) => progress.push(p));
    const outcome = await service.run([{ path: damir, kind: 'damir' }], target);
    expect(outcome).toMatchObject({ ok: true, packId: 'meuse' });
    expect(outcome.reports?.map((r) => [r.kind, r.file])).toEqual([['damir', 'A202402.csv.gz']]);
    expect(service.busy).toBe(false);
    expect(packs.list().map((p) => [p.id, p.label, p.sources])).toEqual([['meuse', 'Paquet « meuse »', ['A202402.csv.gz']]]);
    const manifest = JSON.parse(new TextDecoder().decode(packs.read('meuse', 'manifest.json')));
    expect(manifest.id).toBe('meuse');
    for (const table of Object.values(manifest.tables) as { file: string }[]) expect(packs.read('meuse', table.file).length).toBeGreaterThan(0);
    for (const p of progress) expect(p.file).toBe('A202402.csv.gz');
  });

  it('un seul import à la fois ; l’annulation passe au processus, tué s’il ne répond pas', async () => {
    const { child, posted } = scriptedChild(() => undefined);
    const service = new NativeImports({ fork: () => child, packs, referenceTables: REFERENCE_TABLES_FOLDER, onProgress: () => undefined, cancelGraceMs: 20 });
    const first = service.run([{ path: damir, kind: 'damir' }], target);
    await expect(service.run([{ path: damir, kind: 'damir' }], target)).rejects.toThrow(new HostError('Un import est déjà en cours : attendez sa fin ou annulez-le.'));
    await new Promise((r) => setTimeout(r, 5));
    expect(posted[0]).toMatchObject({ type: 'import', id: 'meuse', files: { damir: [damir] }, basePack: REFERENCE_PACK_FOLDER, target: join(root, 'meuse') });
    service.cancel();
    expect(posted[1]).toEqual({ type: 'cancel' });
    expect(await first).toEqual({ ok: false, cancelled: true, message: 'Import annulé : le paquet de données précédent est inchangé.' });
    expect(service.busy).toBe(false);
    expect(packs.list().map((p) => p.id)).toEqual(['meuse']);
  });

  it('remet le paquet précédent en place quand le processus meurt pendant l’écriture', async () => {
    const before = readFileSync(join(root, 'meuse', 'manifest.json'), 'utf8');
    const { child } = scriptedChild((emit) => {
      // What a kill between writePackFolder's two renames leaves: the previous version set aside.
      rmSync(join(root, 'meuse.tmp-1-2'), { recursive: true, force: true });
      mkdirSync(join(root, 'meuse.tmp-1-2'));
      writeFileSync(join(root, 'meuse.tmp-1-2', 'manifest.json'), '{}');
      rmSync(join(root, 'meuse.old-1-2'), { recursive: true, force: true });
      mkdirSync(join(root, 'meuse.old-1-2'));
      for (const name of ['manifest.json']) writeFileSync(join(root, 'meuse.old-1-2', name), before);
      rmSync(join(root, 'meuse'), { recursive: true, force: true });
      emit('exit', null);
    });
    const outcome = await imports(() => child).run([{ path: damir, kind: 'damir' }], { ...target, baseId: 'meuse' });
    expect(outcome).toMatchObject({ ok: false, message: /Le processus d’import s’est arrêté de façon inattendue : les paquets existants sont inchangés/ });
    expect(readFileSync(join(root, 'meuse', 'manifest.json'), 'utf8')).toBe(before);
    expect(existsSync(join(root, 'meuse.old-1-2'))).toBe(false);
    expect(existsSync(join(root, 'meuse.tmp-1-2'))).toBe(false);
  });
});
