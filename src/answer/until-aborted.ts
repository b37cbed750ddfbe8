/**
 * Settles with `promise`, or rejects with the signal's reason as soon as it aborts. The OpenAI SDK
 * sleeps out any \`retry-after\` before its next attempt without looking at the signal, so a deadline
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
