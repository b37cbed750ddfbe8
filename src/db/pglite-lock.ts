import { existsSync, mkdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const LOCK = 'sop.lock';
/** Beside the lock: `{ pid, path }` of the Unix socket on which the lock's holder shares the database. */
const SOCKET_RECORD = 'sop.socket';

/**
 * Takes the data folder for this process, refusing one a live process holds (two processes would
 * overwrite each other's committed rows). A lock or socket left by a process that died is taken over.
 * Returns the function that frees it.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
    clearSocketRecord(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const holder = readHolder(dataDir);
    if (holder && holder !== process.pid && isAlive(holder)) throw inUseError(dataDir, holder);
    if (holder !== process.pid) clearSocketRecord(dataDir);
    writeFileSync(path, String(process.pid)); // left by a process that died: take it over
  }
  return () => {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  };
}

/**
 * The socket on which another live process shares the database in `dataDir`; null when no other
 * process holds it (this one may open it). A holder that shares nothing is an error naming the fix;
 * one that started within the last seconds is given a moment to open its socket.
 */
export async function findSharedSocket(dataDir: string, waitMs = 5000): Promise<string | null> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const holder = readHolder(dataDir);
    if (!holder || holder === process.pid || !isAlive(holder)) return null;
    const record = readSocketRecord(dataDir);
    if (record?.pid === holder && existsSync(record.path)) return record.path;
    if (Date.now() >= deadline || !startedRecently(dataDir)) throw inUseError(dataDir, holder);
    await sleep(100);
  }
}

/** Records where this process shares the database (read by `findSharedSocket`). */
export function writeSocketRecord(dataDir: string, socketPath: string): void {
  writeFileSync(join(dataDir, SOCKET_RECORD), JSON.stringify({ pid: process.pid, path: socketPath }), { mode: 0o600 });
}

/** Removes the socket record, and the socket file it names (left behind only by a process that died). */
export function clearSocketRecord(dataDir: string): void {
  const record = readSocketRecord(dataDir);
  if (record && (record.pid === process.pid || !isAlive(record.pid))) rmSync(record.path, { force: true });
  rmSync(join(dataDir, SOCKET_RECORD), { force: true });
}

function inUseError(dataDir: string, holder: number): Error {
  return new Error(
    `the embedded database in ${dataDir} is in use by process ${holder}, which does not share it: PGlite serves one process, and only \`sop serve\` shares it with other commands (over a socket beside its lock); stop that process, run this command while \`sop serve\` runs, or set DATABASE_URL to share PostgreSQL`,
  );
}

function readHolder(dataDir: string): number | null {
  try {
    return Number(readFileSync(join(dataDir, LOCK), 'utf8')) || null;
  } catch {
    return null;
  }
}

function readSocketRecord(dataDir: string): { pid: number; path: string } | null {
  try {
    const record = JSON.parse(readFileSync(join(dataDir, SOCKET_RECORD), 'utf8')) as { pid?: unknown; path?: unknown };
    return typeof record.pid === 'number' && typeof record.path === 'string' ? { pid: record.pid, path: record.path } : null;
  } catch {
    return null;
  }
}

function startedRecently(dataDir: string): boolean {
  try {
    return Date.now() - statSync(join(dataDir, LOCK)).mtimeMs < 30_000;
  } catch {
    return false;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
