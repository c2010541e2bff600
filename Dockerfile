# A small production image. The first stage compiles the server (npm run build → dist/main.js);
# the image itself has no dev dependencies and starts compiled JavaScript, with no transpiling.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The postinstall step applies patches/ (a fix to a dependency not yet released upstream).
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY src ./src
COPY scripts ./scripts
# The build also makes the embedded database's template, from every migration.
COPY migrations ./migrations
RUN npm run build

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY patches ./patches
RUN npm ci --omit=dev --no-audit --no-fund
COPY tsconfig.json ./
# src/ stays: the console's sources are bundled for the browser at start, and the booking page's
# script and the build's fingerprint are read from it (an unchanged fingerprint: no rebuild).
COPY src ./src
COPY scripts ./scripts
COPY migrations ./migrations
COPY --from=build /app/dist ./dist
ENV PORT=3000 DATA_DIR=/data
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
EXPOSE 3000
USER node
CMD ["node", "scripts/start.js"]
