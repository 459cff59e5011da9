// The planner's scenarios in this session: a list, the active one, and an undo/redo history of every
// edit. Pure (no React, no DOM) so that it is tested in Node; the UI dispatches actions.
import type { ScenarioFileRef } from '../../common/host-api';
import type { Lever, Scenario, ScenarioParameters } from '../../workers/engine/scenario';

export interface ScenarioEntry {
  /** Session key (not saved in the file). */
  key: string;
  scenario: Scenario;
  /** Where it was last opened from or saved to. */
  file?: ScenarioFileRef;
  /** The scenario as last saved or opened, to tell unsaved changes. */
  savedJson?: string;
}

export interface Workspace {
  entries: ScenarioEntry[];
  activeKey: string | null;
}

export interface History {
  past: Workspace[];
  present: Workspace;
  future: Workspace[];
}

export type Action =
  | { type: 'add'; scenario: Scenario; file?: ScenarioFileRef; saved?: boolean }
  | { type: 'select'; key: string }
  | { type: 'rename'; key: string; name: string }
  | { type: 'describe'; key: string; description: string }
  | { type: 'duplicate'; key: string }
  | { type: 'delete'; key: string }
  | { type: 'addLever'; lever: Lever }
  | { type: 'updateLever'; id: string; lever: Lever }
  | { type: 'toggleLever'; id: string }
  | { type: 'removeLever'; id: string }
  | { type: 'setParameters'; parameters: ScenarioParameters }
  | { type: 'saved'; key: string; file: ScenarioFileRef };

const HISTORY_LIMIT = 200;

export const emptyWorkspace = (): Workspace => ({ entries: [], activeKey: null });

export const initialHistory = (workspace: Workspace = emptyWorkspace()): History => ({ past: [], present: workspace, future: [] });

export const activeEntry = (workspace: Workspace): ScenarioEntry | null =>
  workspace.entries.find((e) => e.key === workspace.activeKey) ?? null;

export const isDirty = (entry: ScenarioEntry): boolean => entry.savedJson !== JSON.stringify(entry.scenario);

/** A lever id not yet used in the scenario: `<kind>-<n>`. */
export function nextLeverId(scenario: Scenario, kind: string): string {
  const used = new Set(scenario.levers.map((l) => l.id));
  for (let n = 1; ; n++) if (!used.has(`${kind}-${n}`)) return `${kind}-${n}`;
}

function nextKey(workspace: Workspace): string {
  const used = new Set(workspace.entries.map((e) => e.key));
  for (let n = 1; ; n++) if (!used.has(`s${n}`)) return `s${n}`;
}

/** A name not yet taken in the workspace: « Name », « Name (2) », … */
export function uniqueName(workspace: Workspace, name: string): string {
  const taken = new Set(workspace.entries.map((e) => e.scenario.name));
  if (!taken.has(name)) return name;
  for (let n = 2; ; n++) if (!taken.has(`${name} (${n})`)) return `${name} (${n})`;
}

function mapEntry(workspace: Workspace, key: string | null, change: (entry: ScenarioEntry) => ScenarioEntry): Workspace {
  return { ...workspace, entries: workspace.entries.map((e) => (e.key === key ? change(e) : e)) };
}

/**
 * The workspace with one entry's scenario changed; the same object when the change alters nothing
 * (re-entering a value, removing an absent lever), so that it does not become an undo step.
 */
function editScenario(workspace: Workspace, key: string | null, change: (s: Scenario) => Scenario): Workspace {
  const entry = workspace.entries.find((e) => e.key === key);
  if (!entry) return workspace;
  const scenario = change(entry.scenario);
  if (JSON.stringify(scenario) === JSON.stringify(entry.scenario)) return workspace;
  return mapEntry(workspace, key, (e) => ({ ...e, scenario }));
}

/** The workspace after one action (unchanged object when the action does not apply). */
export function apply(workspace: Workspace, action: Action): Workspace {
  const active = workspace.activeKey;
  switch (action.type) {
    case 'add': {
      const key = nextKey(workspace);
      const entry: ScenarioEntry = { key, scenario: action.scenario, file: action.file };
      if (action.saved) entry.savedJson = JSON.stringify(action.scenario);
      return { entries: [...workspace.entries, entry], activeKey: key };
    }
    case 'select':
      return workspace.entries.some((e) => e.key === action.key) ? { ...workspace, activeKey: action.key } : workspace;
    case 'rename':
      return editScenario(workspace, action.key, (s) => ({ ...s, name: action.name }));
    case 'describe':
      return editScenario(workspace, action.key, (s) => ({ ...s, description: action.description }));
    case 'duplicate': {
      const source = workspace.entries.find((e) => e.key === action.key);
      if (!source) return workspace;
      const copy = structuredClone(source.scenario);
      copy.name = uniqueName(workspace, `Copie de ${source.scenario.name}`);
      return apply(workspace, { type: 'add', scenario: copy });
    }
    case 'delete': {
      const index = workspace.entries.findIndex((e) => e.key === action.key);
      if (index < 0) return workspace;
      const entries = workspace.entries.filter((e) => e.key !== action.key);
      const activeKey = active === action.key ? (entries[Math.min(index, entries.length - 1)]?.key ?? null) : active;
      return { entries, activeKey };
    }
    case 'addLever':
      return editScenario(workspace, active, (s) => ({ ...s, levers: [...s.levers, action.lever] }));
    case 'updateLever':
      return editScenario(workspace, active, (s) => ({ ...s, levers: s.levers.map((l) => (l.id === action.id ? action.lever : l)) }));
    case 'toggleLever':
      return editScenario(workspace, active, (s) => ({ ...s, levers: s.levers.map((l) => (l.id === action.id ? { ...l, enabled: l.enabled === false } : l)) }));
    case 'removeLever':
      return editScenario(workspace, active, (s) => ({ ...s, levers: s.levers.filter((l) => l.id !== action.id) }));
    case 'setParameters':
      return editScenario(workspace, active, (s) => ({ ...s, parameters: action.parameters }));
    case 'saved':
      return mapEntry(workspace, action.key, (e) => ({ ...e, file: action.file, savedJson: JSON.stringify(e.scenario) }));
  }
}

/** Selecting a scenario and recording a save are not edits: they do not enter the undo history. */
const UNDOABLE = (action: Action) => action.type !== 'select' && action.type !== 'saved';

export function reduce(history: History, action: Action | { type: 'undo' } | { type: 'redo' } | { type: 'reset'; workspace: Workspace }): History {
  if (action.type === 'reset') return initialHistory(action.workspace);
  if (action.type === 'undo') {
    const previous = history.past.at(-1);
    if (!previous) return history;
    return { past: history.past.slice(0, -1), present: { ...previous, activeKey: keepActive(previous, history.present) }, future: [history.present, ...history.future] };
  }
  if (action.type === 'redo') {
    const next = history.future[0];
    if (!next) return history;
    return { past: [...history.past, history.present], present: { ...next, activeKey: keepActive(next, history.present) }, future: history.future.slice(1) };
  }
  const present = apply(history.present, action);
  if (present === history.present) return history;
  if (action.type === 'saved') {
    // A save is not an edit: every state of the history learns the file, so undo keeps the link and
    // tells unsaved changes from the saved version.
    const savedJson = present.entries.find((e) => e.key === action.key)?.savedJson;
    const learn = (w: Workspace): Workspace => mapEntry(w, action.key, (e) => ({ ...e, file: action.file, savedJson }));
    return { past: history.past.map(learn), present, future: history.future.map(learn) };
  }
  if (!UNDOABLE(action)) return { ...history, present };
  return { past: [...history.past, history.present].slice(-HISTORY_LIMIT), present, future: [] };
}

/** After undo/redo, stay on the scenario being edited when it still exists. */
function keepActive(target: Workspace, current: Workspace): string | null {
  return target.entries.some((e) => e.key === current.activeKey) ? current.activeKey : target.activeKey;
}
