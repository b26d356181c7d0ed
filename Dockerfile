# Equip: one image for the api, the worker and the one-shot cli (migrate, seed-demo).
#   docker build -t equip:local .
# Stages: deps (npm ci) -> build (nx build, then drop dev dependencies) -> runtime (slim, non-root).

ARG NODE_IMAGE=node:24-bookworm-slim

# --- deps: every dependency, exactly as locked. Only the manifests are copied, so this layer is
# reused until package-lock.json changes. argon2, nx and swc ship prebuilt native binaries for
# linux (x64 and arm64, glibc), so no compiler toolchain is needed.
FROM ${NODE_IMAGE} AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

# --- build: compile the apps, then remove dev dependencies from node_modules for the runtime stage.
FROM deps AS build
ENV NX_DAEMON=false \
    NX_NO_CLOUD=true
COPY . .
RUN npx nx run-many -t build --projects=api,worker,cli,web \
 && npm prune --omit=dev --no-audit --no-fund

# --- runtime: production dependencies and compiled output only, run as the unprivileged `node` user.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    WEB_DIST=dist/apps/web/browser
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# The course catalog as files; the cli syncs it into the database.
COPY --from=build /app/content ./content
# The code stays root-owned and read-only to the app; only this scratch folder (mail files when
# SMTP_URL is unset, and similar local output) is writable by it.
RUN mkdir -p /app/.local && chown node:node /app/.local
USER node
EXPOSE 3000
# For the api. The worker has no HTTP port: its compose service disables this check.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://localhost:3000/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/apps/api/apps/api/src/main.js"]
