import { describe, expect, it } from 'vitest';
import { defaultViewState } from '../view-state';
import { ALERTS_STORAGE_KEY, defaultAppState, loadAlerts, parseStoredAlerts, persistedView, saveAlerts, viewReducer, type AppState, type ViewAction } from './view-store';

const run = (state: AppState, ...actions: ViewAction[]) => actions.reduce(viewReducer, state);
const MEUSE = [
  { code: '55', label: 'Meuse' },
  { code: '54', label: 'Meurthe-et-Moselle' },
  { code: '08', label: 'Ardennes' },
];

describe('état par défaut', () => {
  it('part de la vue mémorisée et la rend telle quelle', () => {
    const view = { ...defaultViewState(), grid: 'EPCI', departement: '08', tab: 'compare' as const };
    const state = defaultAppState(view);
    expect(persistedView(state)).toEqual(view);
    expect(state.departementInput).toBe('08');
    expect(state.departementHint).toBeNull();
    expect(state.tableOpen).toBe(true);
    expect(state.compareTarget).toBeNull();
    // The first screen: the GP gap by bassin de vie in the Meuse.
    expect(persistedView(defaultAppState())).toEqual({ grid: 'BV2022', specialty: 'MG', indicator: 'gapFte', departement: '55', tab: 'diagnostic', legendOpen: true });
  });
});

describe('mises à jour nommées', () => {
  it('un maillage perso d’un autre paquet revient au maillage par défaut', () => {
    const custom = run(defaultAppState(), { type: 'setGrid', grid: 'PERSO:cpts' });
    expect(run(custom, { type: 'customGridsLoaded', grids: [{ id: 'PERSO:cpts', label: 'CPTS' }] }).grid).toBe('PERSO:cpts');
    const other = run(custom, { type: 'customGridsLoaded', grids: [] });
    expect(other.grid).toBe('BV2022');
    expect(other.customGrids).toEqual([]);
    // A grid of GRIDS stays whatever the pack's custom grids.
    expect(run(defaultAppState(), { type: 'setGrid', grid: 'EPCI' }, { type: 'customGridsLoaded', grids: [] }).grid).toBe('EPCI');
  });

  it('département : un nom est résolu quand les noms arrivent ; une saisie ambiguë garde le département et explique', () => {
    const typed = run(defaultAppState(), { type: 'setDepartementInput', input: 'Ardennes' });
    // Names not known yet: « Ardennes » is not a code, the hint says so and the département stays 55.
    expect(typed.departement).toBe('55');
    expect(typed.departementHint).toMatch(/^Aucun département ne correspond à « Ardennes »/);
    const resolved = run(typed, { type: 'departementNamesLoaded', names: MEUSE });
    expect(resolved.departement).toBe('08');
    expect(resolved.departementHint).toBeNull();
    const ambiguous = run(resolved, { type: 'setDepartementInput', input: 'meu' });
    expect(ambiguous.departement).toBe('08');
    expect(ambiguous.departementHint).toBe('Plusieurs départements correspondent à « meu » : Meuse (55), Meurthe-et-Moselle (54). Précisez le nom ou tapez le numéro.');
    expect(run(ambiguous, { type: 'setDepartementInput', input: '' }).departement).toBe('');
  });

  it('changer d’onglet vide le filtre du tableau et annule un levier en cours de placement', () => {
    const placing = run(defaultAppState(), { type: 'setTab', tab: 'scenario' }, { type: 'setTableFilter', filter: 'Verdun' }, { type: 'setPending', pending: { kind: 'secondarySite', specialty: 'MG' } });
    expect(placing.pending).not.toBeNull();
    const same = run(placing, { type: 'setTab', tab: 'scenario' });
    expect(same).toBe(placing);
    const left = run(placing, { type: 'setTab', tab: 'diagnostic' });
    expect(left.tableFilter).toBe('');
    expect(left.pending).toBeNull();
    expect(run(placing, { type: 'openWorkshop', reference: null }).pending).toBeNull();
  });

  it('Comparer présélectionne le scénario proposé en entrant, sauf s’il est déjà la référence ou si un choix existe', () => {
    const entered = run(defaultAppState(), { type: 'setTab', tab: 'compare', compareCandidate: 'k1' });
    expect(entered.compareTarget).toBe('k1');
    const cleared = run(entered, { type: 'setCompareTarget', side: null }, { type: 'setCompareReference', side: 'k1' }, { type: 'setTab', tab: 'diagnostic' }, { type: 'setTab', tab: 'compare', compareCandidate: 'k1' });
    expect(cleared.compareTarget).toBeNull();
    const kept = run(entered, { type: 'setTab', tab: 'diagnostic' }, { type: 'setTab', tab: 'compare', compareCandidate: 'k2' });
    expect(kept.compareTarget).toBe('k1');
  });

  it('Échap ferme l’atelier, le glossaire et le panneau de données', () => {
    const open = run(defaultAppState(), { type: 'openWorkshop', reference: 'k2' }, { type: 'toggleGlossary' }, { type: 'toggleDataPanel' });
    expect([open.workshop, open.workshopReference, open.glossary, open.dataPanel]).toEqual([true, 'k2', true, true]);
    const closed = run(open, { type: 'escape' });
    expect([closed.workshop, closed.glossary, closed.dataPanel, closed.pending]).toEqual([false, false, false, null]);
  });

  it('sélection d’un territoire, puis effacée par un autre maillage', () => {
    const selected = run(defaultAppState(), { type: 'selectTerritory', code: '55029', openDetail: true });
    expect([selected.selectedCode, selected.detailOpen]).toEqual(['55029', true]);
    expect(run(selected, { type: 'closeDetail' }).selectedCode).toBe('55029');
    const cleared = run(selected, { type: 'clearSelection' });
    expect([cleared.selectedCode, cleared.detailOpen]).toEqual([null, false]);
  });

  it('un exemple ouvert montre l’écart de sa spécialité dans l’éditeur', () => {
    const state = run(defaultAppState(), { type: 'setIndicator', indicator: 'population' }, { type: 'exampleOpened', specialty: 'OPH' });
    expect([state.tab, state.specialty, state.indicator]).toEqual(['scenario', 'OPH', 'gapFte']);
    expect(run(defaultAppState(), { type: 'exampleOpened', specialty: null }).specialty).toBe('MG');
  });

  it('les mises à jour ne modifient pas l’état reçu', () => {
    const state = defaultAppState();
    const copy = structuredClone(state);
    run(state, { type: 'toggleLegend' }, { type: 'toggleTable' }, { type: 'setTableScope', scope: 'all' }, { type: 'setCompareView', view: 'sideBySide' }, { type: 'setCompareMeasure', measure: 'apl' });
    expect(state).toEqual(copy);
    const next = run(state, { type: 'toggleLegend' }, { type: 'toggleTable' }, { type: 'setTableScope', scope: 'all' });
    expect([next.legendOpen, next.tableOpen, next.tableScope]).toEqual([false, false, 'all']);
  });
});

describe('suivi dans le temps et seuils d’alerte', () => {
  it('compare deux paquets, puis revient aux scénarios', () => {
    const state = defaultAppState();
    expect([state.compareMode, state.comparePackA]).toEqual(['scenarios', null]);
    const packs = run(state, { type: 'setTableFilter', filter: 'Verdun' }, { type: 'setCompareMode', mode: 'packs' }, { type: 'setComparePackA', pack: 'demo-2023' });
    expect([packs.compareMode, packs.comparePackA, packs.tableFilter]).toEqual(['packs', 'demo-2023', '']);
    expect(run(packs, { type: 'setCompareMode', mode: 'scenarios' }).comparePackA).toBe('demo-2023');
  });

  it('part des seuils par défaut (couverture < 80 %, APL < 2,5), modifiables et désactivables', () => {
    const state = defaultAppState();
    expect(state.alerts).toEqual({ coverage: { enabled: true, percent: 80 }, apl: { enabled: true, value: 2.5 } });
    const edited = run(state, { type: 'setAlerts', alerts: { coverage: { enabled: true, percent: 70 }, apl: { enabled: false, value: 2.5 } } });
    expect(edited.alerts.coverage.percent).toBe(70);
    expect(edited.alerts.apl.enabled).toBe(false);
    expect(state.alerts.coverage.percent).toBe(80);
  });

  it('retient les seuils et relit champ par champ un stockage abîmé', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    saveAlerts({ coverage: { enabled: false, percent: 75 }, apl: { enabled: true, value: 3 } }, storage);
    expect(JSON.parse(store.get(ALERTS_STORAGE_KEY)!)).toEqual({ coverage: { enabled: false, percent: 75 }, apl: { enabled: true, value: 3 } });
    expect(loadAlerts(storage)).toEqual({ coverage: { enabled: false, percent: 75 }, apl: { enabled: true, value: 3 } });
    expect(parseStoredAlerts('{"coverage":{"enabled":"oui","percent":-5},"apl":{"value":2}}')).toEqual({ coverage: { enabled: true, percent: 80 }, apl: { enabled: true, value: 2 } });
    expect(parseStoredAlerts('pas du JSON')).toEqual({ coverage: { enabled: true, percent: 80 }, apl: { enabled: true, value: 2.5 } });
  });
});
