import type { PGlite } from '@electric-sql/pglite';
import { createBackendScanner } from './backend-messages.ts';

/** The part of PGlite that `PGLiteSocketServer` uses. */
export type SocketDb = Pick<PGlite, 'waitReady' | 'isInTransaction' | 'runExclusive' | 'execProtocolRawStream' | 'exec'>;

export type SocketSession = {
  /** What the socket server is given instead of the PGlite instance itself. */
  db: SocketDb;
  /** True while a socket client owns the session (its transaction or protocol exchange is open). */
  busy(): boolean;
  /** Ends what a socket client left open (a transaction, an unfinished exchange) and hands the session back. */
  abort(): Promise<void>;
};

const TERMINATE = 0x58; // 'X': PGlite answers nothing
const SYNC = Uint8Array.from([0x53, 0, 0, 0, 4]);

/**
 * PGlite is one PostgreSQL session. Socket clients and this process's own queries take turns on it
 * whole: a socket client holds PGlite's transaction lock from its first message until the session
 * is idle again (ReadyForQuery outside a transaction), so its transaction, or a Parse..Sync exchange,
 * never has this process's statements run inside it, nor runs inside this process's transaction.
 * `pglite-socket` serialises messages only one at a time (`runExclusive`), which PGlite's own
 * `query` and `transaction` do not wait for between statements.
 */
export function createSocketSession(pglite: PGlite, onNotification: (channel: string, payload: string) => void): SocketSession {
  /** PGlite's transaction lock, held for socket clients: resolves to the function that frees it. */
  let held: Promise<() => void> | null = null;
  /**
   * The holding client's first message has finished, so the server knows it as the owner. Until
   * then the server must not take the session for an owner that is no longer (a client that went
   * away while the next one's first message ran would otherwise have that one rolled back).
   */
  let owned = false;
  /** A message was sent whose exchange ends with a ReadyForQuery not yet seen. */
  let awaitingReady = false;
  const scan = createBackendScanner((event) => {
    if (event.type === 'ready') awaitingReady = false;
    else onNotification(event.channel, event.payload);
  });

  const hold = () =>
    (held ??= new Promise((acquired) => {
      void pglite._runExclusiveTransaction(() => new Promise<void>((release) => acquired(release)));
    }));
  const releaseIfIdle = async (force = false) => {
    if (!held || (!force && (awaitingReady || pglite.isInTransaction()))) return;
    const release = held;
    held = null;
    owned = false;
    (await release)();
  };
  const raw = (message: Uint8Array, onRawData: (data: Uint8Array) => void = () => {}) => {
    if (message[0] !== TERMINATE) awaitingReady = true;
    return pglite.execProtocolRawStream(message, {
      onRawData: (data) => {
        scan(data);
        onRawData(data);
      },
    });
  };
  const abort = async () => {
    const mine = held;
    if (!mine) return;
    await mine; // the session is this client's before anything is rolled back: never this process's own transaction
    try {
      await pglite.runExclusive(async () => {
        if (held !== mine) return;
        if (awaitingReady) await raw(SYNC);
        if (pglite.isInTransaction()) await raw(simpleQuery('ROLLBACK'));
      });
    } finally {
      if (held === mine) {
        awaitingReady = false;
        await releaseIfIdle(true);
      }
    }
  };

  return {
    db: {
      get waitReady() {
        return pglite.waitReady;
      },
      // While true the server hands the session only to the client that owns it.
      isInTransaction: () => held !== null && owned,
      runExclusive: async <T>(fn: () => Promise<T>) => {
        const mine = hold();
        await mine;
        try {
          // Taken back meanwhile (its client went away, or the server stops): the message is dropped.
          return await pglite.runExclusive(async () => (held === mine ? fn() : (undefined as T)));
        } finally {
          if (held === mine) {
            owned = true;
            await releaseIfIdle();
          }
        }
      },
      execProtocolRawStream: (message, { onRawData }) => raw(message, onRawData),
      // The server calls this only to roll back the transaction of a client that went away.
      exec: async () => {
        await abort();
        return [];
      },
    },
    busy: () => held !== null,
    abort,
  };
}

/** A simple-protocol Query message. */
function simpleQuery(sql: string): Uint8Array {
  const text = Buffer.from(`${sql}\0`, 'utf8');
  const message = Buffer.alloc(5 + text.length);
  message[0] = 0x51; // 'Q'
  message.writeInt32BE(4 + text.length, 1);
  text.copy(message, 5);
  return message;
}
