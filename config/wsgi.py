"""WSGI entry point: gunicorn serves all HTTP in production (see DESIGN.md for why)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

application = get_wsgi_application()
