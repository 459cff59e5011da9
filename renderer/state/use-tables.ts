// The tables' figures from the DB worker: the planners' table (dashboard), or, when a scenario is evaluated,
// the difference table with its KPIs (first without the APL, in milliseconds, then with its threshold
// crossings, about a second), and the KPIs of the rows the table's text filter leaves on screen.
import type * as Comlink from 'comlink';
import { useMemo } from 'react';
import type { DbWorkerApi } from '../../common/worker-api';
import { comparisonKpis, type ComparisonTable, type DashboardTable } from '../../workers/engine/dashboard';
import type { Specialty } from '../../workers/engine/domain';
import { comparisonTableColumns } from '../../workers/export/columns';
import type { CompareMeasure } from '../map/map-picture';
import { filterRowsByText } from '../tables/DataTable';
import { useWorkerQuery } from './use-worker-query';

export interface TablesInputs {
  db: Comlink.Remote<DbWorkerApi> | null;
  grid: string;
  /** `packA`: a pack comparison, pack A → the active pack (issue 14 §3), instead of scenarios. */
  evaluated: { target: unknown | null; reference: unknown | null; packA?: string | null };
  /** The user's département, or null for all of France. */
  departement: string | null;
  /** The specialty whose APL threshold crossings the KPIs count (comparison and workshop), or null. */
  aplForKpis: Specialty | null;
  specialty: Specialty;
  compareMeasure: CompareMeasure;
  /** The table's text filter as on screen ('' when the table is hidden). */
  filter: string;
  onError(error: unknown): void;
}

export function useTables({ db, grid, evaluated, departement, aplForKpis, specialty, compareMeasure, filter, onError }: TablesInputs) {
  const comparing = evaluated.target !== null || Boolean(evaluated.packA);
  const comparisonQuery = useWorkerQuery<ComparisonTable | null>(
    (signal, publish) => {
      if (!db || !comparing) return null;
      if (evaluated.packA) return db.packComparison(grid, evaluated.packA, departement);
      return db.comparison(grid, evaluated.target, evaluated.reference, departement, null).then((quick) => {
        if (!aplForKpis || signal.aborted) return quick;
        publish(quick);
        return db.comparison(grid, evaluated.target, evaluated.reference, departement, aplForKpis);
      });
    },
    [db, comparing, grid, evaluated, departement, aplForKpis],
    { reset: 'whenIdle' },
  );
  const comparison = comparisonQuery.error ? null : comparisonQuery.data;
  const dashboard = useWorkerQuery<DashboardTable | null>(() => (db && !comparing ? db.dashboard(grid, null, departement) : null), [db, comparing, grid, departement], { onError }).data;

  const comparisonColumns = useMemo(() => comparisonTableColumns(specialty, comparison, compareMeasure), [specialty, comparison, compareMeasure]);
  // The KPIs of the rows the comparison table shows (all of them when the table is hidden).
  const shownKpis = useMemo(
    () => (comparison && filter.trim() ? comparisonKpis(comparison, filterRowsByText(comparison.rows, comparisonColumns, filter)) : (comparison?.kpis ?? null)),
    [comparison, comparisonColumns, filter],
  );
  return { comparing, comparison, dashboard, comparisonColumns, shownKpis };
}
