"""Production logging: one JSON object per line on stderr, each with the request id.

``{"time": ..., "level": "ERROR", "logger": "django.request", "message": ..., "request_id":
"…", "exc_info": "Traceback …"}`` — a traceback stays inside its line, so a log collector
never splits an error in pieces. Jobs log the id of the request that queued them.
"""

from pythonjsonlogger.json import JsonFormatter

FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"


class SnobisticJsonFormatter(JsonFormatter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(FIELDS, *args[1:], **kwargs)


def json_logging(level: str = "INFO") -> dict:
    """The LOGGING dict of production: JSON lines to stderr, request ids on every record."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "marketplace.common.request_id.RequestIdLogFilter"}},
        "formatters": {"json": {"()": "config.logging.SnobisticJsonFormatter"}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_id"]}},
        "root": {"handlers": ["console"], "level": level},
        # Django's own loggers propagate to the root; the request logger's errors carry exc_info.
        # django-q2 adds its own plain handler unless its logger already has one: give it ours.
        "loggers": {
            "django": {"level": level, "propagate": True},
            "django-q": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
