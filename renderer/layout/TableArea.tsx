// The table below the map: its head (fold, the user's département, columns, the scenario's first problem)
// and the planners' table, or the difference table when a scenario is shown.
import { useCallback, useMemo, type Dispatch } from 'react';
import { comparisonTotal, dashboardTotal, type ComparisonRow, type ComparisonTable, type DashboardRow, type DashboardTable } from '../../workers/engine/dashboard';
import { SPECIALTY_LABELS } from '../../workers/engine/domain';
import { comparisonAlertColumns, dashboardAlertColumns, dashboardTableColumns, flaggedRows, type AlertSetting, type Column } from '../../workers/export/columns';
import { thresholdsText } from '../../workers/engine/alerts';
import type { PackComparisonTable } from '../../workers/db/pack-comparison';
import { formatInteger } from '../../common/format-fr';
import type { AppState, TableScope, ViewAction } from '../state/view-store';
import { DataTable } from '../tables/DataTable';
import type { Indicator } from '../view-state';

interface Props {
  view: AppState;
  dispatchView: Dispatch<ViewAction>;
  /** A scenario is evaluated: the difference table instead of the planners' table. */
  comparing: boolean;
  dashboard: DashboardTable | null;
  comparison: ComparisonTable | null;
  comparisonColumns: Column<ComparisonRow>[];
  /** The indicator on the map, among the planners' columns. */
  indicatorShown: Indicator;
  problems: string[];
  /** Alert thresholds applied to the table shown (a column « Alerte »), or null when none is on. */
  alerts?: AlertSetting | null;
}

/** `alerts` placed after the column `after` (at the end when the table does not have it). */
function withAlerts<Row>(columns: Column<Row>[], alerts: Column<Row>[], after: string): Column<Row>[] {
  const at = columns.findIndex((c) => c.id === after) + 1 || columns.length;
  return alerts.length ? [...columns.slice(0, at), ...alerts, ...columns.slice(at)] : columns;
}

/** A pack comparison (« paquet A → paquet B ») rather than a scenario comparison. */
export const isPackComparison = (table: ComparisonTable | null | undefined): table is PackComparisonTable => Boolean(table && 'packs' in table);

export function TableArea({ view, dispatchView, comparing, dashboard, comparison, comparisonColumns: baseComparisonColumns, indicatorShown, problems, alerts = null }: Props) {
  const { tableOpen, tableScope, specialty, departement, departementHint, tableFilter, selectedCode, tab } = view;
  const setTableFilter = useCallback((filter: string) => dispatchView({ type: 'setTableFilter', filter }), [dispatchView]);
  // The alert (and the territory APL) in view, right after the specialty's key figures (which stay first in
  // view on a 1 090 px table, issue 13); the files put them last.
  const tableColumns = useMemo(
    () => withAlerts(dashboardTableColumns(tableScope, specialty, indicatorShown), dashboardAlertColumns(alerts), `${specialty}_etp_manquants`),
    [tableScope, specialty, indicatorShown, alerts],
  );
  const comparisonColumns = useMemo(() => withAlerts(baseComparisonColumns, comparisonAlertColumns(alerts), `${specialty}_delta_ecart_etp`), [baseComparisonColumns, alerts, specialty]);
  // The territories below a threshold, among all the rows of the table shown (the state followed: « après » when comparing).
  const flagged = useMemo(
    () => (!alerts ? null : comparing ? (comparison ? flaggedRows(comparison.rows, comparisonColumns) : null) : dashboard ? flaggedRows(dashboard.rows, tableColumns) : null),
    [alerts, comparing, comparison, comparisonColumns, dashboard, tableColumns],
  );
  const packs = isPackComparison(comparison) ? comparison : null;
  const aplPending = Boolean(alerts?.thresholds.apl.enabled && !alerts.aplByCode);
  // Totals of the rows shown (after the text filter), by the engine's own functions (issue 12).
  const dashboardTotalOf = useCallback((rows: DashboardRow[]) => dashboardTotal(rows, dashboard?.productivity ?? []), [dashboard]);
  const comparisonTotalOf = useCallback((rows: ComparisonRow[]) => comparisonTotal(rows, comparison?.productivityBefore ?? [], comparison?.productivityAfter ?? []), [comparison]);

  const dashboardView = dashboard && (
    <DataTable
      caption={`Diagnostic par ${dashboard.gridLabel.toLowerCase()}${dashboard.departement ? ` — territoires touchant le département ${dashboard.departement}` : ' — France entière'}${tableScope === 'specialty' ? ` — ${SPECIALTY_LABELS[specialty].toLowerCase()}` : ' — toutes spécialités'}`}
      columns={tableColumns}
      rows={dashboard.rows}
      totalOf={dashboardTotalOf}
      departementTotal={dashboard.departementTotal}
      filter={tableFilter}
      onFilterChange={setTableFilter}
      codeOf={(row) => row.code}
      selectedCode={selectedCode}
      onSelect={(code) => dispatchView({ type: 'selectTerritory', code, openDetail: true })}
      busy={aplPending}
      testId="dashboard-table"
    />
  );
  const comparisonView = comparison && (
    <DataTable
      caption={`${packs ? `Paquet A (${packs.packs.before.label}) → Paquet B (${packs.packs.after.label}) — ` : ''}Différence par ${comparison.gridLabel.toLowerCase()}${comparison.departement ? ` — territoires touchant le département ${comparison.departement}` : ''}`}
      columns={comparisonColumns}
      rows={comparison.rows}
      totalOf={comparisonTotalOf}
      departementTotal={comparison.departementTotal}
      filter={tableFilter}
      onFilterChange={setTableFilter}
      codeOf={(row) => row.code}
      selectedCode={selectedCode}
      onSelect={(code) => dispatchView({ type: 'selectTerritory', code, openDetail: view.detailOpen })}
      busy={aplPending}
      testId="comparison-table"
    />
  );

  return (
    <section className="table-area" aria-label="Tableau">
      <div className="table-head">
        <button type="button" className="link" onClick={() => dispatchView({ type: 'toggleTable' })} aria-expanded={tableOpen} data-testid="table-toggle">
          {tableOpen ? 'Masquer le tableau' : 'Afficher le tableau'}
        </button>
        <label>
          Département{' '}
          <input
            type="text"
            value={view.departementInput}
            size={10}
            onChange={(e) => dispatchView({ type: 'setDepartementInput', input: e.target.value })}
            placeholder="tous"
            aria-label="Votre département, numéro ou nom (vide : toute la France)"
            aria-invalid={departementHint !== null}
            aria-describedby="departement-hint"
            data-testid="departement-filter"
          />
        </label>
        {departementHint ? (
          <span id="departement-hint" className="error" role="alert" data-testid="departement-hint">
            {departementHint} Le tableau reste sur {departement ? `le département ${departement}` : 'la France entière'}.
          </span>
        ) : (
          departement && (
            <span id="departement-hint" className="note" data-testid="departement-name">
              {view.departementNames.find((d) => d.code === departement)?.label ?? ''}
            </span>
          )
        )}
        {!comparing && (
          <label>
            Colonnes{' '}
            <select value={tableScope} onChange={(e) => dispatchView({ type: 'setTableScope', scope: e.target.value as TableScope })} data-testid="table-scope">
              <option value="specialty">{SPECIALTY_LABELS[specialty]} en détail</option>
              <option value="all">Toutes spécialités : actes à couvrir et ETP manquants</option>
            </select>
          </label>
        )}
        {alerts && flagged && (
          <span className={flagged.length ? 'alert-count' : 'note'} data-testid="alert-count" title={`Seuils : ${thresholdsText(alerts.thresholds, alerts.specialty)}`}>
            {flagged.length === 0 ? 'Aucun territoire en alerte' : `${formatInteger(flagged.length)} territoire${flagged.length > 1 ? 's' : ''} en alerte`}
            {aplPending ? ' (APL en cours de calcul)' : ''}
          </span>
        )}
        {problems.length > 0 && tab !== 'scenario' && (
          <span className="error" role="alert">
            {problems[0]}
          </span>
        )}
      </div>
      {tableOpen && comparing && packs && (packs.onlyBefore.length > 0 || packs.onlyAfter.length > 0) && (
        <p className="note" data-testid="pack-unmatched">
          Hors du tableau et des totaux :{' '}
          {[
            packs.onlyBefore.length ? `${packs.onlyBefore.length} territoire${packs.onlyBefore.length > 1 ? 's' : ''} seulement dans le paquet A ou sans habitants dans le paquet B (${packs.onlyBefore.slice(0, 5).map((t) => `${t.label} ${t.code}`).join(', ')}${packs.onlyBefore.length > 5 ? '…' : ''})` : '',
            packs.onlyAfter.length ? `${packs.onlyAfter.length} territoire${packs.onlyAfter.length > 1 ? 's' : ''} seulement dans le paquet B ou sans habitants dans le paquet A (${packs.onlyAfter.slice(0, 5).map((t) => `${t.label} ${t.code}`).join(', ')}${packs.onlyAfter.length > 5 ? '…' : ''})` : '',
          ]
            .filter(Boolean)
            .join(' ; ')}
          .
        </p>
      )}
      {tableOpen && (comparing ? comparisonView : dashboardView)}
    </section>
  );
}
