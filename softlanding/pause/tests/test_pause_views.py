from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from softlanding.pause.content import pause_content
from softlanding.pause.views import ASSETS, cache_version

PAGES = ["pause:index", "pause:partner"]
EXPLICIT = re.compile(r"sex|cry|crie|tear|trauma", re.IGNORECASE)


@pytest.fixture
def client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


@pytest.mark.parametrize("name", PAGES)
def test_the_page_opens_without_logging_in(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


@pytest.mark.parametrize("name", PAGES)
def test_the_title_and_url_stay_neutral(client: Client, name: str) -> None:
    html = client.get(reverse(name)).content.decode()
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title is not None
    assert "Pause" in title.group(1)
    assert not EXPLICIT.search(title.group(1))
    assert not EXPLICIT.search(reverse(name))


@pytest.mark.parametrize("name", PAGES)
def test_the_page_is_lean_and_has_quick_exit_and_skip_link(client: Client, name: str) -> None:
    html = client.get(reverse(name)).content.decode()
    assert 'id="quick-exit"' in html
    assert 'href="#main"' in html
    assert "htmx" not in html
    assert " style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize("name", PAGES)
def test_every_script_carries_the_nonce(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce is not None
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts
    assert all(f'nonce="{nonce.group(1)}"' in tag for tag in scripts)


def test_the_pause_screen_offers_all_four_steps_and_the_choice_reminder(client: Client) -> None:
    html = client.get(reverse("pause:index")).content.decode()
    for step in pause_content().self_screen.steps:
        assert f'id="{step.id}"' in html
        assert step.title in html
    assert "Any choice is fine" in html
    assert "I&#x27;m okay. I just need a moment." in html


def test_the_partner_view_says_what_to_do_and_has_the_guide(client: Client) -> None:
    html = client.get(reverse("pause:partner")).content.decode()
    assert "Stay calm" in html
    assert "data-guide" in html
    assert "data-device-list" not in html  # the person's own words belong on their screen only


def test_the_guide_starts_at_four_in_and_six_out(client: Client) -> None:
    html = client.get(reverse("pause:index")).content.decode()
    assert 'data-in="4" data-out="6" data-hold="0"' in html
    assert "count to 4" in html  # the text fallback without JavaScript


def test_the_device_card_says_exactly_what_it_keeps(client: Client) -> None:
    html = client.get(reverse("pause:index")).content.decode()
    assert "only</strong> the phrases you write here and your breathing pace" in html
    assert "Remove from this device" in html


def test_the_service_worker_is_javascript_and_never_cached(client: Client) -> None:
    response = client.get(reverse("pause:sw"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Cache-Control"] in {"no-cache", "no-store"}
    assert "eval(" not in response.content.decode()


def test_the_service_worker_precaches_both_pages_and_hashed_assets(client: Client) -> None:
    from django.templatetags.static import static

    body = client.get(reverse("pause:sw")).content.decode()
    assert '"/pause/", "/pause/partner/"' in body
    for asset in ASSETS:
        url = static(asset)
        assert re.search(r"\.[0-9a-f]{12}\.", url), f"{url} should carry a content hash"
        assert f'"{url}"' in body
    assert f'"{cache_version()}"' in body


def test_the_service_worker_lives_under_pause_so_its_scope_is_the_pause_pages() -> None:
    assert reverse("pause:sw") == "/pause/sw.js"


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_pages_only_answer_get(client: Client, method: str) -> None:
    assert getattr(client, method)(reverse("pause:index")).status_code == 405


@pytest.mark.parametrize("name", PAGES)
def test_the_stylesheet_is_named_in_a_header_so_it_loads_at_once(client: Client, name: str) -> None:
    from django.templatetags.static import static

    response = client.get(reverse(name))
    assert response["Link"] == f"<{static('pause/pause.css')}>; rel=preload; as=style"
