# Xiaoyuan: API (serving the built admin app) and worker in one image.
# Build from the repository root: docker build -t xiaoyuan .
# Default command: `npm start` (API + worker). The Kubernetes manifests run api/worker/migrate
# as separate containers of this same image.

FROM node:20-bookworm-slim AS build
WORKDIR /app
ENV CI=true TURBO_TELEMETRY_DISABLED=1
# The lock is written by npm 11 (package.json "packageManager"); the image ships npm 10.
RUN npm install -g npm@11.19.1 --no-audit --no-fund
COPY . .
# Start from the lock file alone, whatever the build context carried along.
RUN rm -rf .git node_modules packages/*/node_modules packages/*/dist .turbo \
 && npm ci --no-audit --no-fund \
 && npm run build \
 && npm prune --omit=dev --no-audit --no-fund \
 && rm -rf .turbo packages/*/.turbo .env

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production PORT=4000
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["npm", "start"]
