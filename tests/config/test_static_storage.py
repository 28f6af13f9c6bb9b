"""Production's static storage fingerprints the ES module imports between our scripts.

catalog.js, product.js and notifications.js import "./app.js". Left as it is, a page that loads the
fingerprinted app.js also loads the plain one through that import, and app.js runs twice: its
document-wide click handler toggles a favourite on and off again, in one click.
"""

import re

import pytest
from django.contrib.staticfiles.finders import get_finder
from django.core.management import call_command
from django.test import override_settings


@pytest.fixture
def collected(tmp_path, settings):
    """Our static files (static/ only, not the installed apps': quicker) collected with production's storage."""
    settings.STATIC_ROOT = tmp_path
    settings.STATICFILES_FINDERS = ["django.contrib.staticfiles.finders.FileSystemFinder"]
    get_finder.cache_clear()
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": "config.static_storage.StaticFilesStorage"}}
    with override_settings(STORAGES=storages):
        call_command("collectstatic", interactive=False, verbosity=0)
        yield tmp_path
    get_finder.cache_clear()


@pytest.mark.parametrize("module", ["catalog", "product", "notifications"])
def test_module_imports_point_at_the_fingerprinted_app_js(collected, module):
    js = collected / "pwa" / "js"
    (hashed,) = [p for p in js.glob(f"{module}.*.js") if re.fullmatch(rf"{module}\.[0-9a-f]{{12}}\.js", p.name)]
    (app,) = [p.name for p in js.glob("app.*.js") if re.fullmatch(r"app\.[0-9a-f]{12}\.js", p.name)]
    text = hashed.read_text()
    assert f'from "./{app}"' in text
    assert '"./app.js"' not in text
