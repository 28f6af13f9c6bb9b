"""daphne's app entry without its eager import of the Twisted server.

daphne is in INSTALLED_APPS for one thing: its ``runserver`` (HTTP and websockets in development). Its own
AppConfig (``daphne.apps``) imports ``daphne.server`` as it loads, which installs Twisted's reactor and brings
twisted, autobahn, pyOpenSSL and cryptography — about 21 MB resident — into every process, gunicorn and
django-q2 workers and management commands included, though none of them serves a websocket. The ``runserver``
command imports ``daphne.server`` itself, so the reactor is still installed before it serves; production's
websockets run the ``daphne`` program (docker-compose's ``realtime``), which needs no app at all.

daphne's system check (daphne.E001, "daphne before django.contrib.staticfiles") is not registered: it imports
``daphne.apps`` and so the server; the entry stays first in INSTALLED_APPS.
"""

from django.apps import AppConfig


class DaphneConfig(AppConfig):
    name = "daphne"
    label = "daphne"
    verbose_name = "Daphne"
