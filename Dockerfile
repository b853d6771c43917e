# syntax=docker/dockerfile:1
#
# One image for every SLMS service. The command picks the process, for example
#   docker run --rm slms:local node services/assets/src/main.ts
#   docker run --rm slms:local node apps/cli/src/main.ts migrate --service assets
# Node 24 runs the TypeScript sources as they are (type stripping), so there is no compile step;
# the build stage only generates code (Prisma clients, proto types) that is gitignored.
#
# Build: docker build -t slms:local .        (see deploy/README.md)

ARG NODE_BUILD_IMAGE=node:24-trixie
ARG NODE_RUNTIME_IMAGE=node:24-trixie-slim

# ---------------------------------------------------------------------------------------------
# manifests: the lockfile and every package.json (paths kept), nothing else. The install layers
# below depend only on this stage's output, so editing a source file does not reinstall.
FROM ${NODE_BUILD_IMAGE} AS manifests
WORKDIR /src
COPY . .
RUN mkdir /manifests \
 && cp package-lock.json /manifests/ \
 && find . -name package.json -not -path '*/node_modules/*' -exec cp --parents '{}' /manifests/ ';'

# ---------------------------------------------------------------------------------------------
# deps: the full dependency tree (dev dependencies included: turbo runs `npm run generate`).
# --ignore-scripts: code generation is run explicitly in the build stage, and the one other
# install script that matters is the root devDependency `node@24`, whose preinstall downloads a
# second Node 24 binary. This image already is Node 24, so that package is removed instead.
FROM ${NODE_BUILD_IMAGE} AS deps
WORKDIR /app
ENV CI=true \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=manifests /manifests/ ./
# `npm install` (not `npm ci`) with the committed lockfile: the lockfile is made on a registry
# mirror that only carries linux-x64 builds of biome/buf/turbo, and `npm ci` refuses a lockfile
# without every platform's optional binaries. `npm install` keeps the locked versions and only
# resolves those optional entries.
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm install --ignore-scripts \
 && rm -rf node_modules/node node_modules/.bin/node

# ---------------------------------------------------------------------------------------------
# build: generate the Prisma clients and proto types, then stage the runtime tree in /out:
# sources, generated code, protos and Prisma migrations; no tests, no node_modules.
FROM deps AS build
# (@slms/db's generate runs the Prisma CLI offline: no engine download during the build.)
ENV TURBO_TELEMETRY_DISABLED=1
COPY . .
RUN npm run generate
RUN mkdir /out \
 && tar -cf - \
      --exclude=node_modules --exclude=.turbo --exclude='*.test.ts' --exclude=test \
      package.json packages services apps protos deploy \
    | tar -xf - -C /out

# ---------------------------------------------------------------------------------------------
# prod-deps: production dependencies only (`npm install --omit=dev`, see deps for why not ci). Everything a service imports at
# run time must be a regular `dependencies` entry of its workspace; the root devDependencies
# (node@24, turbo, vitest, typescript, biome) are not installed here.
FROM ${NODE_BUILD_IMAGE} AS prod-deps
WORKDIR /app
ENV CI=true \
    NPM_CONFIG_AUDIT=false \
    NPM_CONFIG_FUND=false \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=manifests /manifests/ ./
RUN --mount=type=cache,target=/root/.npm,sharing=locked \
    npm install --omit=dev --ignore-scripts

# ---------------------------------------------------------------------------------------------
# runtime: slim Node 24 on the same Debian release as the build stages (prebuilt native packages
# chosen by npm for glibc/x64 or arm64 keep working), tini as PID 1, non-root, read-only friendly.
FROM ${NODE_RUNTIME_IMAGE} AS runtime
# tini is PID 1: it forwards SIGTERM/SIGINT to node and reaps zombies. Node as PID 1 would also see
# SIGTERM (the services install a handler), but PID 1 gets no default signal actions, so a process
# without a handler (e.g. a one-off CLI run) would ignore `docker stop` until SIGKILL.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production
WORKDIR /app
# Files stay owned by root: the service user can read but not modify the application.
COPY --from=prod-deps /app/ ./
COPY --from=build /out/ ./
# The base image's `node` user, numerically, so Kubernetes can verify runAsNonRoot.
USER 1000:1000
ENTRYPOINT ["/usr/bin/tini", "--"]
# Default process; docker-compose.yml and the Kubernetes manifests always set their own.
CMD ["node", "services/gateway/src/main.ts"]
