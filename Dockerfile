# Xiaoer's production image: `docker build -t xiaoer .`, or `docker compose up --build`
# (docker-compose.yml, docs/operations.md).

# ---------- build: dependencies, the compiled server, the web apps ----------
FROM node:20-bookworm-slim AS build
# better-sqlite3 compiles from source when its prebuilt binary cannot be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
# node-gyp takes Node's headers from the image instead of downloading them.
ENV npm_config_nodedir=/usr/local
WORKDIR /app

# Dependencies first, in their own layer, rebuilt only when the lockfile changes. --ignore-scripts:
# `npm ci` would run the package's `prepare` script (= `npm run build`) before the sources are
# here. `npm rebuild` then runs the dependencies' install scripts (better-sqlite3's native build,
# esbuild's check); it does not run the package's own `prepare`.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts && npm rebuild

# What `npm run build` reads: tsc over src/ (tsconfig.build.json), Vite over web/widget, web/agent and web/admin.
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY web ./web
RUN npm run build \
 && npm prune --omit=dev

# ---------- runtime ----------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    XIAOER_DATA_DIR=/data
WORKDIR /app

# Exactly what `node dist/server/main.js` reads at run time:
#   package.json   "type": "module" (dist/ is ES modules)
#   node_modules   production dependencies only, better-sqlite3 compiled for this base image;
#                  the jieba dictionary ships inside @node-rs/jieba (dict.js)
#   dist/          the server (dist/server, its knowledge worker thread dist/server/knowledge-worker.js),
#                  the CLI (dist/cli) and the built web apps (dist/web/widget, dist/web/agent, dist/web/admin)
#   shops/         XIAOER_DEMO_SHOP defaults to /app/shops/demo-zh; the other example bundles can be
#                  imported with the CLI
#   bin/           the `xiaoer` command (docker compose exec xiaoer-1 node bin/xiaoer.js shop releases demo-zh)
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY shops ./shops
COPY bin ./bin

# The code stays root-owned and read-only to the process; only /data is writable by it (SQLite
# when DATABASE_URL is unset). A named volume mounted there starts with this ownership.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node

EXPOSE 3000
# Liveness only: /healthz answers while the process does, also when the database is down (a restart
# would not bring the database back). Readiness is /readyz, for the load balancer. No curl in slim.
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM starts the graceful stop (docs/operations.md, "Rolling restarts"); give it
# XIAOER_DRAIN_SECONDS plus a margin: `docker stop -t`, compose's stop_grace_period.
STOPSIGNAL SIGTERM
CMD ["node", "dist/server/main.js"]
