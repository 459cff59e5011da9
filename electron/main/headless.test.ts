import { describe, expect, it } from 'vitest';
import { headlessArguments } from './headless';

describe('mode sans interface de l’application empaquetée', () => {
  it('reconnaît une commande de la CLI, empaquetée ou non', () => {
    expect(headlessArguments(['/opt/Territoire Santé/territoire-sante', 'diagnose', '--grid', 'DEP', '--out', 'x.csv'], true)).toEqual(['diagnose', '--grid', 'DEP', '--out', 'x.csv']);
    expect(headlessArguments(['/usr/bin/electron', '/app', 'rates', '--out', 't.csv'], false)).toEqual(['rates', '--out', 't.csv']);
    expect(headlessArguments(['/opt/app/territoire-sante', '--no-sandbox', 'supply', '--out', 's.csv'], true)).toEqual(['supply', '--out', 's.csv']);
  });

  it('démarre l’interface sans commande, ou avec un fichier à ouvrir', () => {
    expect(headlessArguments(['/opt/app/territoire-sante'], true)).toBeNull();
    expect(headlessArguments(['/usr/bin/electron', '/app'], false)).toBeNull();
    expect(headlessArguments(['/opt/app/territoire-sante', '/home/u/msp.tsante.json'], true)).toBeNull();
    expect(headlessArguments(['/opt/app/territoire-sante', '--inspect'], true)).toBeNull();
  });
});
