import { describe, expect, it } from 'vitest';
import { defaultViewState, loadView, parseStoredView, saveView, VIEW_STORAGE_KEY } from './view-state';

describe('vue mémorisée entre deux ouvertures', () => {
  it('ouvre sur la réponse par défaut : écart en ETP des généralistes par bassin de vie, dans la Meuse', () => {
    expect(defaultViewState()).toEqual({ grid: 'BV2022', specialty: 'MG', indicator: 'gapFte', departement: '55', tab: 'diagnostic', legendOpen: true });
    expect(parseStoredView(null)).toEqual(defaultViewState());
  });

  it('relit une vue enregistrée, y compris un maillage personnalisé et la France entière', () => {
    const view = { grid: 'PERSO:cpts-meuse', specialty: 'PSY', indicator: 'coverage', departement: '', tab: 'compare', legendOpen: false };
    expect(parseStoredView(JSON.stringify(view))).toEqual(view);
    expect(parseStoredView(JSON.stringify({ ...view, grid: 'EPCI', departement: '2A' }))).toMatchObject({ grid: 'EPCI', departement: '2A' });
  });

  it('remplace chaque valeur illisible par sa valeur par défaut, sans perdre les autres', () => {
    const stored = { grid: 'XYZ', specialty: 'MG', indicator: 'population', departement: 'Meuse', tab: 42, legendOpen: 'oui', extra: 1 };
    expect(parseStoredView(JSON.stringify(stored))).toEqual({ ...defaultViewState(), indicator: 'population' });
    expect(parseStoredView('{pas du json')).toEqual(defaultViewState());
    expect(parseStoredView('null')).toEqual(defaultViewState());
    expect(parseStoredView('[1,2]')).toEqual(defaultViewState());
  });

  it('enregistre sous une clé versionnée et survit à un stockage indisponible', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveView({ ...defaultViewState(), grid: 'DEP' }, storage);
    expect(VIEW_STORAGE_KEY).toMatch(/\.v\d+$/);
    expect(JSON.parse(store.get(VIEW_STORAGE_KEY)!)).toMatchObject({ grid: 'DEP' });
    expect(loadView(storage).grid).toBe('DEP');
    const broken = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(loadView(broken)).toEqual(defaultViewState());
    expect(() => saveView(defaultViewState(), broken)).not.toThrow();
  });
});
