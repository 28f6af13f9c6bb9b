"""Production's static files storage: WhiteNoise's compressed, fingerprinted files, with the ES module
imports between our scripts rewritten to the fingerprinted names.

Without the rewrite, a page that loads ``app.<hash>.js`` and ``catalog.<hash>.js`` gets a second copy of
``app.js`` through catalog's ``import … from "./app.js"``: the module runs twice (its click handlers are
bound twice, so a favourite toggles on and off again) and the unversioned copy is cached for 60 s only.
"""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
