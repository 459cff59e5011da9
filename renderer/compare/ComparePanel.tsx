// The comparison's choices: the scenarios before and after, the measure (FTE gap or APL) and the map
// (difference or side by side).
import type { Dispatch } from 'react';
import type { ScenarioEntry } from '../scenario/workspace';
import type { AppState, CompareSide, ViewAction } from '../state/view-store';

interface Props {
  view: AppState;
  dispatchView: Dispatch<ViewAction>;
  entries: ScenarioEntry[];
}

export function ComparePanel({ view, dispatchView, entries }: Props) {
  const { compareReference, compareTarget, compareMeasure, compareView } = view;
  return (
    <section className="compare-panel" aria-label="Comparaison" data-testid="compare-panel">
      <h2>Comparer</h2>
      <ScenarioSelect label="Avant (référence)" value={compareReference} entries={entries} empty="Situation de référence" onChange={(side) => dispatchView({ type: 'setCompareReference', side })} testId="compare-reference" />
      <ScenarioSelect label="Après" value={compareTarget} entries={entries} empty="— choisir un scénario —" onChange={(side) => dispatchView({ type: 'setCompareTarget', side })} testId="compare-target" />
      <fieldset className="radio-group">
        <legend>Mesure</legend>
        <label>
          <input type="radio" name="measure" checked={compareMeasure === 'fte'} onChange={() => dispatchView({ type: 'setCompareMeasure', measure: 'fte' })} /> Δ écart en ETP
        </label>
        <label>
          <input type="radio" name="measure" checked={compareMeasure === 'apl'} onChange={() => dispatchView({ type: 'setCompareMeasure', measure: 'apl' })} data-testid="measure-apl" /> Δ APL
        </label>
      </fieldset>
      <fieldset className="radio-group">
        <legend>Carte</legend>
        <label>
          <input type="radio" name="view" checked={compareView === 'difference'} onChange={() => dispatchView({ type: 'setCompareView', view: 'difference' })} /> Différence
        </label>
        <label>
          <input type="radio" name="view" checked={compareView === 'sideBySide'} onChange={() => dispatchView({ type: 'setCompareView', view: 'sideBySide' })} data-testid="view-side-by-side" /> Côte à côte
        </label>
      </fieldset>
      {compareTarget === null && <p className="hint">Choisissez le scénario « après » (créez-en un dans l’onglet Scénarios).</p>}
    </section>
  );
}

/** A scenario of the session, or the empty choice (the baseline, or nothing yet). */
function ScenarioSelect(props: { label: string; value: CompareSide; entries: ScenarioEntry[]; empty: string; onChange(key: CompareSide): void; testId: string }) {
  return (
    <label className="field">
      <span>{props.label}</span>
      <select value={props.value ?? ''} onChange={(e) => props.onChange(e.target.value || null)} data-testid={props.testId}>
        <option value="">{props.empty}</option>
        {props.entries.map((e) => (
          <option key={e.key} value={e.key}>
            {e.scenario.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/** The name of a compared side: the scenario's, or the baseline's. */
export const scenarioName = (entries: ScenarioEntry[], key: CompareSide): string => (key === null ? 'Situation de référence' : (entries.find((e) => e.key === key)?.scenario.name ?? '?'));
