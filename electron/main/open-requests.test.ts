import { join, resolve } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { OpenRequests, scenarioPathsFromArgv } from './open-requests';
import { crashDialogMessage, RendererCrashPolicy } from './renderer-crash';

describe('fichiers demandés par le système', () => {
  it('lit les chemins de scénario dans argv (double-clic, « Ouvrir avec », seconde instance)', () => {
    expect(scenarioPathsFromArgv(['/opt/ts/territoire-sante', '/home/u/msp.tsante.json'], true, '/tmp')).toEqual(['/home/u/msp.tsante.json']);
    // Chromium switches, macOS process serial number, relative paths from the second instance's folder.
    expect(scenarioPathsFromArgv(['C:\\ts\\ts.exe', '--allow-file-access', '-psn_0_123', 'etude.TSANTE.JSON'], true, '/home/u/docs')).toEqual([
      resolve('/home/u/docs', 'etude.TSANTE.JSON'),
    ]);
    // Unpackaged: electron, the app path, then the arguments.
    expect(scenarioPathsFromArgv(['electron', join('out', 'main', 'index.js'), 'a.json'], false, '/w')).toEqual([resolve('/w', 'a.json')]);
    expect(scenarioPathsFromArgv(['electron', '.'], false, '/w')).toEqual([]);
    expect(scenarioPathsFromArgv(['/opt/ts/territoire-sante', 'diagnose', 'notes.txt'], true, '/w')).toEqual([]);
  });

  it('met les demandes en file jusqu’à ce que l’affichage les prenne, une seule fois chacune', () => {
    const notify = vi.fn();
    const requests = new OpenRequests(notify);
    requests.push('/a.tsante.json');
    requests.push('/b.tsante.json');
    requests.push('/a.tsante.json');
    expect(notify).toHaveBeenCalledTimes(3);
    expect(requests.take()).toEqual(['/a.tsante.json', '/b.tsante.json']);
    expect(requests.take()).toEqual([]);
  });
});

describe('arrêt du processus d’affichage', () => {
  it('recharge après un plantage, ignore une sortie normale, et demande après trois plantages en une minute', () => {
    let now = 0;
    const policy = new RendererCrashPolicy(3, 60_000, () => now);
    expect(policy.decide('clean-exit')).toBe('ignore');
    expect(policy.decide('crashed')).toBe('reload');
    now += 10_000;
    expect(policy.decide('oom')).toBe('reload');
    now += 10_000;
    expect(policy.decide('killed')).toBe('reload');
    now += 10_000;
    expect(policy.decide('crashed')).toBe('ask');
    policy.reset();
    expect(policy.decide('crashed')).toBe('reload');
    // Crashes older than the window no longer count.
    now += 120_000;
    for (let i = 0; i < 3; i += 1) expect(policy.decide('crashed')).toBe('reload');
  });

  it('explique l’arrêt en français', () => {
    const text = crashDialogMessage('oom');
    expect(text.detail).toContain('mémoire insuffisante');
    expect(text.detail).toContain('sauvegarde automatique');
    expect(text.buttons).toEqual(['Recharger', 'Quitter']);
  });
});
