// The comparison's choices: two scenarios, or two packs (follow-up over time: « paquet A → paquet B »,
// issue 14 §3), the measure (FTE gap or APL) and the map (difference or side by side).
import type * as Comlink from 'comlink';
import { useEffect, useState, type Dispatch } from 'react';
import type { DbWorkerApi, PackSummary } from '../../common/worker-api';
import type { ScenarioEntry } from '../scenario/workspace';
import type { AppState, CompareSide, ViewAction } from '../state/view-store';

interface Props {
  view: AppState;
  dispatchView: Dispatch<ViewAction>;
  entries: ScenarioEntry[];
  /** The worker, for the list of packs (listPacks, as the data panel shows them). */
  db?: Comlink.Remote<DbWorkerApi> | null;
  /** The active pack: pack B (« après »), the one on the map. */
  activePackId?: string | null;
  /** Makes another pack the active one (pack B). */
  onUsePack?(id: string): void;
}

export function ComparePanel({ view, dispatchView, entries, db = null, activePackId = null, onUsePack }: Props) {
  const { compareReference, compareTarget, compareMeasure, compareView, compareMode } = view;
  const packsMode = compareMode === 'packs';
  const [packs, setPacks] = useState<PackSummary[] | null>(null);
  useEffect(() => {
    if (!db || !packsMode) return;
    let current = true;
    db.listPacks().then(
      (list) => current && setPacks(list),
      () => current && setPacks([]),
    );
    return () => {
      current = false;
    };
  }, [db, packsMode, activePackId]);
  return (
    <section className="compare-panel" aria-label="Comparaison" data-testid="compare-panel">
      <h2>Comparer</h2>
      <fieldset className="radio-group">
        <legend>Comparer :</legend>
        <label>
          <input type="radio" name="compare-mode" checked={!packsMode} onChange={() => dispatchView({ type: 'setCompareMode', mode: 'scenarios' })} data-testid="compare-mode-scenarios" /> des scénarios
        </label>
        <label>
          <input type="radio" name="compare-mode" checked={packsMode} onChange={() => dispatchView({ type: 'setCompareMode', mode: 'packs' })} data-testid="compare-mode-packs" /> deux paquets (suivi dans le temps)
        </label>
      </fieldset>
      {packsMode ? (
        <PackChoice view={view} dispatchView={dispatchView} packs={packs} activePackId={activePackId} onUsePack={onUsePack} />
      ) : (
        <>
      <ScenarioSelect label="Avant (référence)" value={compareReference} entries={entries} empty="Situation de référence" onChange={(side) => dispatchView({ type: 'setCompareReference', side })} testId="compare-reference" />
      <ScenarioSelect label="Après" value={compareTarget} entries={entries} empty="— choisir un scénario —" onChange={(side) => dispatchView({ type: 'setCompareTarget', side })} testId="compare-target" />
        </>
      )}
      {!packsMode && (
      <fieldset className="radio-group">
        <legend>Mesure</legend>
        <label>
          <input type="radio" name="measure" checked={compareMeasure === 'fte'} onChange={() => dispatchView({ type: 'setCompareMeasure', measure: 'fte' })} /> Δ écart en ETP
        </label>
        <label>
          <input type="radio" name="measure" checked={compareMeasure === 'apl'} onChange={() => dispatchView({ type: 'setCompareMeasure', measure: 'apl' })} data-testid="measure-apl" /> Δ APL
        </label>
      </fieldset>
      )}
      <fieldset className="radio-group">
        <legend>Carte</legend>
        <label>
          <input type="radio" name="view" checked={compareView === 'difference'} onChange={() => dispatchView({ type: 'setCompareView', view: 'difference' })} /> Différence
        </label>
        <label>
          <input type="radio" name="view" checked={compareView === 'sideBySide'} onChange={() => dispatchView({ type: 'setCompareView', view: 'sideBySide' })} data-testid="view-side-by-side" /> Côte à côte
        </label>
      </fieldset>
      {!packsMode && compareTarget === null && <p className="hint">Choisissez le scénario « après » (créez-en un dans l’onglet Scénarios).</p>}
    </section>
  );
}

/**
 * Pack A (« avant ») and pack B (« après ») of a pack comparison. Pack B is the active pack, the one the
 * map draws: choosing another B opens it. Each side is its pack's situation de référence.
 */
function PackChoice({ view, dispatchView, packs, activePackId, onUsePack }: { view: AppState; dispatchView: Dispatch<ViewAction>; packs: PackSummary[] | null; activePackId: string | null; onUsePack?(id: string): void }) {
  const a = view.comparePackA;
  const label = (p: PackSummary) => `${p.label}${p.builtIn ? ' (intégré)' : ''}`;
  return (
    <>
      <label className="field">
        <span>Paquet A (avant)</span>
        <select value={a ?? ''} onChange={(e) => dispatchView({ type: 'setComparePackA', pack: e.target.value || null })} data-testid="compare-pack-a">
          <option value="">— choisir un paquet —</option>
          {(packs ?? []).map((p) => (
            <option key={p.id} value={p.id} disabled={p.id === activePackId}>
              {label(p)}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Paquet B (après, affiché sur la carte)</span>
        <select value={activePackId ?? ''} onChange={(e) => e.target.value && onUsePack?.(e.target.value)} data-testid="compare-pack-b">
          {(packs ?? []).map((p) => (
            <option key={p.id} value={p.id} disabled={p.id === a}>
              {label(p)}
            </option>
          ))}
        </select>
      </label>
      <p className="note">Chaque côté est la situation de référence de son paquet (sans scénario), avec sa propre productivité. Les territoires sont rapprochés par leur code.</p>
      {packs === null && <p className="hint">Liste des paquets en cours de lecture…</p>}
      {packs !== null && packs.length < 2 && <p className="hint">Un seul paquet disponible : importez un second paquet (bouton « Données… » en haut) pour suivre les indicateurs dans le temps.</p>}
      {packs !== null && packs.length >= 2 && a === null && <p className="hint">Choisissez le paquet A (avant) : par exemple le paquet des fichiers nationaux de l’an dernier.</p>}
    </>
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
