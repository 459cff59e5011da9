// The import process forked under Node (the same module as Electron's utility process): a pack built
// with the right numbers, progress per file, cancellation leaving the previous pack as it was, bad
// files refused in French, and the message protocol itself.
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../common/host-api';
import { damirLine, damirMonthLines, DAMIR_HEADER_LINE } from '../../tests/fixtures/damir-files';
import { tdPop1b } from '../../tests/fixtures/population-files';
import { openNodeDatabase } from '../cli/duckdb-node';
import { openPackFolder } from '../cli/files';
import { REFERENCE_PACK_FOLDER, REFERENCE_TABLES_FOLDER } from '../cli/packs';
import { crashedMessage, runInImportProcess, type ImportChildLike } from './client';
import { forkNodeImportProcess } from './node-child';
import { serve, type ParentPortLike } from './port';
import type { ImportJob, ImportProcessMessage } from './protocol';
import { customGridName, importRequest } from './run-import';

const work = mkdtempSync(join(tmpdir(), 'ts-import-process-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const file = (name: string, content: string | Uint8Array) => {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
};

// A month whose aggregates are known by hand (as in workers/import/damir.test.ts).
const HAND_MADE = [
  DAMIR_HEADER_LINE,
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, AGE_BEN_SNDS: 70, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: 2, FLT_ACT_QTE: 2 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, AGE_BEN_SNDS: 70, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 2, PRS_ACT_QTE: 2, FLT_ACT_QTE: 0 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1210, AGE_BEN_SNDS: 70, BEN_RES_REG: 44, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: 1, FLT_ACT_QTE: 1 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 6, PRS_NAT: 1331, AGE_BEN_SNDS: 50, BEN_RES_REG: 99, EXE_INS_REG: 44, PRS_REM_TYP: 0, PRS_ACT_QTE: 5, FLT_ACT_QTE: 5 }),
  // Dropped by the filters: a nurse, a death insurance line.
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, PSE_ACT_CAT: 6, PRS_ACT_QTE: 9, FLT_ACT_QTE: 9 }),
  damirLine({ SOI_ANN: 2024, SOI_MOI: '01', PSE_SPE_SNDS: 1, PRS_NAT: 1110, ASU_NAT: 50, PRS_ACT_QTE: 9, FLT_ACT_QTE: 9 }),
].join('\n') + '\n';

/** A generated month repeated to make a file DuckDB reads for a while (generating is slow), and its line count. */
const BIG_REPEAT = 60;
let big: { path: string; lines: number };
let handMade: string, population: string;

beforeAll(() => {
  handMade = file('A202402.csv.gz', gzipSync(HAND_MADE));
  population = file('TD_POP1B_2021.csv', tdPop1b());
  const [header, ...lines] = damirMonthLines(2024, 2, 10_000, 7);
  const body = lines.join('\n') + '\n';
  big = { path: file('A202403.csv.gz', gzipSync(header + '\n' + body.repeat(BIG_REPEAT), { level: 1 })), lines: lines.length * BIG_REPEAT };
}, 60_000);

const job = (target: string, files: ImportJob['files'], basePack = REFERENCE_PACK_FOLDER): ImportJob => ({
  type: 'import',
  id: 'essai',
  label: 'Paquet « essai »',
  files,
  basePack,
  referenceTables: REFERENCE_TABLES_FOLDER,
  target,
  threads: 2,
});

/** Hash of every file of a folder (names and bytes): equal means untouched. */
function folderDigest(folder: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(folder).sort()) hash.update(name).update(readFileSync(join(folder, name)));
  return hash.digest('hex');
}

const leftovers = () => readdirSync(work).filter((f) => f.includes('.tmp-') || f.includes('.old-'));

describe('processus d’import (forké sous Node)', () => {
  const pack = join(work, 'essai');

  it('construit un paquet aux bons chiffres, tout ou rien', async () => {
    const progress: ImportProgress[] = [];
    const result = await runInImportProcess(forkNodeImportProcess(), job(pack, { damir: [handMade], population: [population] }), { onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ ok: true, packId: 'essai' });
    if (!result.ok) return;
    expect(result.reports.map((r) => [r.kind, r.file, r.rowsRead, r.rowsKept])).toEqual([
      ['population', 'TD_POP1B_2021.csv', expect.any(Number), expect.any(Number)],
      ['damir', 'A202402.csv.gz', 6, 4],
    ]);
    expect(result.warnings.join('\n')).toMatch(/Année de soins/);
    expect(leftovers()).toEqual([]);
    // The pack as the CLI would read it: the hand-made acts, exactly.
    const db = await openNodeDatabase();
    try {
      const opened = await openPackFolder(db, pack);
      expect(opened.manifest.id).toBe('essai');
      const acts = await db.queryColumns('SELECT specialite, tranche_age, region, panier, actes FROM damir_actes ORDER BY ALL');
      expect(Array.from(acts.specialite, (s, i) => `${s}|${acts.tranche_age[i]}|${acts.region[i]}|${acts.panier[i]}|${acts.actes[i]}`)).toEqual([
        'MG|70|44|consultation|2',
        'MG|70|44|visite|1',
        'RADIO|50|99|imagerie|5',
      ]);
      const rates = await db.queryColumns("SELECT count(*) AS n FROM taux_recours WHERE specialite = 'MG' AND taux > 0");
      expect(Number(rates.n[0])).toBe(1);
    } finally {
      await db.close();
    }
  });

  it('rend compte de la progression de chaque fichier lu (octets et lignes)', async () => {
    const target = join(work, 'gros');
    const progress: ImportProgress[] = [];
    const result = await runInImportProcess(forkNodeImportProcess(), job(target, { damir: [big.path] }), { onProgress: (p) => progress.push(p) });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.reports[0].rowsRead).toBe(big.lines);
    const events = progress.filter((p) => p.file === 'A202403.csv.gz');
    expect(events.length).toBeGreaterThan(0);
    const size = readFileSync(big.path).length;
    for (const e of events) {
      expect(e.bytesTotal).toBe(size);
      expect(e.bytesRead).toBeGreaterThanOrEqual(0);
      expect(e.bytesRead).toBeLessThanOrEqual(size);
      expect(e.rows).toBeGreaterThanOrEqual(0);
    }
    expect(Math.max(...events.map((e) => e.rows))).toBeGreaterThan(0);
  }, 120_000);

  it('s’arrête à l’annulation (DuckDB interrompu) et laisse le paquet précédent tel quel', async () => {
    const before = folderDigest(pack);
    const controller = new AbortController();
    let events = 0;
    const started = performance.now();
    const result = await runInImportProcess(forkNodeImportProcess(), job(pack, { damir: [big.path] }, pack), {
      signal: controller.signal,
      // Cancel while DuckDB is reading the file.
      onProgress: () => {
        if (events++ === 0) controller.abort();
      },
      cancelGraceMs: 60_000,
    });
    expect(events).toBeGreaterThan(0);
    expect(result).toEqual({ ok: false, cancelled: true, message: 'Import annulé : le paquet de données précédent est inchangé.' });
    // Answered by the process itself (interrupt), not by the grace-period kill.
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(folderDigest(pack)).toBe(before);
    expect(leftovers()).toEqual([]);
  }, 120_000);

  it('refuse un mauvais fichier en français, sans rien écrire', async () => {
    const bad = file('A202404.csv.gz', gzipSync('ceci;nest;pas;open;damir\n1;2;3;4;5\n'));
    const target = join(work, 'refuse');
    const result = await runInImportProcess(forkNodeImportProcess(), job(target, { damir: [bad] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.cancelled).toBeUndefined();
    expect(result.message).toMatch(/« A202404\.csv\.gz »/);
    expect(result.message).toMatch(/SOI_ANN/);
    expect(existsSync(target)).toBe(false);
    expect(leftovers()).toEqual([]);
  });

  it('dit en français qu’un fichier manque', async () => {
    const result = await runInImportProcess(forkNodeImportProcess(), job(join(work, 'absent'), { population: [join(work, 'nulle-part.csv')] }));
    expect(result).toEqual({ ok: false, message: `Fichier introuvable : « ${join(work, 'nulle-part.csv')} ».` });
  });
});

describe('protocole du processus d’import', () => {
  const fakePort = () => {
    const sent: ImportProcessMessage[] = [];
    let listener: (message: unknown) => void = () => undefined;
    const port: ParentPortLike = { onMessage: (l) => (listener = l), postMessage: (m) => sent.push(m) };
    return { port, sent, receive: (m: unknown) => listener(m) };
  };
  const settle = () => new Promise((r) => setTimeout(r, 0));

  it('annonce ready, relaie progression et résultat, refuse un second import et les messages mal formés', async () => {
    const { port, sent, receive } = fakePort();
    let finish: () => void = () => undefined;
    let signal: AbortSignal | undefined;
    serve(port, async (_job, options) => {
      signal = options.signal;
      options.onProgress({ file: 'A.csv.gz', bytesRead: 5, bytesTotal: 10, rows: 100 });
      await new Promise<void>((r) => (finish = r));
      return options.signal.aborted ? { ok: false, cancelled: true, message: 'annulé' } : { ok: true, packId: 'p', reports: [], warnings: [] };
    });
    expect(sent).toEqual([{ type: 'ready' }]);
    receive(job('/tmp/x', { damir: ['/tmp/A.csv.gz'] }));
    receive(job('/tmp/y', { damir: ['/tmp/A.csv.gz'] }));
    receive({ type: 'import', files: '/etc/passwd' });
    await settle();
    expect(sent.slice(1)).toEqual([
      { type: 'progress', file: 'A.csv.gz', bytesRead: 5, bytesTotal: 10, rows: 100 },
      { type: 'result', ok: false, message: 'Un import est déjà en cours : attendez sa fin ou annulez-le.' },
      { type: 'result', ok: false, message: 'Demande d’import illisible (message mal formé) : relancez l’import.' },
    ]);
    receive({ type: 'cancel' });
    expect(signal?.aborted).toBe(true);
    finish();
    await settle();
    expect(sent.at(-1)).toEqual({ type: 'result', ok: false, cancelled: true, message: 'annulé' });
  });

  const fakeChild = () => {
    const listeners: Record<string, ((value: unknown) => void)[]> = { message: [], exit: [] };
    const posted: unknown[] = [];
    let killed = 0;
    const child: ImportChildLike = {
      postMessage: (m) => posted.push(m),
      on: (event: string, listener: (value: never) => void) => listeners[event].push(listener as (value: unknown) => void),
      kill: () => {
        killed++;
        return true;
      },
    } as ImportChildLike;
    const emit = (event: string, value: unknown) => listeners[event].forEach((l) => l(value));
    return { child, posted, emit, killed: () => killed };
  };

  it('côté parent : envoie le travail après ready, tue le processus après le résultat, et dit quand il meurt', async () => {
    const a = fakeChild();
    const progress: ImportProgress[] = [];
    const pending = runInImportProcess(a.child, job('/tmp/x', {}), { onProgress: (p) => progress.push(p) });
    expect(a.posted).toEqual([]);
    a.emit('message', { type: 'ready' });
    expect(a.posted).toEqual([job('/tmp/x', {})]);
    a.emit('message', { type: 'progress', file: 'f', bytesRead: 1, bytesTotal: 2, rows: 3 });
    a.emit('message', { type: 'result', ok: true, packId: 'essai', reports: [], warnings: [] });
    expect(await pending).toEqual({ ok: true, packId: 'essai', reports: [], warnings: [] });
    expect(progress).toEqual([{ file: 'f', bytesRead: 1, bytesTotal: 2, rows: 3 }]);
    expect(a.killed()).toBe(1);

    const b = fakeChild();
    const crashed = runInImportProcess(b.child, job('/tmp/x', {}));
    b.emit('message', { type: 'ready' });
    b.emit('exit', 134);
    expect(await crashed).toEqual({ ok: false, message: crashedMessage(134) });
    expect(crashedMessage(134)).toMatch(/code 134.*paquets existants sont inchangés/);
  });

  it('côté parent : l’annulation envoie cancel, puis tue le processus s’il ne répond pas', async () => {
    const c = fakeChild();
    const controller = new AbortController();
    const pending = runInImportProcess(c.child, job('/tmp/x', {}), { signal: controller.signal, cancelGraceMs: 20 });
    c.emit('message', { type: 'ready' });
    controller.abort();
    expect(c.posted.at(-1)).toEqual({ type: 'cancel' });
    expect(await pending).toMatchObject({ ok: false, cancelled: true });
    expect(c.killed()).toBe(1);
    // Cancelled before the process was ready: the job is never sent.
    const d = fakeChild();
    const early = new AbortController();
    early.abort();
    expect(await runInImportProcess(d.child, job('/tmp/x', {}), { signal: early.signal })).toMatchObject({ ok: false, cancelled: true });
    d.emit('message', { type: 'ready' });
    expect(d.posted).toEqual([]);
  });

  it('répartit les fichiers par type et refuse deux fichiers d’un type qui n’en prend qu’un', () => {
    const source = (path: string) => ({ name: path.split('/').pop()!, size: 0, path, stream: async function* () {} });
    const request = importRequest({ damir: ['/d/A202401.csv.gz', '/d/A202402.csv.gz'], 'grille-perso': ['/d/Périmètres CPTS 2025.csv'], geometrie: ['/d/communes.zip'] }, source);
    expect(request.damir?.map((s) => s.path)).toEqual(['/d/A202401.csv.gz', '/d/A202402.csv.gz']);
    expect(request.customGrid?.name).toBe('Perimetres-CPTS-2025');
    expect(request.geometry?.path).toBe('/d/communes.zip');
    expect(customGridName('.csv')).toBe('perso');
    const parcours = importRequest({ pathologies: ['/d/effectifs.csv'], projections: ['/d/donnees_det_Central.xlsx'] }, source);
    expect([parcours.pathologies?.path, parcours.projections?.path]).toEqual(['/d/effectifs.csv', '/d/donnees_det_Central.xlsx']);
    expect(() => importRequest({ projections: ['/d/donnees_det_Central.xlsx', '/d/donnees_det_Pop_haute.xlsx'] }, source)).toThrow(
      'Un seul fichier de type « projections de population » par import (« donnees_det_Central.xlsx », « donnees_det_Pop_haute.xlsx ») : retirez les autres de la liste.',
    );
    expect(() => importRequest({ population: ['/d/a.csv', '/d/b.csv'] }, source)).toThrow(
      'Un seul fichier de type « population » par import (« a.csv », « b.csv ») : retirez les autres de la liste.',
    );
  });
});
