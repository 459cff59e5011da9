// The comparison KPIs in plain words: FTE gap change per specialty, population living in deficit
// communes before and after, and communes crossing the APL thresholds (2,5 and 4).
import type { ComparisonKpis } from '../../workers/engine/dashboard';
import { SPECIALTIES, SPECIALTY_LABELS, specialtyIndex, type Specialty } from '../../workers/engine/domain';
import { formatDecimal, formatFte, formatInteger } from '../format';

interface Props {
  kpis: ComparisonKpis;
  specialty: Specialty;
  title: string;
  /** Which territories the sums cover, e.g. « territoires touchant le département 55 ». */
  scope: string;
  /** Workshop mode: the chosen specialty only, in large type. */
  large: boolean;
}

export function KpiPanel({ kpis, specialty, title, scope, large }: Props) {
  const s = specialtyIndex(specialty);
  const changed = SPECIALTIES.map((id, i) => ({ id, i })).filter(({ i }) => Math.abs(kpis.deltaGapFte[i]) > 1e-9 || i === s);
  return (
    <section className={`kpis${large ? ' large' : ''}`} aria-label="Indicateurs clés" data-testid="kpis">
      <h2>{title}</h2>
      <div className="kpi">
        <span className="kpi-label">Écart {SPECIALTY_LABELS[specialty].toLowerCase()} en ETP, {scope}</span>
        <span className="kpi-value" data-testid="kpi-gap">
          {formatFte(kpis.gapFteBefore[s])} → {formatFte(kpis.gapFteAfter[s])}
        </span>
        <span className={`kpi-delta ${kpis.deltaGapFte[s] > 0 ? 'better' : kpis.deltaGapFte[s] < 0 ? 'worse' : ''}`} data-testid="kpi-delta">
          {kpis.deltaGapFte[s] > 0 ? 'amélioration' : kpis.deltaGapFte[s] < 0 ? 'dégradation' : 'inchangé'} de {formatDecimal(Math.abs(kpis.deltaGapFte[s]))} ETP
        </span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Habitants des communes en déficit ({SPECIALTY_LABELS[specialty].toLowerCase()})</span>
        <span className="kpi-value" data-testid="kpi-population">
          {formatInteger(kpis.populationInDeficitBefore[s])} → {formatInteger(kpis.populationInDeficitAfter[s])}
        </span>
      </div>
      <div className="kpi">
        <span className="kpi-label">Communes qui franchissent un seuil d’APL (2,5 ou 4)</span>
        {kpis.apl ? (
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
                <td className="number">{formatFte(kpis.deltaGapFte[i])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
