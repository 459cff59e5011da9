// Scenario texts in and out of the page: files (validated, migrated and normalised by the engine's
// reader) and the autosaved workspace of the session.
import { readScenarioText, ScenarioError, serializeScenario, type ScenarioDocument } from '../../workers/engine/scenario';
import type { Workspace } from './workspace';

export type LoadOutcome = { ok: true; scenario: ScenarioDocument; warnings: string[] } | { ok: false; message: string };

/** Reads a scenario file's text; a French message when it cannot be used (nothing partly loaded). */
export function loadScenarioText(text: string): LoadOutcome {
  try {
    const { scenario, warnings } = readScenarioText(text);
    return { ok: true, scenario, warnings };
  } catch (error) {
    if (error instanceof ScenarioError) return { ok: false, message: error.problems.join(' ') };
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** Version of the autosave envelope (the scenarios inside carry their own schema version). */
const AUTOSAVE_VERSION = 1;

interface AutosaveEnvelope {
  autosaveVersion: number;
  active: number;
  /** `saved`: no change since the file was last opened or saved. */
  scenarios: { text: string; file?: { id: string; name: string }; saved: boolean }[];
}

/** The workspace as autosave text: each scenario in its file format, with its file reference. */
export function workspaceText(workspace: Workspace): string {
  const envelope: AutosaveEnvelope = {
    autosaveVersion: AUTOSAVE_VERSION,
    active: workspace.entries.findIndex((e) => e.key === workspace.activeKey),
    scenarios: workspace.entries.map((e) => ({
      text: serializeScenario(e.scenario),
      file: e.file,
      saved: e.savedJson === JSON.stringify(e.scenario),
    })),
  };
  return JSON.stringify(envelope);
}

/** The workspace of an autosave; scenarios that no longer read are skipped. Null when unusable. */
export function restoreWorkspace(text: string): Workspace | null {
  let envelope: AutosaveEnvelope;
  try {
    envelope = JSON.parse(text) as AutosaveEnvelope;
  } catch {
    return null;
  }
  if (envelope?.autosaveVersion !== AUTOSAVE_VERSION || !Array.isArray(envelope.scenarios)) return null;
  const entries: Workspace['entries'] = [];
  // `active` indexes the saved list, not the restored one (skipped scenarios shift positions):
  // its key is `s<index + 1>`, found only when that scenario itself was restored.
  envelope.scenarios.forEach((saved, i) => {
    const outcome = loadScenarioText(saved.text);
    if (!outcome.ok) return;
    entries.push({
      key: `s${i + 1}`,
      scenario: outcome.scenario,
      file: saved.file,
      savedJson: saved.saved ? JSON.stringify(outcome.scenario) : undefined,
    });
  });
  const activeKey = `s${envelope.active + 1}`;
  const active = entries.find((e) => e.key === activeKey)?.key ?? entries[0]?.key ?? null;
  return { entries, activeKey: active };
}
