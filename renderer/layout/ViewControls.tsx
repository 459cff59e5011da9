// What the map shows: the grid, the specialty and the indicator (the side panel's first fields).
import type { Dispatch } from 'react';
import { GRIDS, isGridId } from '../../common/pack';
import { SPECIALTIES, SPECIALTY_LABELS, type Specialty } from '../../workers/engine/domain';
import type { AppState, ViewAction } from '../state/view-store';
import type { Indicator } from '../view-state';

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
      {tab !== 'compare' && !workshop && (
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
    </>
  );
}
