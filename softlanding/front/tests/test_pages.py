from __future__ import annotations

import pytest
from django.test import Client

PAGES = ["/", "/about/", "/understand/", "/pause/", "/together/", "/journal/", "/support/", "/account/"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_area_page_renders_with_the_quick_exit_first(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    # Quick exit is the first focusable thing after the skip link, so the keyboard reaches it at once.
    between = html[html.index('class="skip-link"') : html.index('id="quick-exit"')]
    assert between.count("<a ") == 1  # the skip link itself
    assert "<button" not in between
    assert "<input" not in between
    assert 'href="/pause/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_titles_stay_neutral(client: Client, url: str) -> None:
    html = client.get(url).content.decode().lower()
    title = html.split("<title>")[1].split("</title>")[0]
    for word in ("sex", "cry", "tears", "trauma", "intimate", "orgasm"):
        assert word not in title


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "title"), [("/", "Soft Landing"), ("/support/", "Support · Soft Landing")])
def test_titles_name_the_section_then_the_app(client: Client, url: str, title: str) -> None:
    html = client.get(url).content.decode()
    assert html.split("<title>")[1].split("</title>")[0] == title


@pytest.mark.django_db
def test_unknown_pages_get_a_calm_404(client: Client) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"couldn't find that page" in response.content


def test_the_manifest_has_a_neutral_name_and_a_pause_shortcut(client: Client) -> None:
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["name"] == "Soft Landing"
    assert data["shortcuts"][0]["url"] == "/pause/"
