// The table below the map: its head (fold, the user's département, columns, the scenario's first problem)
// and the planners' table, or the difference table when a scenario is shown.
import { useCallback, useMemo, type Dispatch } from 'react';
import { comparisonTotal, dashboardTotal, type ComparisonRow, type ComparisonTable, type DashboardRow, type DashboardTable } from '../../workers/engine/dashboard';
import { SPECIALTY_LABELS } from '../../workers/engine/domain';
import { dashboardTableColumns, type Column } from '../../workers/export/columns';
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
}

export function TableArea({ view, dispatchView, comparing, dashboard, comparison, comparisonColumns, indicatorShown, problems }: Props) {
  const { tableOpen, tableScope, specialty, departement, departementHint, tableFilter, selectedCode, tab } = view;
  const setTableFilter = useCallback((filter: string) => dispatchView({ type: 'setTableFilter', filter }), [dispatchView]);
  const tableColumns = useMemo(() => dashboardTableColumns(tableScope, specialty, indicatorShown), [tableScope, specialty, indicatorShown]);
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
      testId="dashboard-table"
    />
  );
  const comparisonView = comparison && (
    <DataTable
      caption={`Différence par ${comparison.gridLabel.toLowerCase()}${comparison.departement ? ` — territoires touchant le département ${comparison.departement}` : ''}`}
      columns={comparisonColumns}
      rows={comparison.rows}
      totalOf={comparisonTotalOf}
      departementTotal={comparison.departementTotal}
      filter={tableFilter}
      onFilterChange={setTableFilter}
      codeOf={(row) => row.code}
      selectedCode={selectedCode}
      onSelect={(code) => dispatchView({ type: 'selectTerritory', code, openDetail: view.detailOpen })}
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
        {problems.length > 0 && tab !== 'scenario' && (
          <span className="error" role="alert">
            {problems[0]}
          </span>
        )}
      </div>
      {tableOpen && (comparing ? comparisonView : dashboardView)}
    </section>
  );
}
