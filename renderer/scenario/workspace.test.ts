// The session's scenarios and their undo/redo history.
import { describe, expect, it } from 'vitest';
import type { Lever, Scenario } from '../../workers/engine/scenario';
import { activeEntry, initialHistory, isDirty, nextLeverId, reduce, type History } from './workspace';
import { restoreWorkspace, workspaceText } from './files';

const scenario = (name: string, levers: Lever[] = []): Scenario => ({ schemaVersion: 2, name, description: '', parameters: {}, levers });
const install = (id: string, fte = 1): Lever => ({ kind: 'install', id, commune: '55502', specialty: 'MG', fte });

const run = (...actions: Parameters<typeof reduce>[1][]): History => actions.reduce(reduce, initialHistory());

describe('espace de travail des scénarios', () => {
  it('ajoute, renomme, duplique et supprime des scénarios', () => {
    const h = run(
      { type: 'add', scenario: scenario('A') },
      { type: 'rename', key: 's1', name: 'MSP Stenay' },
      { type: 'duplicate', key: 's1' },
    );
    expect(h.present.entries.map((e) => e.scenario.name)).toEqual(['MSP Stenay', 'Copie de MSP Stenay']);
    expect(h.present.activeKey).toBe('s2');
    const deleted = reduce(h, { type: 'delete', key: 's2' });
    expect(deleted.present.entries).toHaveLength(1);
    expect(deleted.present.activeKey).toBe('s1');
  });

  it('annule et rétablit chaque modification de levier, sans perdre le scénario actif', () => {
    let h = run({ type: 'add', scenario: scenario('A') }, { type: 'addLever', lever: install('install-1') });
    h = reduce(h, { type: 'updateLever', id: 'install-1', lever: install('install-1', 3) });
    h = reduce(h, { type: 'toggleLever', id: 'install-1' });
    expect(activeEntry(h.present)!.scenario.levers[0]).toMatchObject({ fte: 3, enabled: false });
    h = reduce(h, { type: 'undo' });
    expect(activeEntry(h.present)!.scenario.levers[0].enabled).not.toBe(false);
    h = reduce(h, { type: 'undo' });
    expect(activeEntry(h.present)!.scenario.levers[0]).toMatchObject({ fte: 1 });
    h = reduce(h, { type: 'redo' });
    expect(activeEntry(h.present)!.scenario.levers[0]).toMatchObject({ fte: 3 });
    // A new edit after an undo drops the redo branch.
    h = reduce(h, { type: 'removeLever', id: 'install-1' });
    expect(h.future).toHaveLength(0);
    expect(reduce(h, { type: 'redo' })).toBe(h);
  });

  it('ressaisir la même valeur ne crée pas d’étape d’annulation', () => {
    let h = run({ type: 'add', scenario: scenario('A') }, { type: 'addLever', lever: install('install-1', 2) });
    const past = h.past.length;
    const same = [
      reduce(h, { type: 'updateLever', id: 'install-1', lever: install('install-1', 2) }),
      reduce(h, { type: 'rename', key: 's1', name: 'A' }),
      reduce(h, { type: 'describe', key: 's1', description: '' }),
      reduce(h, { type: 'setParameters', parameters: {} }),
      reduce(h, { type: 'removeLever', id: 'absent' }),
    ];
    for (const next of same) expect(next).toBe(h);
    h = reduce(h, { type: 'updateLever', id: 'install-1', lever: install('install-1', 3) });
    expect(h.past).toHaveLength(past + 1);
    // The redo branch survives a no-op too.
    h = reduce(h, { type: 'undo' });
    expect(reduce(h, { type: 'updateLever', id: 'install-1', lever: install('install-1', 2) }).future).toHaveLength(1);
  });

  it('la sélection et l’enregistrement n’entrent pas dans l’historique', () => {
    let h = run({ type: 'add', scenario: scenario('A') }, { type: 'add', scenario: scenario('B') });
    const past = h.past.length;
    h = reduce(h, { type: 'select', key: 's1' });
    h = reduce(h, { type: 'saved', key: 's1', file: { id: 'f', name: 'a.tsante.json' } });
    expect(h.past).toHaveLength(past);
    expect(isDirty(h.present.entries[0])).toBe(false);
    expect(isDirty(h.present.entries[1])).toBe(true);
  });

  it('garde le lien vers le fichier après un enregistrement puis une annulation', () => {
    let h = run({ type: 'add', scenario: scenario('A') }, { type: 'addLever', lever: install('install-1') });
    h = reduce(h, { type: 'saved', key: 's1', file: { id: 'f', name: 'a.tsante.json' } });
    h = reduce(h, { type: 'undo' });
    expect(h.present.entries[0].file).toEqual({ id: 'f', name: 'a.tsante.json' });
    // The state before the lever differs from the saved file: unsaved changes.
    expect(isDirty(h.present.entries[0])).toBe(true);
    h = reduce(h, { type: 'redo' });
    expect(isDirty(h.present.entries[0])).toBe(false);
  });

  it('attribue des identifiants de levier uniques', () => {
    expect(nextLeverId(scenario('A', [install('install-1'), install('install-3')]), 'install')).toBe('install-2');
  });

  it('restaure la session sauvegardée automatiquement, scénarios et fichiers compris', () => {
    const h = run(
      { type: 'add', scenario: scenario('A', [install('install-1')]), file: { id: 'x', name: 'a.tsante.json' }, saved: true },
      { type: 'add', scenario: scenario('B') },
    );
    const restored = restoreWorkspace(workspaceText(h.present))!;
    expect(restored.entries.map((e) => e.scenario.name)).toEqual(['A', 'B']);
    expect(restored.entries[0].file).toEqual({ id: 'x', name: 'a.tsante.json' });
    expect(isDirty(restored.entries[0])).toBe(false);
    expect(isDirty(restored.entries[1])).toBe(true);
    expect(restored.activeKey).toBe('s2');
    expect(restoreWorkspace('{ tronqué')).toBeNull();
  });

  it('restaure le scénario actif même quand un scénario précédent est illisible', () => {
    const h = run({ type: 'add', scenario: scenario('A') }, { type: 'add', scenario: scenario('B') }, { type: 'add', scenario: scenario('C') });
    const envelope = JSON.parse(workspaceText(reduce(h, { type: 'select', key: 's2' }).present));
    envelope.scenarios[0].text = '{ illisible';
    const restored = restoreWorkspace(JSON.stringify(envelope))!;
    expect(restored.entries.map((e) => e.scenario.name)).toEqual(['B', 'C']);
    expect(activeEntry(restored)!.scenario.name).toBe('B');
    // The active one itself unreadable: the first readable one, never a wrong guess by position.
    envelope.scenarios[1].text = '{ illisible';
    expect(activeEntry(restoreWorkspace(JSON.stringify(envelope))!)!.scenario.name).toBe('C');
  });
});
