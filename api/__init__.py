"""The partner API door: REST at /api/ (Django REST Framework) and GraphQL at /api/graphql/ (graphene-django).

Thin over the domain: every write calls a ``marketplace.*`` service, every read a selector, and
object-level access goes through the same helpers as the back offices (``vendor_scope``,
``order_for_buyer``...). Errors come from the doors' one table (``doors.errors``) as
``{code, message, fields}``. Apps and partners authenticate with bearer tokens issued by
``users/login`` (after the second factor for accounts that have one); the browser with its session.
"""
