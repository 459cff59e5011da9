// What the map shows: the grid, the specialty and the indicator (the side panel's first fields).
import type { Dispatch } from 'react';
import { GRIDS, isGridId } from '../../common/pack';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import type { AppState, ViewAction } from '../state/view-store';
import type { Indicator } from '../view-state';
import { TERRITORY_APL_LABEL, type AlertThresholds } from '../../workers/engine/alerts';

export const INDICATORS: { id: Indicator; label: string; needsHealth: boolean }[] = [
  { id: 'gapFte', label: 'Écart en ETP (médecins manquants ou en plus)', needsHealth: true },
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

/** A threshold value typed the French way (« 2,5 »); null when it is not a number ≥ 0. */
const typedNumber = (text: string): number | null => {
  const value = Number(text.replace(',', '.').trim());
  return text.trim() !== '' && Number.isFinite(value) && value >= 0 ? value : null;
};

/**
 * The alert thresholds (issue 14 §3): territories below them are flagged in the table (column « Alerte »),
 * the KPIs and the files. Each can be switched off; they apply to the chosen specialty.
 */
function AlertControls({ alerts, specialty, onChange }: { alerts: AlertThresholds; specialty: Specialty; onChange(alerts: AlertThresholds): void }) {
  const name = specialty === 'MG' ? 'MG' : SPECIALTY_LABELS[specialty].toLowerCase();
  return (
    <fieldset className="alert-controls" data-testid="alert-controls">
      <legend>Seuils d’alerte ({name})</legend>
      <label className="alert-threshold">
        <input type="checkbox" checked={alerts.coverage.enabled} onChange={(e) => onChange({ ...alerts, coverage: { ...alerts.coverage, enabled: e.target.checked } })} data-testid="alert-coverage-on" />
        Taux de couverture &lt;{' '}
        <input
          type="text"
          inputMode="decimal"
          size={4}
          defaultValue={String(alerts.coverage.percent).replace('.', ',')}
          aria-label="Seuil du taux de couverture, en %"
          disabled={!alerts.coverage.enabled}
          onChange={(e) => {
            const value = typedNumber(e.target.value);
            if (value !== null) onChange({ ...alerts, coverage: { ...alerts.coverage, percent: value } });
          }}
          data-testid="alert-coverage-value"
        />{' '}
        %
      </label>
      {specialty !== 'MG' && <p className="note">Seuil d’APL : médecine générale seulement (seuil du zonage des médecins généralistes ; aucun seuil publié pour les autres spécialités).</p>}
      {specialty === 'MG' && (
        <label className="alert-threshold" title={TERRITORY_APL_LABEL}>
          <input type="checkbox" checked={alerts.apl.enabled} onChange={(e) => onChange({ ...alerts, apl: { ...alerts.apl, enabled: e.target.checked } })} data-testid="alert-apl-on" />
          APL moyenne du territoire &lt;{' '}
          <input
            type="text"
            inputMode="decimal"
            size={4}
            defaultValue={String(alerts.apl.value).replace('.', ',')}
            aria-label="Seuil de l’APL moyenne du territoire (pondérée par la population), consultations par an et par habitant"
            disabled={!alerts.apl.enabled}
            onChange={(e) => {
              const value = typedNumber(e.target.value);
              if (value !== null) onChange({ ...alerts, apl: { ...alerts.apl, value } });
            }}
            data-testid="alert-apl-value"
          />
        </label>
      )}
      {specialty === 'MG' && <p className="note">APL : moyenne des communes du territoire pondérée par la population (consultations par an et par habitant).</p>}
    </fieldset>
  );
}
