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
RUN DJANGO_SETTINGS_MODULE=config.settings.local python manage.py compilemessages --ignore=.venv -v 0 \
    && mkdir -p staticfiles \
    && useradd --system --uid 1000 snobistic && chown -R snobistic /app
USER snobistic
EXPOSE 8000 8001
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
