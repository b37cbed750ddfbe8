/** What a PostgreSQL backend said that the shared PGlite session acts on. */
export type BackendEvent = { type: 'ready'; status: 'I' | 'T' | 'E' } | { type: 'notification'; channel: string; payload: string };

const READY = 0x5a; // 'Z' ReadyForQuery
const NOTIFICATION = 0x41; // 'A' NotificationResponse

/**
 * Reads a backend's output as it streams (chunks split messages anywhere) and reports its
 * ReadyForQuery and NotificationResponse messages; every other message is skipped by its length,
 * so a large row costs nothing but the count.
 */
export function createBackendScanner(onEvent: (event: BackendEvent) => void): (chunk: Uint8Array) => void {
  let header = Buffer.alloc(0);
  let type = 0;
  let remaining = -1; // body bytes still to read; -1 while reading a header
  let body: Buffer[] = [];

  const finish = () => {
    if (type === READY || type === NOTIFICATION) {
      const bytes = Buffer.concat(body);
      if (type === READY) onEvent({ type: 'ready', status: String.fromCharCode(bytes[0] ?? 0x49) as 'I' | 'T' | 'E' });
      else {
        // int32 process id, then the channel and the payload as NUL-terminated strings.
        const channelEnd = bytes.indexOf(0, 4);
        const payloadEnd = bytes.indexOf(0, channelEnd + 1);
        onEvent({ type: 'notification', channel: bytes.toString('utf8', 4, channelEnd), payload: bytes.toString('utf8', channelEnd + 1, payloadEnd) });
      }
    }
    body = [];
    remaining = -1;
  };

  return (chunk) => {
    const data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let at = 0;
    while (at < data.length) {
      if (remaining < 0) {
        const take = Math.min(5 - header.length, data.length - at);
        header = Buffer.concat([header, data.subarray(at, at + take)]);
        at += take;
        if (header.length < 5) return;
        type = header[0]!;
        remaining = header.readInt32BE(1) - 4;
        header = Buffer.alloc(0);
        if (remaining === 0) finish();
        continue;
      }
      const take = Math.min(remaining, data.length - at);
      if (type === READY || type === NOTIFICATION) body.push(Buffer.from(data.subarray(at, at + take)));
      at += take;
      remaining -= take;
      if (remaining === 0) finish();
    }
  };
}
