import type { Request, RequestHandler, Response, Router } from 'express';
import type { EffectiveRollout } from '../../config/index.ts';
import type { Db, JobQueue } from '../../db/index.ts';
import { InputError } from '../../errors.ts';
import type { KeptGapReports } from '../../gaps/index.ts';
import type { PrHost } from '../../git/index.ts';
import type { Logger } from '../../logger.ts';
import type { SearchIndex } from '../../search/index.ts';
import type { Html } from './html.ts';
import type { PageContext } from './layout.ts';

export type AdminOptions = {
  /** ADMIN_TOKEN: what reviewers sign in with. */
  token: string;
  db: Db;
  queue: JobQueue;
  /** The job kind that extracts a conversation. */
  extractJob: string;
  /** The effective rollout of the version this server answers with. */
  rollout: () => EffectiveRollout;
  /** The version this server answers with. */
  version: () => string;
  /** The SOP documents of the version this server answers with: what a reviewer can name as the one that should have answered. */
  documents: () => { path: string; title: string }[];
  /** The search index of the version this server answers with: each gap topic's closest SOP. */
  index: () => SearchIndex;
  /** Where proposals go; null when extraction is not configured. */
  host: PrHost | null;
  /** The SOP folder's path in the proposals' repository (`sops`). */
  sopsPath: string;
  log: Logger;
  now?: () => Date;
  /**
   * The Gaps page's kept reports; the service gives ones it keeps warm and stops on shutdown. Without
   * them the router keeps its own, computed when viewed.
   */
  gaps?: KeptGapReports;
};

/**
 * What every page of the dashboard is built with, once signed in: the options, and the helpers that
 * answer (a page in the layout, a 404, a failure as a page that says what to do) and name the reviewer.
 */
export type AdminKit = {
  options: AdminOptions;
  db: Db;
  log: Logger;
  now: () => Date;
  /** Where proposals go, as the pages name it (`local`, `github`, or null when extraction is off). */
  target: { kind: PrHost['kind'] | null };
  /** A page or action under the menu entry `current`; its failures become a page that says what happened and what to do. */
  handle(current: string, fn: (req: Request, res: Response) => Promise<void>): RequestHandler;
  /** A page in the layout, with the notice its `done=` query names. */
  send(req: Request, res: Response, title: string, current: string, body: Html, status?: number): void;
  notFound(res: Response, current: string, what: Html): void;
  /** The signed-in reviewer and their CSRF token, for forms. */
  context(res: Response, current?: string): PageContext;
  /** Who acted, as stored with a verdict, a review or a rollback: `dashboard: <name>`. */
  by(res: Response): string;
};

/** Mounts one area of the dashboard (its pages and actions) on the signed-in router. */
export type AdminRoutes = (router: Router, kit: AdminKit) => void;

export const number01 = (field: string, value: unknown): number | undefined => {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isFinite(n) || n < 0 || n > 1)
    throw new InputError(`${field}: must be a number from 0 to 1, got "${String(value)}"`);
  return n;
};
export const day = (field: string, value: unknown): string | undefined => {
  if (value === undefined || value === '') return undefined;
  // A day that does not exist (2024-02-30) is refused, not rolled over to another.
  const real =
    typeof value === 'string' &&
    /^\d{4}-\d{2}-\d{2}$/.test(value) &&
    !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) &&
    new Date(`${value}T00:00:00Z`).toISOString().startsWith(value);
  if (!real) throw new InputError(`${field}: must be a date written YYYY-MM-DD, got "${String(value)}"`);
  return value;
};
const MAX_PAGE = 100_000;
export const page = (value: unknown) => {
  if (value === undefined || value === '') return 1;
  const n = Number(value);
  if (typeof value !== 'string' || !Number.isInteger(n) || n < 1 || n > MAX_PAGE)
    throw new InputError(`page: must be a whole number from 1 to ${MAX_PAGE}, got "${String(value)}"`);
  return n;
};
