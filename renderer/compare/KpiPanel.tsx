// The comparison KPIs in plain words: FTE gap change per specialty, population living in the
// territories of the displayed grid that are in deficit before and after, and communes crossing the
// APL thresholds (2,5 and 4). The KPIs cover the rows the table shows (the page computes them with
// comparisonKpis on those rows); a change is the difference of its two ends as displayed
// (renderer/format.ts), so « −56,2 → −53,9 » reads « amélioration de 2,3 ETP ».
import type { ReactNode } from 'react';
import { formatFixed } from '../../common/format-fr';
import type { ComparisonKpis, ComparisonRow, ComparisonTable } from '../../workers/engine/dashboard';
import { SPECIALTIES, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../../workers/engine/domain';

import { FTE_DECIMALS, formatFte, formatInteger, fteChange } from '../format';

interface Props {
  kpis: ComparisonKpis;
  specialty: Specialty;
  title: string;
  /** Which territories the sums cover, e.g. « territoires touchant le département 55 ». */
  scope: string;
  /** The département's own total (its communes only), shown under the gap; null without filter. */
  departementTotal?: ComparisonRow | null;
  /** Gap in FTE of all communes, before and after (ComparisonTable.national): what changes elsewhere. */
  national?: ComparisonTable['national'];
  /** Workshop mode: the chosen specialty only, in large type. */
  large: boolean;
  /** Why there are no APL crossings (e.g. two packs whose communes differ), instead of « calcul en cours… ». */
  aplUnavailable?: string | null;
  /** More KPIs under the headline (territories on one side only, alerts). */
  children?: ReactNode;
}

/** « amélioration de 2,3 ETP », « dégradation de moins de 0,1 ETP », « inchangé ». */
export function changeText(after: number, before: number): string {
  const exact = after - before;
  // Below a billionth of an FTE the difference is float noise (sums in another order), not a change.
  if (!(Math.abs(exact) > 1e-9)) return 'inchangé';
  const word = exact > 0 ? 'amélioration' : 'dégradation';
  const shown = fteChange(after, before);
  // Both ends display the same although they differ: say so rather than « de 0,0 ».
  if (shown === 0) return `${word} de moins de ${formatFixed(10 ** -FTE_DECIMALS, FTE_DECIMALS)} ETP`;
  return `${word} de ${formatFixed(Math.abs(shown), FTE_DECIMALS)} ETP`;
}

export function KpiPanel({ kpis, specialty, title, scope, departementTotal = null, national, large, aplUnavailable = null, children }: Props) {
  const s = specialtyIndex(specialty);
  const changed = SPECIALTIES.map((id, i) => ({ id, i })).filter(({ i }) => Math.abs(kpis.deltaGapFte[i]) > 1e-9 || i === s);
  const delta = changeText(kpis.gapFteAfter[s], kpis.gapFteBefore[s]);
  const departement = departementTotal?.specialties[s];
  // What the scenario changes outside the rows shown: a teleconsultation's providers, departures
  // elsewhere. Said beside the headline so that a gain here never hides a loss there.
  const elsewhere = national ? changeText(national.gapFteAfter[s] - kpis.gapFteAfter[s], national.gapFteBefore[s] - kpis.gapFteBefore[s]) : 'inchangé';
  const unitsDiffer = kpis.productivityDiffers[s];
  return (
    <section className={`kpis${large ? ' large' : ''}`} aria-label="Indicateurs clés" data-testid="kpis">
      <h2>{title}</h2>
      <div className="kpi">
        <span className="kpi-label">Écart {SPECIALTY_LABELS[specialty].toLowerCase()} en ETP, {scope}</span>
        <span className="kpi-value" data-testid="kpi-gap">
          {formatFte(kpis.gapFteBefore[s])} → {formatFte(kpis.gapFteAfter[s])}
        </span>
        <span className={`kpi-delta ${delta.startsWith('amélioration') ? 'better' : delta.startsWith('dégradation') ? 'worse' : ''}`} data-testid="kpi-delta">
          {delta}
        </span>
        {(kpis.externalActsBefore[s] > 0 || kpis.externalActsAfter[s] > 0) && (
          // Teleconsultation by an external provider adds supply from outside every territory: said apart.
          <span className="note" data-testid="kpi-external">
            dont offre extérieure (téléconsultation), lignes affichées : {formatInteger(kpis.externalActsBefore[s])} → {formatInteger(kpis.externalActsAfter[s])} actes par an
          </span>
        )}
        {elsewhere !== 'inchangé' && (
          <span className={`kpi-elsewhere ${elsewhere.startsWith('dégradation') ? 'worse' : 'better'}`} data-testid="kpi-elsewhere">
            Ailleurs (hors des lignes affichées) : {elsewhere}
          </span>
        )}
        {departementTotal && departement && (
          <span className="note" data-testid="kpi-departement">
            {departementTotal.label} : {formatFte(departement.gapFteBefore)} → {formatFte(departement.gapFteAfter)} ({changeText(departement.gapFteAfter, departement.gapFteBefore)})
          </span>
        )}
        {unitsDiffer && (
          <span className="note" data-testid="kpi-units">
            La productivité diffère entre les deux côtés (paramètres du modèle) : la variation en ETP change aussi d’unité ; comparez les actes.
          </span>
        )}
      </div>
      {children}
      <div className="kpi">
        <span className="kpi-label" data-testid="kpi-population-label">
          Habitants des {kpis.deficitTerritories} en déficit ({SPECIALTY_LABELS[specialty].toLowerCase()})
        </span>
        <span className="kpi-value" data-testid="kpi-population">
          {formatInteger(kpis.populationInDeficitBefore[s])} → {formatInteger(kpis.populationInDeficitAfter[s])}
        </span>
      </div>
      <div className="kpi">
        <span className="kpi-label">
          Communes qui franchissent un seuil d’APL (2,5 ou 4){kpis.apl && kpis.apl.specialty !== 'MG' ? ' — seuils du zonage des généralistes, simple repère ici' : ''}
        </span>
        {aplUnavailable && !kpis.apl ? (
          <span className="kpi-value note" data-testid="kpi-apl-unavailable">{aplUnavailable}</span>
        ) : kpis.apl ? (
          <span className="kpi-value" data-testid="kpi-apl">
            {formatInteger(kpis.apl.communesCrossing)} commune{kpis.apl.communesCrossing > 1 ? 's' : ''} ({formatInteger(kpis.apl.populationCrossing)} hab.)
          </span>
        ) : (
          <span className="kpi-value note">calcul en cours…</span>
        )}
        {kpis.apl && !large && (
          <span className="note">
            APL ≤ 2,5 : {formatInteger(kpis.apl.communesBelowZipBefore)} → {formatInteger(kpis.apl.communesBelowZipAfter)} communes
          </span>
        )}
      </div>
      {!large && changed.length > 1 && (
        <table className="kpi-table">
          <caption>Écart en ETP par spécialité</caption>
          <thead>
            <tr>
              <th scope="col">Spécialité</th>
              <th scope="col" className="number">Avant</th>
              <th scope="col" className="number">Après</th>
              <th scope="col" className="number">Δ</th>
            </tr>
          </thead>
          <tbody>
            {changed.map(({ id, i }) => (
              <tr key={id}>
                <th scope="row">{SPECIALTY_LABELS[id]}</th>
                <td className="number">{formatFte(kpis.gapFteBefore[i])}</td>
                <td className="number">{formatFte(kpis.gapFteAfter[i])}</td>
                <td className="number">{formatFte(fteChange(kpis.gapFteAfter[i], kpis.gapFteBefore[i]))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
