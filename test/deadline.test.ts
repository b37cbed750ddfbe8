import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { untilAborted, withinMs } from '../src/deadline.ts';

describe('withinMs', () => {
  it('settles with the promise when it is in time, either way', async () => {
    await expect(withinMs(Promise.resolve('ok'), 50)).resolves.toBe('ok');
    await expect(withinMs(Promise.reject(new Error('broken')), 50)).rejects.toThrow('broken');
  });

  it('rejects naming the deadline when the promise is late', async () => {
    await expect(
      withinMs(
        sleep(200).then(() => 'late'),
        20,
      ),
    ).rejects.toThrow('no answer within 20 ms');
  });
});

describe('untilAborted', () => {
  it("rejects with the signal's reason, even when the signal had aborted already", async () => {
    await expect(untilAborted(sleep(200), AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    const controller = new AbortController();
    const pending = untilAborted(sleep(200), controller.signal);
    controller.abort(new Error('stopped'));
    await expect(pending).rejects.toThrow('stopped');
  });
});
