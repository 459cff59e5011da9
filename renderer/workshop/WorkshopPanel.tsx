// The side panel of the workshop mode (projector, 1920×1080, read from the back of a room): one big
// number in plain words, the population concerned, and a large switch per lever. No « ETP », no
// thresholds: « médecins manquants », « de plus », « de moins ».
import type { ComparisonKpis, ComparisonRow } from '../../workers/engine/dashboard';
import type { Lever } from '../../workers/engine/scenario';
import { specialtyIndex, type Specialty } from '../../workers/engine/domain';
import { formatInteger } from '../format';
import { leverKindLabel } from '../scenario/levers';
import { doctorsPlural } from '../words';
import { bigNumber } from './big-number';

interface Props {
  /** The scenario shown, and what it is compared with (« la situation actuelle » or another scenario). */
  name: string;
  referenceName: string | null;
  levers: readonly Lever[];
  onToggle(id: string): void;
  specialty: Specialty;
  /** The comparison's key figures for the rows of the user's territory; null while computed. */
  kpis: ComparisonKpis | null;
  /** The département's own total (its communes only), when the view has a département. */
  departementTotal: ComparisonRow | null;
  /** The département's name (« Meuse »), for the sentence; the total's label is used without it. */
  departementName: string | null;
}

export function WorkshopPanel({ name, referenceName, levers, onToggle, specialty, kpis, departementTotal, departementName }: Props) {
  const s = specialtyIndex(specialty);
  const own = departementTotal?.specialties[s];
  // The département's own communes when a département is chosen, else every territory shown (France).
  // The total's label may carry more (« Meuse (55) — communes du département »): the name alone reads.
  const place = departementName ?? departementTotal?.label.replace(/\s*[(—].*$/, '') ?? null;
  const figure = own ? bigNumber(own.gapFteBefore, own.gapFteAfter, specialty, place) : kpis ? bigNumber(kpis.gapFteBefore[s], kpis.gapFteAfter[s], specialty, null) : null;
  return (
    <section className="workshop-panel" aria-label="Atelier" data-testid="workshop-panel">
      <h2 className="workshop-title">{name}</h2>
      {referenceName && <p className="workshop-reference">comparé à : {referenceName}</p>}
      {figure ? (
        <div className={`workshop-number ${figure.direction}`} role="status" aria-live="polite">
          <span className="workshop-number-text" data-testid="workshop-number">
            {figure.headline}
          </span>
          <span className="workshop-detail" data-testid="workshop-detail">
            {figure.detail}
          </span>
        </div>
      ) : (
        <p className="workshop-detail">Calcul en cours…</p>
      )}
      {kpis && (
        <p className="workshop-people" data-testid="workshop-people">
          Habitants des territoires où des {doctorsPlural(specialty)} manquent : {formatInteger(kpis.populationInDeficitBefore[s])} avant, {formatInteger(kpis.populationInDeficitAfter[s])} après
        </p>
      )}
      <fieldset className="workshop-levers" data-testid="workshop-levers">
        <legend>Leviers (cochez pour les activer)</legend>
        {levers.length === 0 && <p className="workshop-detail">Ce scénario n’a pas encore de levier.</p>}
        {levers.map((lever) => (
          <label key={lever.id} className="workshop-toggle">
            <input type="checkbox" checked={lever.enabled !== false} onChange={() => onToggle(lever.id!)} />
            <span>{lever.label ?? leverKindLabel(lever.kind)}</span>
          </label>
        ))}
      </fieldset>
    </section>
  );
}
