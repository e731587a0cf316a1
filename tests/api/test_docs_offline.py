"""The API docs (Swagger UI, Redoc) load everything from the app itself: no CDN, no internet."""

import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

URL_ATTR = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
ANY_URL = re.compile(r"""["'`](?:https?:)?//([^/"'`\s]+)""")


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_docs_reference_no_external_host_and_their_assets_are_served(client, db, page):
    response = client.get(page)
    assert response.status_code == 200
    html = response.content.decode()

    # Every URL in the page (attributes and scripts alike) stays on this host.
    hosts = set(ANY_URL.findall(html))
    assert hosts <= {"testserver"}, hosts

    # Every script and stylesheet is one of the app's own static files (Redoc's bundle: served
    # by the app without the one CDN URL inside it, its logo).
    urls = URL_ATTR.findall(html)
    assert all(u.startswith(("/", "#")) for u in urls), urls
    assets = [u for u in urls if u.startswith(settings.STATIC_URL)]
    scripts = [u for u in urls if u.endswith(".js")]
    assert scripts, "the page loads its viewer from the app itself"
    for url in (u for u in scripts if not u.startswith(settings.STATIC_URL)):
        script = client.get(url)
        assert script.status_code == 200
        body = b"".join(script) if script.streaming else script.content
        assert b"cdn.redoc.ly" not in body
    for url in assets:
        path = urlsplit(url).path.removeprefix(settings.STATIC_URL)
        assert finders.find(path), f"{url} is not a static file of the app"


def test_swagger_ui_does_not_call_the_online_validator(client, db):
    # The initialiser is a script of its own (no inline script: Content-Security-Policy).
    script = client.get("/api/docs/?script=")
    assert script["Content-Type"].startswith("application/javascript")
    assert b'"validatorUrl": null' in script.content
    assert set(ANY_URL.findall(script.content.decode())) <= {"testserver"}
