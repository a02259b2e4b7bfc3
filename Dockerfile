# syntax=docker/dockerfile:1
# The production image (README "Production image"): compiled JavaScript run by node, no tsx, no dev dependencies,
# no tests. One image for every role; the command picks it:
#   API (default)   node dist/api/main.js
#   worker          node dist/worker/main.js
#   sandbox         node dist/sandbox/main.js   (the local test acquirer; never in production)
ARG NODE_IMAGE=node:20-bookworm-slim

# 1. build: every dependency, TypeScript compiled to dist/, the workflow bundle built from the same sources.
FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts/build-dist.mjs scripts/build-workflow-bundle.ts scripts/
COPY scripts/lib/workflow-bundle.ts scripts/lib/
COPY acquiring acquiring
COPY activities activities
COPY api api
COPY catalog catalog
COPY config config
COPY console console
COPY db db
COPY domain domain
COPY observability observability
COPY receivers receivers
COPY runtime runtime
COPY sandbox sandbox
COPY worker worker
COPY workflows workflows
RUN npm run build

# 2. prod-deps: the runtime dependencies only (tsx, vitest, drizzle-kit, biome stay out).
FROM ${NODE_IMAGE} AS prod-deps
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# 3. runtime: dist/, production node_modules and package.json (for "type": "module"), all owned by root so the
# process (user node) cannot change its own code.
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
# Stack traces point at the TypeScript sources; in NODE_OPTIONS so it holds whatever command compose/k8s give.
ENV NODE_OPTIONS=--enable-source-maps
# A container is reached through its own interface, so the API listens on all of them; production refuses the public
# local secrets anyway.
ENV HOST=0.0.0.0
# Workers run the bundle built with the image instead of bundling at start (about 130 MB of RSS; README "Performance").
ENV WORKER_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
# The only writable place: PGlite's files when no DATABASE_URL is given (trying the image alone); mount a volume.
ENV DATA_DIR=/var/lib/movix-billing
WORKDIR /app
COPY package.json ./
COPY --from=prod-deps /src/node_modules node_modules
COPY --from=build /src/dist dist
RUN mkdir -p /var/lib/movix-billing && chown node:node /var/lib/movix-billing
USER node
EXPOSE 3000
# The API's readiness (database and Temporal answer). The worker's container overrides it with its health port:
# node dist/runtime/healthcheck.js http://127.0.0.1:<worker ops port>/ready
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/runtime/healthcheck.js"]
# node is PID 1 and handles SIGTERM itself (API: runtime/shutdown.ts; worker: the Temporal SDK's Runtime), so a stop
# drains within SHUTDOWN_GRACE_SECONDS; give the container SHUTDOWN_GRACE_SECONDS + 10 s (stop_grace_period).
STOPSIGNAL SIGTERM
CMD ["node", "dist/api/main.js"]
