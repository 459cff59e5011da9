// « Laisser-faire à l’horizon… »: asks the horizon year, the retirement age and the share of departures
// replaced by arrivals, has the worker build the scenario (workers/engine/horizon.ts) and hands it back
// to be added to the session like any other scenario.
import { useState } from 'react';
import { DEFAULT_REPLACEMENT_RATE, DEFAULT_RETIREMENT_AGE, DOCTOR_AGE_REFERENCE } from '../../workers/engine/horizon-reference';
import type { HorizonOptions } from '../../workers/engine/horizon';
import { RETIREMENT_AGE_RANGE } from '../../workers/engine/horizon';
import type { ScenarioDocument } from '../../workers/engine/scenario';
import { formatPercent } from '../../common/format-fr';
import { NumberField } from './fields';

/** The horizons offered (INSEE projections run to 2070; the CLI accepts any year). */
export const HORIZON_CHOICES = [2030, 2035, 2040] as const;

interface Props {
  build(options: HorizonOptions): Promise<ScenarioDocument>;
  onBuilt(scenario: ScenarioDocument): void;
  onClose(): void;
}

export function HorizonDialog({ build, onBuilt, onClose }: Props) {
  const [horizon, setHorizon] = useState<number>(HORIZON_CHOICES[0]);
  const [retirementAge, setRetirementAge] = useState<number>(DEFAULT_RETIREMENT_AGE.value);
  const [replacementRate, setReplacementRate] = useState<number>(DEFAULT_REPLACEMENT_RATE.value);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async () => {
    setRunning(true);
    setError(null);
    try {
      onBuilt(await build({ horizon, retirementAge, replacementRate }));
    } catch (e) {
      setError(`Le scénario n’a pas pu être construit : ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setRunning(false);
    }
  };

  return (
    <fieldset className="horizon-dialog" role="dialog" aria-label="Laisser-faire à l’horizon" data-testid="horizon-dialog">
      <legend>Laisser-faire à l’horizon</legend>
      <p className="hint">
        Ce qui arrive si personne n’agit : la population vieillit et des médecins partent à la retraite. Le scénario obtenu sert de référence pour comparer
        les solutions (onglet Comparer, « Avant (référence) »).
      </p>
      <label className="lever-field">
        <span>Année d’horizon</span>
        <select value={horizon} onChange={(e) => setHorizon(Number(e.target.value))} data-testid="horizon-year">
          {HORIZON_CHOICES.map((year) => (
            <option key={year} value={year}>
              {year}
            </option>
          ))}
        </select>
      </label>
      <NumberField label="Âge de départ à la retraite" unit="ans" value={retirementAge} min={RETIREMENT_AGE_RANGE.min} max={RETIREMENT_AGE_RANGE.max} onChange={setRetirementAge} />
      <NumberField label="Départs remplacés par des arrivées" unit="%" percent value={replacementRate} min={0} max={1} onChange={setReplacementRate} />
      <ul className="note horizon-sources">
        <li>Population : projections Insee du paquet quand elles ont été importées, sinon facteurs nationaux par tranche d’âge (hypothèse, ordres de grandeur Insee 2021-2070).</li>
        <li>
          Départs : médecins qui atteignent l’âge de départ d’ici {horizon} — {formatPercent(DOCTOR_AGE_REFERENCE.shareAged60Plus, 0)} des médecins en activité ont 60 ans ou plus
          (Ordre des médecins, Atlas 2024), même répartition pour toutes les spécialités.
        </li>
        <li>Arrivées : la part des départs remplacés est une hypothèse à ajuster ({formatPercent(DEFAULT_REPLACEMENT_RATE.value, 0)} par défaut).</li>
      </ul>
      {error && (
        <p className="message error" role="alert">
          {error}
        </p>
      )}
      <div className="toolbar">
        <button type="button" className="primary" onClick={submit} disabled={running} data-testid="horizon-build">
          {running ? 'Construction…' : `Construire « Laisser-faire ${horizon} »`}
        </button>
        <button type="button" onClick={onClose} disabled={running}>
          Annuler
        </button>
      </div>
    </fieldset>
  );
}
