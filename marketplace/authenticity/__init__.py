"""Authenticity: guests' requests with photos, review (an outside service or staff), signed certificates.

The seed's ``authentication`` app, named ``authenticity`` so it is not confused with signing in.
"""
