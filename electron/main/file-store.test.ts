// The file store under a real crash: a child process killed while writing leaves the old or the new
// file, never an empty or partial one; a corrupt file falls back to the backup.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { backupPath, readFileSafely, writeFileSafely } from './file-store';

const parseScenario = (text: string) => {
  const value = JSON.parse(text) as { version: number; payload: string };
  if (typeof value.version !== 'number') throw new Error('version manquante');
  return value;
};

describe('écriture sûre', () => {
  it('garde la version précédente en sauvegarde et relit la sauvegarde si le fichier est corrompu', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-store-'));
    const file = join(dir, 'scenario.tsante.json');
    writeFileSafely(file, JSON.stringify({ version: 1, payload: 'a' }));
    writeFileSafely(file, JSON.stringify({ version: 2, payload: 'b' }));
    expect(parseScenario(readFileSync(backupPath(file), 'utf8')).version).toBe(1);
    writeFileSync(file, '{"version": 3, "payl');
    const outcome = readFileSafely(file, parseScenario);
    expect(outcome).toEqual({ ok: true, value: { version: 1, payload: 'a' }, fromBackup: true });
    writeFileSync(backupPath(file), '');
    const broken = readFileSafely(file, parseScenario);
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.message).toContain('« scenario.tsante.json » est illisible');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('ne laisse jamais un fichier vide ou partiel quand le processus est tué en pleine écriture', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ts-store-kill-'));
    const file = join(dir, 'gros.tsante.json');
    const payload = (tag: string) => JSON.stringify({ version: 1, payload: tag.repeat(40 * 1024 * 1024) });
    writeFileSafely(file, payload('a'));
    const script = join(dir, 'writer.mts');
    writeFileSync(
      script,
      `import { writeFileSafely } from ${JSON.stringify(resolve(import.meta.dirname, 'file-store.ts'))};\n` +
        `process.send?.('ready');\nfor (let i = 0; i < 50; i++) writeFileSafely(${JSON.stringify(file)}, ${JSON.stringify('')} + JSON.stringify({ version: 1, payload: String.fromCharCode(98 + (i % 2)).repeat(40 * 1024 * 1024) }));\n`,
    );
    for (const delay of [150, 400, 900]) {
      const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
      await new Promise((done) => child.once('message', done));
      await new Promise((done) => setTimeout(done, delay));
      child.kill('SIGKILL');
      await new Promise((done) => child.once('exit', done));
      const text = readFileSync(file, 'utf8');
      const value = parseScenario(text);
      expect(value.payload.length).toBe(40 * 1024 * 1024);
      expect(new Set(value.payload).size).toBe(1);
    }
    expect(payload('a').length).toBeGreaterThan(0);
  }, 120_000);
});
