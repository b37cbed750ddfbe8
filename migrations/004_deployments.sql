-- Deployments: the SOP index, calibration and rollout config as immutable versions; one is active.

CREATE TABLE deployments (
  version text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  deployed_by text NOT NULL,
  commit_message text,
  content_hash text NOT NULL,
  embedder text NOT NULL,
  knowledge bytea NOT NULL,
  rollout jsonb,
  rollout_version text NOT NULL,
  sections integer NOT NULL,
  embedded integer NOT NULL,
  health text NOT NULL CHECK (health IN ('passed', 'failed')),
  health_report jsonb NOT NULL DEFAULT '{}'::jsonb
);
COMMENT ON TABLE deployments IS 'Immutable versions of the answering knowledge, keyed by the git commit they were built from';
COMMENT ON COLUMN deployments.knowledge IS 'The serialised index, documents, route instructions and calibration, gzipped JSON';
COMMENT ON COLUMN deployments.rollout IS 'The parsed rollout.yaml of the version; null means the built-in default (every route in shadow)';
COMMENT ON COLUMN deployments.embedded IS 'Texts embedded anew for this version; the rest came from the embedding cache';
COMMENT ON COLUMN deployments.health_report IS 'The smoke eval run before activation: gate verdict, reasons and figures';
CREATE INDEX idx_deployments_created_at ON deployments (created_at DESC);

-- The one active version (a single row), and whether a rollback pinned it.
CREATE TABLE deployment_state (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  active_version text NOT NULL REFERENCES deployments (version),
  pinned boolean NOT NULL DEFAULT false,
  activated_at timestamptz NOT NULL DEFAULT now(),
  activated_by text NOT NULL
);
COMMENT ON TABLE deployment_state IS 'Which deployment answers; pinned after a rollback until `sop deploy --unpin`';

-- Embeddings by content: a deploy embeds only texts no earlier deploy has embedded with the same model.
CREATE TABLE embedding_cache (
  embedder text NOT NULL,
  text_hash text NOT NULL,
  vector bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (embedder, text_hash)
);
COMMENT ON TABLE embedding_cache IS 'Vectors of the texts deploys have embedded, keyed by embedder id and SHA-256 of the text';
