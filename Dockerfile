# mohar service image. Build: `docker build -t mohar .`; run with MinIO: `docker compose up --build`.

# Both stages use one base image pinned by digest, so a rebuild gets the same bytes until the pin is
# moved on purpose. This digest is node:24-bookworm-slim as published on Docker Hub (Node 24.18.0);
# it was taken from public projects that pin it (no registry is reachable where it was written,
# 2026-12-05): three independent repositories' Dockerfiles and notes, one dated 2026-07-19 naming
# 24.18.0. Refresh it with `docker buildx imagetools inspect node:24-bookworm-slim` (the top-level
# "Digest:", the multi-platform index) and replace it on both FROM lines.
# Build stage: dev dependencies for the TypeScript compile, then pruned to production ones.
FROM node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

# Runtime stage: only what `node dist/cli.js serve` needs, owned by root and read-only for the app.
FROM node:24-bookworm-slim@sha256:6f7b03f7c2c8e2e784dcf9295400527b9b1270fd37b7e9a7285cf83b6951452d AS runtime
# MOHAR_ENV=production: the service refuses to start on any development default (dev PKI, its
# password, dev root, dev TSA) and names each; the image carries no development keys.
ENV NODE_ENV=production \
    MOHAR_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    DATA_DIR=/app/data \
    AUDIT_KEY_FILE=/app/keys/audit-key.pem
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The web console's static files, served by src/http/consoleAssets.ts.
COPY --from=build /app/console ./console
# The process writes only the local-disk store (STORE=fs) and the audit log key, which is kept
# apart from the store; mount a volume or a secret on each to keep them across containers. (Node's
# compile cache goes to /home/node/.cache/mohar: a cache, lost with the container at no harm.)
RUN mkdir -p /app/data /app/keys && chown node:node /app/data /app/keys
VOLUME ["/app/data", "/app/keys"]
# "node" (uid 1000) is the unprivileged user that ships with the official image.
USER node
EXPOSE 8080
# The slim image has no curl; Node's global fetch does the probe.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/cli.js", "serve"]
