#!/usr/bin/env bash
# `manage.py check --deploy` under production settings, with throw-away values for the
# variables production refuses to start without. Fails on any warning.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(DJANGO_SETTINGS_MODULE=config.settings.production \
  DJANGO_SECRET_KEY="ci-$(head -c 48 /dev/urandom | base64 | tr -d '/+=' | head -c 60)" \
  DJANGO_ALLOWED_HOSTS=snobistic.ro \
  DATABASE_URL=postgres://snobistic:snobistic@127.0.0.1:5432/snobistic \
  REDIS_URL=redis://127.0.0.1:6379/0 \
  AWS_STORAGE_BUCKET_NAME=snobistic-media \
  EMAIL_URL=smtp+tls://mailer:secret@smtp.example.com:587 \
  AUTHENTICITY_SIGNING_KEYS="ci=$(head -c 32 /dev/urandom | base64)" \
  .venv/bin/python manage.py check --deploy --fail-level WARNING 2>&1) || { echo "$out"; exit 1; }
echo "$out"
