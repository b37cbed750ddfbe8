# The sop service (`sop serve`), also run as `sop worker` and `sop migrate` (see compose.yaml).
# Linted by test/container.test.ts; built and started for real by .github/workflows/image.yml.

# Stage 1: every dependency, so the shipped sources are typechecked and the SOPs linted before an
# image exists. The runtime stage copies its sources from here, so this stage always runs.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY lib ./lib
COPY src ./src
COPY migrations ./migrations
COPY sops ./sops
COPY calibration ./calibration
COPY evals ./evals
COPY rollout.yaml ./
RUN npm run typecheck && node bin/sop.js lint sops

# Stage 2: production dependencies only (tsx, which runs the TypeScript, is one of them).
FROM node:22-bookworm-slim AS runtime
# tini is PID 1: it forwards SIGTERM to node and reaps zombies, without depending on `docker run --init`.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    PORT=3000 \
    DATA_DIR=/app/.data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund \
 && npm cache clean --force
# Owned by root and read-only to the service: it cannot rewrite its own code or SOPs.
COPY --from=build /app/tsconfig.json ./
COPY --from=build /app/bin ./bin
COPY --from=build /app/lib ./lib
COPY --from=build /app/src ./src
COPY --from=build /app/migrations ./migrations
COPY --from=build /app/sops ./sops
COPY --from=build /app/calibration ./calibration
COPY --from=build /app/evals ./evals
COPY --from=build /app/rollout.yaml ./
# The one writable folder: PGlite's data when DATABASE_URL is unset (one container only).
RUN mkdir -p /app/.data && chown 1000:1000 /app/.data
# The node image's unprivileged `node` user, by number so Kubernetes' runAsNonRoot can verify it.
USER 1000:1000
EXPOSE 3000
# Liveness with node itself (the slim image has no curl); the index is built at the first start.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful shutdown (SHUTDOWN_GRACE_MS, then SHUTDOWN_TIMEOUT_MS): node is
# exec'd by tini directly, never through npm or a shell, so the signal reaches it.
STOPSIGNAL SIGTERM
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/sop.js"]
CMD ["serve"]
