# Wasl gateway. TypeScript runs through tsx at runtime (a production dependency), so there is
# no build step and devDependencies (typescript, vitest, autocannon, @types) are not installed.
#
#   docker build -t wasl .
#   docker run --rm -p 8080:8080 -v wasl-data:/data -e WASL_PUBLIC_URL=http://localhost:8080 wasl
#
# WASL_PUBLIC_URL must be the base URL clients use: the token endpoint only accepts client
# assertions whose audience is `<WASL_PUBLIC_URL>/auth/token` (default http://127.0.0.1:8080).
# The first start initialises /data (dev CA, gateway key, demo participants) like `wasl init`.
FROM node:24-bookworm-slim

ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so editing the source does not reinstall them. lmdb and msgpackr ship
# prebuilt binaries for linux x64/arm64 (glibc): no compiler is needed.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The application stays owned by root (read-only for the service user); only /data is writable.
COPY . .

RUN mkdir -p /data && chown node:node /data
ENV WASL_HOST=0.0.0.0 \
    WASL_PORT=8080 \
    WASL_DATA_DIR=/data
VOLUME /data
EXPOSE 8080

USER node

HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.WASL_PORT || 8080) + '/healthz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]

# Node itself is PID 1's only child, not npm: `docker stop` sends SIGTERM to the gateway, which
# finishes in-flight requests and answers waiting providers `queued` before it exits (npm would
# exit at once and leave node to be killed).
CMD ["node", "--import", "tsx", "src/cli/wasl.ts", "start"]
