# One image for every role; the command picks it: `npm run api` (default), `npm run worker`, `npm run sandbox`.
FROM node:20-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

COPY package.json package-lock.json ./
# Dev tools (vitest, drizzle-kit, biome) stay out; tsx runs the TypeScript sources directly.
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

COPY . .
RUN chown -R node:node /app
USER node

EXPOSE 3000
CMD ["npm", "run", "api"]
