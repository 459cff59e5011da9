// The APL per commune (consultations accessible per inhabitant and year) when the map shows it: of the
// scenario shown, and of its reference in the Comparer tab. About a second in the worker; an invalid
// scenario gives nothing here (its problems are reported with the figures).
import type * as Comlink from 'comlink';
import { useMemo } from 'react';
import type { DbWorkerApi } from '../../common/worker-api';
import type { Specialty } from '../../workers/engine/domain';
import { useWorkerQuery } from './use-worker-query';

export interface CommuneApl {
  before: Float64Array | null;
  after: Float64Array;
}

/** The APL of the current question, or null while it is computed (or not wanted). */
export function useCommuneApl(
  db: Comlink.Remote<DbWorkerApi> | null,
  wanted: boolean,
  specialty: Specialty,
  evaluated: { target: unknown | null; reference: unknown | null },
  /** With the reference's APL (the comparison). */
  withReference: boolean,
): CommuneApl | null {
  const key = useMemo(() => JSON.stringify([specialty, evaluated]), [specialty, evaluated]);
  const apl = useWorkerQuery<(CommuneApl & { key: string }) | null>(
    () => {
      if (!db || !wanted) return null;
      return (async () => {
        const after = await db.accessibility(specialty, evaluated.target);
        const before = withReference ? await db.accessibility(specialty, evaluated.reference) : null;
        return after ? { key, before, after } : null;
      })();
    },
    [db, wanted, specialty, evaluated, withReference, key],
  ).data;
  // An answer for another question (kept while it runs) is not this one's.
  return apl?.key === key ? apl : null;
}
