# syntax=docker/dockerfile:1
#
# The carbon registry's production image.
#
#   docker build -t carbon-registry .
#   docker run -p 127.0.0.1:8000:8000 -v registry-data:/data carbon-registry
#
# Without REGISTRY_DATABASE_URL / REGISTRY_STORAGE_URL it keeps SQLite and the documents in /data;
# docker-compose.yml runs it with PostgreSQL and MinIO instead. /data also holds the generated
# session secret and the ledger's signing key: keep that volume, and back it up.
#
# Layout: the source tree is at /app and the dependencies in the virtualenv /opt/venv. The project
# itself is installed EDITABLE (pip install -e /app), so `backend` is imported from /app/backend
# and backend/app.py finds the built web UI at /app/frontend/dist (BUILT_UI is
# <backend>/../frontend/dist). A regular install would copy backend/ into site-packages, where
# that path does not exist. /app is the same path in the builder and the runtime stage, which is
# what the editable install records.

ARG PYTHON_IMAGE=python:3.11-slim
ARG NODE_IMAGE=node:22-slim

# --- 1. The web UI, if there is one (frontend/package.json); its output is platform-independent.
FROM --platform=$BUILDPLATFORM ${NODE_IMAGE} AS ui
WORKDIR /src/frontend
# "fronten[d]" is a wildcard: BuildKit copies nothing, without failing, when there is no frontend/.
COPY fronten[d] /src/frontend/
RUN --mount=type=cache,target=/root/.npm \
    if [ -f package.json ]; then \
      npm ci --no-audit --no-fund && npm run build; \
    else \
      echo "no frontend/package.json: the registry serves its plain page"; \
    fi \
    && mkdir -p dist

# --- 2. The dependencies and the project, in a virtualenv.
FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /app
# The dependencies first, from the lock file alone (exact versions, and pip checks every file's
# sha256), so that editing the code does not reinstall them. Every one of them has wheels for
# CPython 3.11 on linux amd64 and arm64: no compiler needed. `make lock` rewrites the file.
COPY requirements.lock ./
RUN --mount=type=cache,target=/root/.cache/pip \
    pip install --require-hashes -r requirements.lock \
    && pip install --no-deps "setuptools>=69"
COPY . /app
# --no-deps: installed above; --no-build-isolation: use the setuptools installed above. Then
# compile the bytecode now: at run time /app and /opt/venv are read-only to the registry user.
# The UI's sources are not needed at run time: only its build output, copied in below.
RUN pip install --no-cache-dir --no-deps --no-build-isolation --editable /app \
    && python -m compileall -q /app/backend /app/storage \
    && python -c "import backend.app, storage.url" \
    && rm -rf /app/frontend

# --- 3. The runtime image: no compiler, no node, no pip cache; runs as an unprivileged user.
FROM ${PYTHON_IMAGE} AS runtime
LABEL org.opencontainers.image.title="carbon-registry" \
      org.opencontainers.image.description="A national carbon registry with a verifiable ledger" \
      org.opencontainers.image.licenses="AGPL-3.0-or-later"
RUN groupadd --system --gid 10001 registry \
    && useradd --system --uid 10001 --gid registry --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin registry \
    && mkdir -p /data \
    && chown registry:registry /data \
    && chmod 0700 /data
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
COPY --from=ui /src/frontend/dist /app/frontend/dist
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    REGISTRY_DATA_DIR=/data
# A new named volume starts as a copy of the image's /data, so it belongs to the registry user;
# a bind-mounted host directory must be writable by uid 10001 instead.
VOLUME ["/data"]
WORKDIR /app
USER 10001:10001
EXPOSE 8000
# slim has no curl: ask /healthz (which queries the database) with the standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4).status != 200)"]
# serve applies pending migrations before it starts listening. --proxy-headers makes it believe
# X-Forwarded-For/-Proto from the addresses in FORWARDED_ALLOW_IPS (uvicorn's variable; default
# 127.0.0.1 only, so set it to the reverse proxy's address, as docker-compose.yml does).
CMD ["carbon-registry", "serve", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
