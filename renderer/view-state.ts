// The view a planner comes back to: grid, specialty, indicator, département and tab, remembered across
// reloads in localStorage under a versioned key. Reading is tolerant: each stored field is checked on
// its own and a bad or missing one falls back to the default (an old version's value, a hand-edited
// entry or a grid that no longer exists never blocks the start).
import { isGridId } from '../common/pack';
import { SPECIALTIES, type Specialty } from '../workers/engine/domain';

export type Tab = 'diagnostic' | 'scenario' | 'compare' | 'parcours';

/** What the map colours in diagnostic and scenario modes. */
export type Indicator = 'gapFte' | 'gapPer100k' | 'gapActs' | 'coverage' | 'apl' | 'population' | 'scorePa' | 'scoreAld' | 'scoreUrgence';

export const INDICATOR_IDS: readonly Indicator[] = ['gapFte', 'gapPer100k', 'gapActs', 'coverage', 'apl', 'population', 'scorePa', 'scoreAld', 'scoreUrgence'];
const TABS: readonly Tab[] = ['diagnostic', 'scenario', 'compare', 'parcours'];

export interface ViewState {
  /** A grid of GRIDS or a custom grid of the pack (`PERSO:<name>`). */
  grid: string;
  specialty: Specialty;
  indicator: Indicator;
  /** The user's département (code, e.g. « 55 », « 2A »), or '' for all of France. */
  departement: string;
  tab: Tab;
  /** The map legend unfolded. */
  legendOpen: boolean;
}

/** The user's territory when nothing is stored: the Meuse, the first users' département. */
export const DEFAULT_DEPARTEMENT = '55';

/** The first screen answers the question: where are general practitioners lacking, by bassin de vie. */
export function defaultViewState(): ViewState {
  return { grid: 'BV2022', specialty: 'MG', indicator: 'gapFte', departement: DEFAULT_DEPARTEMENT, tab: 'diagnostic', legendOpen: true };
}

/** Versioned: a future layout uses a new key and ignores this one. */
export const VIEW_STORAGE_KEY = 'territoire-sante.view.v1';

/** A département code as INSEE writes it: 01–95, 2A, 2B, 971–976. */
export const isDepartementCode = (code: string): boolean => /^(\d{2}|2A|2B|97\d)$/.test(code);

/** A stored view, field by field; anything unreadable gives the default of that field. */
export function parseStoredView(text: string | null): ViewState {
  const view = defaultViewState();
  if (!text) return view;
  let stored: unknown;
  try {
    stored = JSON.parse(text);
  } catch {
    return view;
  }
  if (typeof stored !== 'object' || stored === null) return view;
  const s = stored as Record<string, unknown>;
  if (typeof s.grid === 'string' && (isGridId(s.grid) || /^PERSO:.+/.test(s.grid))) view.grid = s.grid;
  if (typeof s.specialty === 'string' && (SPECIALTIES as readonly string[]).includes(s.specialty)) view.specialty = s.specialty as Specialty;
  if (typeof s.indicator === 'string' && (INDICATOR_IDS as readonly string[]).includes(s.indicator)) view.indicator = s.indicator as Indicator;
  if (typeof s.departement === 'string' && (s.departement === '' || isDepartementCode(s.departement))) view.departement = s.departement;
  if (typeof s.tab === 'string' && (TABS as readonly string[]).includes(s.tab)) view.tab = s.tab as Tab;
  if (typeof s.legendOpen === 'boolean') view.legendOpen = s.legendOpen;
  return view;
}

/** The stored view, or the defaults when storage is unavailable (private mode, tests). */
export function loadView(storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): ViewState {
  try {
    return parseStoredView(storage?.getItem(VIEW_STORAGE_KEY) ?? null);
  } catch {
    return defaultViewState();
  }
}

/** Remembers the view; a full or refused storage only loses the memory, never the session. */
export function saveView(view: ViewState, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(VIEW_STORAGE_KEY, JSON.stringify(view));
  } catch {
    // nothing to do: the next start opens on the defaults
  }
}
