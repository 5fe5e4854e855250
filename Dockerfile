# Wasl gateway. Two stages: the first installs every dependency and compiles src/ with tsc (npm run
# build); the second installs production dependencies only and runs the compiled JavaScript with plain
# node (no tsx at start-up). Data files (schemas/, profiles/, package.json) are read from the package
# root, /app, not from dist/. test/ is not in the build context (.dockerignore): the build's first step,
# src/data-gen/rule-tests.ts, finds no test/ and leaves nothing to do, and `wasl rules` names the tests
# proving each rule from schemas/rules/rule-tests.json, generated and committed from the checkout.
#
#   docker build -t wasl .
#   docker run --rm -p 8080:8080 -v wasl-data:/data -e WASL_PUBLIC_URL=http://localhost:8080 wasl
#
# WASL_PUBLIC_URL must be the base URL clients use: the token endpoint only accepts client
# assertions whose audience is `<WASL_PUBLIC_URL>/auth/token` (default http://127.0.0.1:8080).
# The first start initialises /data (dev CA, gateway key, demo participants) like `wasl init`.
# `docker exec <container> wasl token N-F-00001` runs the CLI inside the image.
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# tsx (a production dependency, installed above) runs the data generator before tsc.
RUN npm run build

FROM node:24-bookworm-slim
ENV NODE_ENV=production
WORKDIR /app

# Dependencies first, so editing the source does not reinstall them. lmdb and msgpackr ship
# prebuilt binaries for linux x64/arm64 (glibc): no compiler is needed.
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# The application stays owned by root (read-only for the service user); only /data is writable.
COPY schemas ./schemas
COPY profiles ./profiles
COPY examples ./examples
COPY bin ./bin
COPY --from=build /src/dist ./dist
RUN ln -s /app/bin/wasl.mjs /usr/local/bin/wasl

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
CMD ["node", "dist/src/cli/wasl.js", "start"]
