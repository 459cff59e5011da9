// KPIs of the follow-up (issue 14 §3) under the comparison's headline: the territories that only one of
// two compared packs has (listed apart, never counted as zero), and the territories below an alert
// threshold after the change.
import { useMemo } from 'react';
import { formatInteger } from '../../common/format-fr';
import type { ComparisonTable } from '../../workers/engine/dashboard';
import { thresholdsText } from '../../workers/engine/alerts';
import { comparisonAlertColumns, comparisonColumns, flaggedRows, type AlertSetting } from '../../workers/export/columns';
import { isPackComparison } from '../layout/TableArea';
import { POPULATION_SHIFT } from '../../workers/db/pack-comparison';

const territories = (n: number) => `${formatInteger(n)} territoire${n > 1 ? 's' : ''}`;

export function FollowUpKpis({ comparison, alerts }: { comparison: ComparisonTable; alerts: AlertSetting | null }) {
  const packs = isPackComparison(comparison) ? comparison : null;
  // ≈ 0,2 s on the commune grid: only when the comparison or the thresholds change, not at every render of the page.
  const flagged = useMemo(() => (alerts ? flaggedRows(comparison.rows, [...comparisonColumns([alerts.specialty]), ...comparisonAlertColumns(alerts)]) : null), [comparison, alerts]);
  return (
    <>
      {packs && (
        <div className="kpi" data-testid="kpi-packs">
          <span className="kpi-label">Territoires rapprochés par code</span>
          <span className="kpi-value" data-testid="kpi-packs-matched">
            {territories(packs.rows.length)} dans les deux paquets
          </span>
          {packs.onlyBefore.length + packs.onlyAfter.length > 0 ? (
            <span className="note" data-testid="kpi-packs-unmatched">
              Hors comparaison : {territories(packs.onlyBefore.length)} seulement dans le paquet A (ou sans habitants dans le B), {territories(packs.onlyAfter.length)} seulement dans le paquet B (ou sans habitants dans le A), listés sous le tableau.
            </span>
          ) : (
            <span className="note">Aucun territoire présent d’un seul côté.</span>
          )}
          {packs.populationShift.length > 0 && (
            <span className="warning" data-testid="kpi-packs-population-shift">
              Attention : la population de {territories(packs.populationShift.length)} change de plus de {POPULATION_SHIFT * 100} % entre les deux paquets (
              {packs.populationShift
                .slice(0, 3)
                .map((t) => `${t.label} : ${formatInteger(t.populationBefore)} → ${formatInteger(t.population)}`)
                .join(' ; ')}
              {packs.populationShift.length > 3 ? ' ; …' : ''}) : vérifiez que les deux paquets couvrent les mêmes communes (import partiel ?) avant de lire la différence.
            </span>
          )}
        </div>
      )}
      {alerts && flagged && (
        <div className="kpi" data-testid="kpi-alerts">
          <span className="kpi-label">Territoires en alerte après ({thresholdsText(alerts.thresholds, alerts.specialty)})</span>
          <span className="kpi-value" data-testid="kpi-alerts-count">
            {territories(flagged.length)} sur {formatInteger(comparison.rows.length)}
          </span>
          {alerts.thresholds.apl.enabled && !alerts.aplByCode && <span className="note">APL en cours de calcul…</span>}
        </div>
      )}
    </>
  );
}
