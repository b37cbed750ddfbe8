/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts. The OpenAI SDK
 * sleeps out any `retry-after` before its next attempt without looking at the signal, so a deadline
 * has to be raced, not only passed in.
 */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * Settles with `promise`, or rejects with "no answer within `ms` ms" once that long has passed; the
 * timer goes with the promise, so nothing waits on it. The one timeout of the service: readiness
 * checks, the router's calls of the SOP module and the Assistant.
 */
export function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer within ${ms} ms`)), ms);
  return untilAborted(promise, controller.signal).finally(() => clearTimeout(timer));
}
