// One hook for the page's questions to the DB worker, with cancellation in one place: when its inputs
// change (or the page goes away) the answer of the previous question is dropped, so that an older, slower
// answer never overwrites a newer one. eslint checks the dependency list of every call (react-hooks
// exhaustive-deps, `additionalHooks` in eslint.config.js), as for useEffect.
import { useEffect, useRef, useState, type DependencyList } from 'react';

export interface WorkerQuery<T> {
  /** The last answer (kept while the next question runs, unless `reset` says otherwise), or null. */
  data: T | null;
  /** The failure of the last question, or null. */
  error: unknown;
  pending: boolean;
}

export interface WorkerQueryOptions {
  /**
   * When the last answer is dropped: 'never' (kept until the next one arrives: the screen does not blink),
   * 'onStart' (as soon as the question changes: never shown for another territory), or 'whenIdle' (when the
   * question is not asked any more, e.g. the comparison once no scenario is compared).
   */
  reset?: 'never' | 'onStart' | 'whenIdle';
  /** Called with a failure of a question still current (e.g. the page's error banner). */
  onError?: (error: unknown) => void;
}

type Reset = NonNullable<WorkerQueryOptions['reset']>;

/** The state once a question is asked: pending, with the last answer unless it must not be shown any more. */
export const askedState = <T>(s: WorkerQuery<T>, reset: Reset): WorkerQuery<T> => ({ data: reset === 'onStart' ? null : s.data, error: null, pending: true });

/** The state when nothing is asked: the last answer kept ('never') or dropped; the same object when nothing changes (no render). */
export function idleState<T>(s: WorkerQuery<T>, reset: Reset): WorkerQuery<T> {
  if (reset === 'never') return s.pending ? { ...s, pending: false } : s;
  return s.data === null && !s.pending && s.error === null ? s : { data: null, error: null, pending: false };
}

/** The state after a failure: the last answer stays (or not, per `reset`, already applied when asked). */
export const failedState = <T>(s: WorkerQuery<T>, error: unknown): WorkerQuery<T> => ({ ...s, error, pending: false });

/**
 * Asks the worker `query(signal, publish)` whenever `deps` change. `query` returns null when there is nothing to
 * ask (no pack loaded yet, the view does not need it), else a promise of the answer; `publish` shows a partial
 * answer first (e.g. the comparison without its slower APL part). `signal` is aborted when the question is
 * superseded: the query may check it before side effects such as the benchmark's marks.
 */
export function useWorkerQuery<T>(
  query: (signal: AbortSignal, publish: (partial: T) => void) => Promise<T> | null,
  deps: DependencyList,
  options: WorkerQueryOptions = {},
): WorkerQuery<T> {
  const [state, setState] = useState<WorkerQuery<T>>({ data: null, error: null, pending: false });
  const reset = options.reset ?? 'never';
  const onError = useRef(options.onError);
  useEffect(() => {
    onError.current = options.onError;
  });

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const asked = query(signal, (partial) => {
      if (!signal.aborted) setState((s) => ({ ...s, data: partial }));
    });
    if (asked === null) {
      setState((s) => idleState(s, reset));
      return;
    }
    setState((s) => askedState(s, reset));
    asked.then(
      (data) => {
        if (!signal.aborted) setState({ data, error: null, pending: false });
      },
      (error: unknown) => {
        if (signal.aborted) return;
        setState((s) => failedState(s, error));
        onError.current?.(error);
      },
    );
    return () => controller.abort();
    // The caller's dependencies, checked at each call site by exhaustive-deps (additionalHooks).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, deps);

  return state;
}
