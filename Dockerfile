# One image for every role; the command picks it: `npm run api` (default), `npm run worker`, `npm run sandbox`.
FROM node:20-bookworm-slim

ENV NODE_ENV=production
# A container is reached through its own interface, so the API listens on all of them; production refuses the public
# local secrets anyway, and the sandbox (`npm run sandbox`) stays on loopback unless given --host and its own secret.
ENV HOST=0.0.0.0
WORKDIR /app

COPY package.json package-lock.json ./
# Dev tools (vitest, drizzle-kit, biome) stay out; tsx runs the TypeScript sources directly.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
# Workers run the workflow bundle built here, from the same sources, instead of bundling at start (about 130 MB of
# a worker's memory that it never gives back); see README "Performance".
RUN npm run build:workflows -- /app/dist/workflow-bundle.js
ENV WORKER_WORKFLOW_BUNDLE=/app/dist/workflow-bundle.js
RUN chown -R node:node /app
USER node

EXPOSE 3000
CMD ["npm", "run", "api"]
