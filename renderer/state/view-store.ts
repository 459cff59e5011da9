// The planner's view in one store: what the screen shows (grid, specialty, indicator, territory, tab, panels,
// comparison choices, selection), one typed default state and named actions, each a pure updater
// (kepler.gl's reducers/updaters, Excalidraw's getDefaultAppState). Figures are not here: they come from the
// DB worker (renderer/state/use-worker-query.ts). The persisted part is renderer/view-state.ts
// (localStorage key territoire-sante.view.v1): the default state starts from it and it is saved on change.
import { useEffect, useReducer } from 'react';
import { isGridId } from '../../common/pack';
import type { Specialty } from '../../workers/engine/domain';
import { resolveDepartement, type DepartementName } from '../departement-search';
import type { CompareMeasure, CompareView } from '../map/map-picture';
import type { PendingPick } from '../scenario/ScenarioPanel';
import { defaultViewState, loadView, saveView, type Indicator, type Tab, type ViewState } from '../view-state';
import { DEFAULT_ALERT_THRESHOLDS, THRESHOLD_MAX, type AlertThresholds } from '../../workers/engine/alerts';

/** A scenario chosen in the comparison: a workspace entry key, or null for the baseline. */
export type CompareSide = string | null;

/** What the comparison compares: two scenarios of the session, or two packs (follow-up over time, issue 14 §3). */
export type CompareMode = 'scenarios' | 'packs';

/** The table's columns: the chosen specialty in detail, or acts to cover and FTE of all nine (the planners' sheet). */
export type TableScope = 'specialty' | 'all';

export interface AppState extends ViewState {
  /** What is typed in the département field (a name, a partial code); `departement` is its resolved code. */
  departementInput: string;
  /** Why what is typed is not a département (French), or null. */
  departementHint: string | null;
  /** Names of the départements of the pack, so that « Meuse » can be typed. */
  departementNames: DepartementName[];
  /** Custom grids of the active pack (`PERSO:<name>`). */
  customGrids: { id: string; label: string }[];
  workshop: boolean;
  /** Workshop: the scenario the active one is compared with (null: the current situation). */
  workshopReference: CompareSide;
  compareReference: CompareSide;
  compareTarget: CompareSide;
  compareMeasure: CompareMeasure;
  compareView: CompareView;
  /** « des scénarios » or « deux paquets (suivi dans le temps) ». */
  compareMode: CompareMode;
  /** Pack A (« avant ») of a pack comparison; pack B is the active pack (the one on the map). Null: not chosen. */
  comparePackA: string | null;
  /** The user's alert thresholds (coverage and territory APL of the chosen specialty), remembered across reloads. */
  alerts: AlertThresholds;
  tableOpen: boolean;
  tableScope: TableScope;
  /** The table's text filter, kept here: the KPIs cover the rows it leaves on screen. */
  tableFilter: string;
  /** The selected territory of the grid shown, and whether its detail panel is open. */
  selectedCode: string | null;
  detailOpen: boolean;
  dataPanel: boolean;
  glossary: boolean;
  /** A lever being placed on the map (scenario editor). */
  pending: PendingPick | null;
}

/** The state of a first start, from the stored view (or its defaults). */
export function defaultAppState(view: ViewState = defaultViewState()): AppState {
  const state: AppState = {
    ...view,
    departementInput: view.departement,
    departementHint: null,
    departementNames: [],
    customGrids: [],
    workshop: false,
    workshopReference: null,
    compareReference: null,
    compareTarget: null,
    compareMeasure: 'fte',
    compareView: 'difference',
    compareMode: 'scenarios',
    comparePackA: null,
    alerts: loadAlerts(),
    tableOpen: true,
    tableScope: 'specialty',
    tableFilter: '',
    selectedCode: null,
    detailOpen: false,
    dataPanel: false,
    glossary: false,
    pending: null,
  };
  return withDepartement(state, view.departement, []);
}

/** The part of the state remembered across reloads. */
export const persistedView = (s: AppState): ViewState => ({ grid: s.grid, specialty: s.specialty, indicator: s.indicator, departement: s.departement, tab: s.tab, legendOpen: s.legendOpen });

export type ViewAction =
  | { type: 'setGrid'; grid: string }
  /** The custom grids of a pack just opened: a custom grid of the previous pack falls back to the default grid. */
  | { type: 'customGridsLoaded'; grids: { id: string; label: string }[] }
  | { type: 'setSpecialty'; specialty: Specialty }
  | { type: 'setIndicator'; indicator: Indicator }
  | { type: 'setDepartementInput'; input: string }
  | { type: 'departementNamesLoaded'; names: DepartementName[] }
  /** `compareCandidate`: the scenario Comparer preselects on entering (the active one, or the only one). */
  | { type: 'setTab'; tab: Tab; compareCandidate?: string | null }
  | { type: 'openWorkshop'; reference: CompareSide }
  | { type: 'closeWorkshop' }
  /** Escape: cancels a placement, leaves the workshop, closes the glossary and the data panel. */
  | { type: 'escape' }
  | { type: 'toggleLegend' }
  | { type: 'toggleTable' }
  | { type: 'setTableScope'; scope: TableScope }
  | { type: 'setTableFilter'; filter: string }
  | { type: 'selectTerritory'; code: string | null; openDetail: boolean }
  /** Another grid or pack: its territories are not a selection of the new one. */
  | { type: 'clearSelection' }
  | { type: 'closeDetail' }
  | { type: 'toggleDataPanel' }
  | { type: 'closeDataPanel' }
  | { type: 'toggleGlossary' }
  | { type: 'closeGlossary' }
  | { type: 'setPending'; pending: PendingPick | null }
  | { type: 'setCompareReference'; side: CompareSide }
  | { type: 'setCompareTarget'; side: CompareSide }
  | { type: 'setCompareMeasure'; measure: CompareMeasure }
  | { type: 'setCompareView'; view: CompareView }
  | { type: 'setCompareMode'; mode: CompareMode }
  | { type: 'setComparePackA'; pack: string | null }
  | { type: 'setAlerts'; alerts: AlertThresholds }
  /** An example scenario opened: the editor, on the gap of its specialty. */
  | { type: 'exampleOpened'; specialty: Specialty | null };

/** What is typed in the département field, resolved against the known names (a stored code stays as is). */
function withDepartement(state: AppState, input: string, names: DepartementName[]): AppState {
  const match = resolveDepartement(input, names);
  if (match.code === null) return { ...state, departementInput: input, departementNames: names, departementHint: match.hint };
  return { ...state, departementInput: input, departementNames: names, departementHint: null, departement: match.code };
}

/** A lever being placed belongs to the scenario editor: leaving it cancels the placement. */
const placementKept = (state: AppState): AppState => (state.tab !== 'scenario' || state.workshop ? { ...state, pending: null } : state);

function setTab(state: AppState, tab: Tab, compareCandidate: string | null | undefined): AppState {
  if (tab === state.tab) return state;
  // The table's text filter belongs to one tab's table: it does not silently carry over to another.
  let next: AppState = { ...state, tab, tableFilter: '' };
  // Comparer preselects what there is to compare on entering; the user may then choose « — choisir un
  // scénario — » on purpose.
  if (tab === 'compare' && next.compareTarget === null && compareCandidate && compareCandidate !== next.compareReference) next = { ...next, compareTarget: compareCandidate };
  return placementKept(next);
}

export function viewReducer(state: AppState, action: ViewAction): AppState {
  switch (action.type) {
    case 'setGrid':
      return { ...state, grid: action.grid };
    case 'customGridsLoaded': {
      const known = isGridId(state.grid) || action.grids.some((g) => g.id === state.grid);
      return { ...state, customGrids: action.grids, grid: known ? state.grid : defaultViewState().grid };
    }
    case 'setSpecialty':
      return { ...state, specialty: action.specialty };
    case 'setIndicator':
      return { ...state, indicator: action.indicator };
    case 'setDepartementInput':
      return withDepartement(state, action.input, state.departementNames);
    case 'departementNamesLoaded':
      return withDepartement(state, state.departementInput, action.names);
    case 'setTab':
      return setTab(state, action.tab, action.compareCandidate);
    case 'openWorkshop':
      return placementKept({ ...state, workshop: true, workshopReference: action.reference });
    case 'closeWorkshop':
      return { ...state, workshop: false };
    case 'escape':
      return { ...state, pending: null, workshop: false, glossary: false, dataPanel: false };
    case 'toggleLegend':
      return { ...state, legendOpen: !state.legendOpen };
    case 'toggleTable':
      return { ...state, tableOpen: !state.tableOpen };
    case 'setTableScope':
      return { ...state, tableScope: action.scope };
    case 'setTableFilter':
      return { ...state, tableFilter: action.filter };
    case 'selectTerritory':
      return { ...state, selectedCode: action.code, detailOpen: action.openDetail };
    case 'clearSelection':
      return state.selectedCode === null && !state.detailOpen ? state : { ...state, selectedCode: null, detailOpen: false };
    case 'closeDetail':
      return { ...state, detailOpen: false };
    case 'toggleDataPanel':
      return { ...state, dataPanel: !state.dataPanel };
    case 'closeDataPanel':
      return { ...state, dataPanel: false };
    case 'toggleGlossary':
      return { ...state, glossary: !state.glossary };
    case 'closeGlossary':
      return { ...state, glossary: false };
    case 'setPending':
      return { ...state, pending: action.pending };
    case 'setCompareReference':
      return { ...state, compareReference: action.side };
    case 'setCompareTarget':
      return { ...state, compareTarget: action.side };
    case 'setCompareMeasure':
      return { ...state, compareMeasure: action.measure };
    case 'setCompareView':
      return { ...state, compareView: action.view };
    case 'setCompareMode':
      return { ...state, compareMode: action.mode, tableFilter: '' };
    case 'setComparePackA':
      return { ...state, comparePackA: action.pack };
    case 'setAlerts':
      return { ...state, alerts: action.alerts };
    case 'exampleOpened': {
      const next = setTab(state, 'scenario', null);
      return { ...next, specialty: action.specialty ?? next.specialty, indicator: 'gapFte' };
    }
  }
}

/** The store of the page: the reducer, started from the stored view, and the view saved whenever its persisted part changes. */
export function useViewStore() {
  const [state, dispatch] = useReducer(viewReducer, undefined, () => defaultAppState(loadView()));
  const { grid, specialty, indicator, departement, tab, legendOpen } = state;
  useEffect(() => saveView({ grid, specialty, indicator, departement, tab, legendOpen }), [grid, specialty, indicator, departement, tab, legendOpen]);
  useEffect(() => saveAlerts(state.alerts), [state.alerts]);
  return [state, dispatch] as const;
}

/** The alert thresholds are remembered under their own versioned key (the view's key keeps its layout). */
export const ALERTS_STORAGE_KEY = 'territoire-sante.alerts.v1';

/** Stored thresholds, field by field: anything unreadable (or a negative or absurd value) gives that field's default. */
export function parseStoredAlerts(text: string | null): AlertThresholds {
  const out: AlertThresholds = { coverage: { ...DEFAULT_ALERT_THRESHOLDS.coverage }, apl: { ...DEFAULT_ALERT_THRESHOLDS.apl } };
  if (!text) return out;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return out;
  }
  const s = (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, Record<string, unknown> | undefined>;
  if (typeof s.coverage?.enabled === 'boolean') out.coverage.enabled = s.coverage.enabled;
  if (typeof s.coverage?.percent === 'number' && s.coverage.percent >= 0 && s.coverage.percent <= THRESHOLD_MAX.coveragePercent) out.coverage.percent = s.coverage.percent;
  if (typeof s.apl?.enabled === 'boolean') out.apl.enabled = s.apl.enabled;
  if (typeof s.apl?.value === 'number' && s.apl.value >= 0 && s.apl.value <= THRESHOLD_MAX.apl) out.apl.value = s.apl.value;
  return out;
}

export function loadAlerts(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): AlertThresholds {
  try {
    return parseStoredAlerts(storage?.getItem(ALERTS_STORAGE_KEY) ?? null);
  } catch {
    return parseStoredAlerts(null);
  }
}

export function saveAlerts(alerts: AlertThresholds, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(ALERTS_STORAGE_KEY, JSON.stringify(alerts));
  } catch {
    // a full or refused storage only loses the memory
  }
}
