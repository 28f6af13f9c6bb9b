"""The buyer's storefront: server-rendered pages, the django-ninja API at /pwa/api/, PWA files.

DESIGN.md calls this package ``pwa/``; django-pwa (which serves the manifest) is imported as
``pwa``, and a project package of that name would shadow it, so the storefront is ``storefront``
(the same reason the project package is ``config`` and not ``platform``). URLs are unchanged.
"""
