import { describe, expect, it } from 'vitest';
import { EXIT, runCli } from './run';

function capture() {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    streams: {
      stdout: { write: (t: string) => (out.stdout += t) },
      stderr: { write: (t: string) => (out.stderr += t) },
    },
  };
}

describe('CLI', () => {
  it('affiche l’aide en français', async () => {
    const { out, streams } = capture();
    expect(await runCli(['aide'], streams)).toBe(EXIT.ok);
    expect(out.stdout).toContain('Usage : npm run --silent cli');
  });

  it('rejette une commande inconnue avec le code 2 et un message sur stderr', async () => {
    const { out, streams } = capture();
    expect(await runCli(['diagnostiquer'], streams)).toBe(EXIT.usage);
    expect(out.stderr).toContain('Commande inconnue : « diagnostiquer »');
    expect(out.stdout).toBe('');
  });
});
