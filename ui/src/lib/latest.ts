// Loads whose answers may arrive out of order (a slow report for an older date after a quick one
// for a newer date): only the answer to the latest request is applied; older ones are dropped.

export interface LatestHandlers<Q, R> {
  /** The answer to the latest request. */
  result(value: R, query: Q): void;
  /** The latest request failed (older failures are dropped like older answers). */
  error?(error: unknown, query: Q): void;
  /** True while the latest request is under way, false once it has settled. */
  busy?(busy: boolean): void;
}

export interface Latest<Q> {
  (query: Q): Promise<void>;
  /** Drops whatever is under way: its answer, when it comes, is ignored. */
  cancel(): void;
}

/** Wraps `load` so that each call supersedes the ones before it. */
export function latestOnly<Q, R>(load: (query: Q) => Promise<R>, handlers: LatestHandlers<Q, R>): Latest<Q> {
  let seq = 0;

  const run = (async (query: Q): Promise<void> => {
    const mine = ++seq;
    handlers.busy?.(true);
    try {
      const value = await load(query);
      if (mine === seq) handlers.result(value, query);
    } catch (error) {
      if (mine === seq) handlers.error?.(error, query);
    } finally {
      if (mine === seq) handlers.busy?.(false);
    }
  }) as Latest<Q>;

  run.cancel = (): void => {
    seq++;
    handlers.busy?.(false);
  };
  return run;
}
