"""People and signed-in browser contexts for the back-office and storefront browser tests.

The live server needs committed rows, so these tests use a transactional database with
``serialized_rollback``: the preset roles written by the migrations are back for every test.
"""

from django.test import Client

from tests.factories import UserFactory, approved_vendor, login_with_second_factor

DESKTOP = {"width": 1440, "height": 900}


def staff_admin():
    return UserFactory(roles=["admin"], is_staff=True, is_superuser=True)


def vendor_owner():
    return approved_vendor().user


def signed_in(browser, live_server, user=None, *, two_factor=False, **options):
    """A browser context (desktop, Romanian) with ``user`` signed in, past the second factor if asked."""
    context = browser.new_context(viewport=DESKTOP, locale="ro-RO", **options)
    if user is not None:
        client = Client()
        if two_factor:
            login_with_second_factor(client, user)
        else:
            client.force_login(user)
        context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    return context
