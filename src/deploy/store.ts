import { gunzipSync, gzipSync } from 'node:zlib';
import type { SerializedKnowledge } from '../answer/index.ts';
import type { RolloutFile } from '../config/index.ts';
import type { Queryable } from '../db/index.ts';

/** Serialises deploys across replicas and machines: one advisory lock key. */
export const DEPLOY_LOCK = 7_302_514;
/** Activations are announced on this channel (PostgreSQL NOTIFY); replicas also poll. */
export const DEPLOY_CHANNEL = 'sop_deployments';

export type DeploymentSummary = {
  version: string;
  createdAt: Date;
  deployedBy: string;
  commitMessage: string | null;
  contentHash: string;
  embedder: string;
  sections: number;
  embedded: number;
  health: 'passed' | 'failed';
  healthReport: Record<string, unknown>;
};

export type StoredContent = { knowledge: SerializedKnowledge; rollout: RolloutFile | null };
export type StoredDeployment = DeploymentSummary & StoredContent;
export type ActiveState = { version: string; pinned: boolean; activatedAt: Date; activatedBy: string };

type Row = {
  version: string;
  created_at: Date;
  deployed_by: string;
  commit_message: string | null;
  content_hash: string;
  embedder: string;
  sections: number;
  embedded: number;
  health: 'passed' | 'failed';
  health_report: Record<string, unknown>;
};

const SUMMARY = 'version, created_at, deployed_by, commit_message, content_hash, embedder, sections, embedded, health, health_report';
const summary = (r: Row): DeploymentSummary => ({
  version: r.version,
  createdAt: new Date(r.created_at),
  deployedBy: r.deployed_by,
  commitMessage: r.commit_message,
  contentHash: r.content_hash,
  embedder: r.embedder,
  sections: r.sections,
  embedded: r.embedded,
  health: r.health,
  healthReport: r.health_report,
});

/**
 * Stores a version, stamped with the time of the insert (under the deploy lock), not the start of its
 * transaction: a deploy that waited for another is newer than it, which --unpin, --rollback and pruning rely on.
 */
export async function insertDeployment(db: Queryable, d: Omit<StoredDeployment, 'createdAt'>): Promise<void> {
  await db.query(
    `INSERT INTO deployments (version, created_at, deployed_by, commit_message, content_hash, embedder, knowledge, rollout, rollout_version, sections, embedded, health, health_report)
     VALUES ($1, clock_timestamp(), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
    [
      d.version,
      d.deployedBy,
      d.commitMessage,
      d.contentHash,
      d.embedder,
      gzipSync(JSON.stringify(d.knowledge)),
      d.rollout === null ? null : JSON.stringify(d.rollout),
      d.version,
      d.sections,
      d.embedded,
      d.health,
      JSON.stringify(d.healthReport),
    ],
  );
}

/**
 * A version's content as `loadDeployment` reads it back once stored: the knowledge through JSON, the
 * rollout through jsonb (which orders keys its own way). A deploy checks what replicas will load.
 */
export async function asStored(db: Queryable, content: StoredContent): Promise<StoredContent> {
  const rollout = content.rollout === null ? null : JSON.stringify(content.rollout);
  const { rows } = await db.query<{ rollout: RolloutFile | null }>('SELECT $1::jsonb AS rollout', [rollout]);
  return { knowledge: JSON.parse(JSON.stringify(content.knowledge)) as SerializedKnowledge, rollout: rows[0]?.rollout ?? null };
}

export async function findDeployment(db: Queryable, version: string): Promise<DeploymentSummary | null> {
  const { rows } = await db.query<Row>(`SELECT ${SUMMARY} FROM deployments WHERE version = $1`, [version]);
  return rows[0] ? summary(rows[0]) : null;
}

/** A version as a server loads it: the knowledge unzipped and parsed, and its rollout config. */
export async function loadDeployment(db: Queryable, version: string): Promise<StoredDeployment | null> {
  const { rows } = await db.query<Row & { knowledge: Uint8Array; rollout: RolloutFile | null }>(
    `SELECT ${SUMMARY}, knowledge, rollout FROM deployments WHERE version = $1`,
    [version],
  );
  const r = rows[0];
  if (!r) return null;
  return { ...summary(r), knowledge: JSON.parse(gunzipSync(r.knowledge).toString('utf8')) as SerializedKnowledge, rollout: r.rollout };
}

export async function readActive(db: Queryable): Promise<ActiveState | null> {
  const { rows } = await db.query<{ active_version: string; pinned: boolean; activated_at: Date; activated_by: string }>(
    'SELECT active_version, pinned, activated_at, activated_by FROM deployment_state',
  );
  const r = rows[0];
  return r ? { version: r.active_version, pinned: r.pinned, activatedAt: new Date(r.activated_at), activatedBy: r.activated_by } : null;
}

/** Makes `version` the active one and tells every replica (the NOTIFY is delivered at commit). */
export async function activate(db: Queryable, version: string, by: string, pinned: boolean): Promise<void> {
  await db.query(
    `INSERT INTO deployment_state (singleton, active_version, pinned, activated_at, activated_by) VALUES (true, $1, $2, now(), $3)
     ON CONFLICT (singleton) DO UPDATE SET active_version = EXCLUDED.active_version, pinned = EXCLUDED.pinned, activated_at = now(), activated_by = EXCLUDED.activated_by`,
    [version, pinned, by],
  );
  await db.query('SELECT pg_notify($1, $2)', [DEPLOY_CHANNEL, version]);
}

export async function setPinned(db: Queryable, pinned: boolean): Promise<void> {
  await db.query('UPDATE deployment_state SET pinned = $1', [pinned]);
}

/** Every version, newest first. */
export async function listDeployments(db: Queryable): Promise<DeploymentSummary[]> {
  const { rows } = await db.query<Row>(`SELECT ${SUMMARY} FROM deployments ORDER BY created_at DESC, version`);
  return rows.map(summary);
}

/** Deletes all but the newest `keep` versions, never the active one; returns the versions deleted. */
export async function pruneDeployments(db: Queryable, keep: number): Promise<string[]> {
  const { rows } = await db.query<{ version: string }>(
    `DELETE FROM deployments WHERE version IN (
       SELECT version FROM deployments ORDER BY created_at DESC, version OFFSET $1
     ) AND version NOT IN (SELECT active_version FROM deployment_state) RETURNING version`,
    [keep],
  );
  return rows.map((r) => r.version).sort();
}
