// What the map shows: the grid, the specialty and the indicator (the side panel's first fields).
import { useState, type Dispatch } from 'react';
import { GRIDS, isGridId } from '../../common/pack';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import type { AppState, ViewAction } from '../state/view-store';
import { parseFrenchNumber } from '../format';
import type { Indicator } from '../view-state';
import { APL_DECIMALS, COVERAGE_DECIMALS, TERRITORY_APL_LABEL, THRESHOLD_MAX, type AlertThresholds } from '../../workers/engine/alerts';
import { formatDecimal } from '../../common/format-fr';

export const INDICATORS: { id: Indicator; label: string; needsHealth: boolean }[] = [
  { id: 'gapFte', label: 'Écart en ETP (manque ou surplus)', needsHealth: true },
  { id: 'gapPer100k', label: 'Écart en ETP pour 100 000 habitants', needsHealth: true },
  { id: 'gapActs', label: 'Écart en actes (actes à couvrir)', needsHealth: true },
  { id: 'coverage', label: 'Taux de couverture du besoin', needsHealth: true },
  { id: 'apl', label: 'APL (accessibilité, par commune)', needsHealth: true },
  { id: 'population', label: 'Population municipale', needsHealth: false },
  { id: 'scorePa', label: 'Score personnes âgées (75 ans et plus)', needsHealth: true },
  { id: 'scoreAld', label: 'Score ALD', needsHealth: true },
  { id: 'scoreUrgence', label: 'Score urgence (minutes)', needsHealth: true },
];

interface Props {
  view: AppState;
  dispatchView: Dispatch<ViewAction>;
  /** The active pack has health data (else only the population can be shown). */
  hasHealth: boolean;
  loaded: boolean;
}

export function ViewControls({ view, dispatchView, hasHealth, loaded }: Props) {
  const { grid, workshop, tab } = view;
  return (
    <>
      {!workshop && (
        <>
          <label className="field">
            <span>Maillage territorial</span>
            <select value={grid} onChange={(e) => dispatchView({ type: 'setGrid', grid: e.target.value })} data-testid="grid-select">
              {[...GRIDS, ...view.customGrids].map((g) => (
                <option key={g.id} value={g.id}>
                  {g.label}
                </option>
              ))}
            </select>
          </label>
          {isGridId(grid) && grid !== 'COM' && <p className="note">Zonages INSEE dérivés COG 2025, non officiels (libellés 2024).</p>}
        </>
      )}
      <label className="field">
        <span>Spécialité</span>
        <select value={view.specialty} onChange={(e) => dispatchView({ type: 'setSpecialty', specialty: e.target.value as Specialty })} data-testid="specialty-select">
          {SPECIALTIES.map((id) => (
            <option key={id} value={id}>
              {SPECIALTY_LABELS[id]}
            </option>
          ))}
        </select>
      </label>
      {/* The « Parcours de soins » map shows the programme's share of capacity: no indicator to choose. */}
      {tab !== 'compare' && tab !== 'parcours' && !workshop && (
        <label className="field">
          <span>Indicateur</span>
          <select value={view.indicator} onChange={(e) => dispatchView({ type: 'setIndicator', indicator: e.target.value as Indicator })} data-testid="indicator-select">
            {INDICATORS.map((i) => (
              <option key={i.id} value={i.id} disabled={i.needsHealth && !hasHealth}>
                {i.label}
              </option>
            ))}
          </select>
        </label>
      )}
      {!hasHealth && loaded && <p className="note">Écarts indisponibles : le paquet actif n’a pas de données de besoin et d’offre.</p>}
      {!workshop && hasHealth && <AlertControls alerts={view.alerts} specialty={view.specialty} onChange={(alerts) => dispatchView({ type: 'setAlerts', alerts })} />}
    </>
  );
}

/**
 * One threshold: a box to switch it on, and its value typed the French way (« 2,5 »), kept only when it is a
 * number ≥ 0.
 */
function ThresholdField(props: {
  label: string;
  unit?: string;
  title?: string;
  ariaLabel: string;
  enabled: boolean;
  value: number;
  /** Plausible values: another one is refused in words and the threshold kept. */
  max: number;
  decimals: number;
  testId: string;
  onChange(change: { enabled: boolean; value: number }): void;
}) {
  const { enabled, value, max, decimals, onChange } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const unit = props.unit ? ` ${props.unit}` : '';
  /** What is wrong with the text typed, null when it is a threshold. */
  const check = (text: string): string | null => {
    const kept = `seuil gardé à ${formatDecimal(value, decimals)}${unit}`;
    const typed = parseFrenchNumber(text);
    if (text === '') return `Seuil vide : ${kept}.`;
    if (!Number.isFinite(typed)) return `« ${text} » n’est pas un nombre (écrire par exemple ${formatDecimal(value, decimals)}) : ${kept}.`;
    if (typed < 0 || typed > max) return `« ${text}${unit} » hors de la plage 0 à ${formatDecimal(max, decimals)}${unit} : ${kept}.`;
    return null;
  };
  const problemId = `${props.testId}-problem`;
  const commit = (typed: string) => {
    const text = typed.trim();
    const found = check(text);
    setProblem(found);
    if (found === null && parseFrenchNumber(text) !== value) onChange({ enabled, value: parseFrenchNumber(text) });
  };
  return (
    <div className="alert-threshold">
      <label title={props.title}>
        <input type="checkbox" checked={enabled} onChange={(e) => onChange({ enabled: e.target.checked, value })} data-testid={`${props.testId}-on`} />
        {props.label} &lt;{' '}
        <input
          type="text"
          inputMode="decimal"
          size={4}
          defaultValue={formatDecimal(value, decimals)}
          aria-label={props.ariaLabel}
          aria-invalid={enabled && problem !== null}
          aria-describedby={problem && enabled ? problemId : undefined}
          disabled={!enabled}
          // Applied when the field is left or Enter is pressed, not at each keystroke: typing « 8O » for 80
          // must not set 8 on the way (the threshold kept would be the wrong one).
          onBlur={(e) => commit(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commit(e.currentTarget.value);
          }}
          data-testid={`${props.testId}-value`}
        />
        {unit}
      </label>
      {problem && enabled && (
        <span id={problemId} className="error" role="alert" data-testid={problemId}>
          {problem}
        </span>
      )}
    </div>
  );
}

/**
 * The alert thresholds (issue 14 §3): territories below them are flagged in the table (column « Alerte »),
 * the KPIs and the files. Each can be switched off; they apply to the chosen specialty.
 */
function AlertControls({ alerts, specialty, onChange }: { alerts: AlertThresholds; specialty: Specialty; onChange(alerts: AlertThresholds): void }) {
  const name = specialty === 'MG' ? 'MG' : SPECIALTY_LABELS[specialty].toLowerCase();
  return (
    <fieldset className="alert-controls" data-testid="alert-controls">
      <legend>Seuils d’alerte ({name})</legend>
      <ThresholdField
        label="Taux de couverture"
        unit="%"
        ariaLabel="Seuil du taux de couverture, en %"
        enabled={alerts.coverage.enabled}
        value={alerts.coverage.percent}
        max={THRESHOLD_MAX.coveragePercent}
        decimals={COVERAGE_DECIMALS}
        testId="alert-coverage"
        onChange={({ enabled, value }) => onChange({ ...alerts, coverage: { enabled, percent: value } })}
      />
      {specialty !== 'MG' && <p className="note">Seuil d’APL : médecine générale seulement (seuil du zonage des médecins généralistes ; aucun seuil publié pour les autres spécialités).</p>}
      {specialty === 'MG' && (
        <ThresholdField
          label="APL moyenne du territoire"
          title={TERRITORY_APL_LABEL}
          ariaLabel="Seuil de l’APL moyenne du territoire (pondérée par la population), consultations par an et par habitant"
          enabled={alerts.apl.enabled}
          value={alerts.apl.value}
          max={THRESHOLD_MAX.apl}
          decimals={APL_DECIMALS}
          testId="alert-apl"
          onChange={({ enabled, value }) => onChange({ ...alerts, apl: { enabled, value } })}
        />
      )}
      {specialty === 'MG' && <p className="note">APL : moyenne des communes du territoire pondérée par la population (consultations par an et par habitant).</p>}
    </fieldset>
  );
}
