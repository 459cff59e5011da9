// The alert thresholds of the view applied to the tables (issue 14 §3): the territories' mean APL of the
// chosen specialty, asked of the worker only when the APL threshold is on (≈ 0,5 s per evaluation, then
// cached there), for the state followed: the scenario shown, else the active pack's baseline (pack B of
// a pack comparison).
import type * as Comlink from 'comlink';
import { useMemo } from 'react';
import type { DbWorkerApi } from '../../common/worker-api';
import { alertsActive, thresholdsFor, type AlertThresholds } from '../../workers/engine/alerts';
import type { Specialty } from '../../workers/engine/domain';
import type { AlertSetting } from '../../workers/export/columns';
import { useWorkerQuery } from '../state/use-worker-query';

/** No territory APL (every cell « — », nothing flagged by the APL). */
const NO_APL: Readonly<Record<string, number>> = Object.freeze({});

export function useAlertSetting(db: Comlink.Remote<DbWorkerApi> | null, grid: string, specialty: Specialty, chosen: AlertThresholds, scenario: unknown | null, onError: (error: unknown) => void): AlertSetting | null {
  const thresholds = useMemo(() => thresholdsFor(chosen, specialty), [chosen, specialty]);
  const wantsApl = thresholds.apl.enabled;
  // Each answer carries its question: until the answer to the current one arrives, the APL is « being
  // computed » (null: the table says aria-busy), never the previous grid's or scenario's.
  const key = useMemo(() => JSON.stringify([grid, specialty, scenario]), [grid, specialty, scenario]);
  const query = useWorkerQuery<{ key: string; apl: Record<string, number> | null } | null>(
    async () => (db && wantsApl ? { key, apl: await db.territoryApl(grid, specialty, scenario) } : null),
    [db, wantsApl, grid, specialty, scenario, key],
    { reset: 'onStart', onError },
  );
  // A failed computation (said by onError) or a pack without figures: no APL (« — »), not « being computed » for ever.
  const apl = query.error !== null ? NO_APL : query.data?.key === key ? (query.data.apl ?? NO_APL) : null;
  // One object per change (the table's columns are memoized on it).
  return useMemo(() => (alertsActive(thresholds) ? { thresholds, specialty, aplByCode: wantsApl ? apl : null } : null), [thresholds, specialty, wantsApl, apl]);
}
