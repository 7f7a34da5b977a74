from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from softlanding.pause.content import pause_content
from softlanding.pause.views import ASSETS, cache_version
from softlanding.test import Personas, unlocked_client, vault_for

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
    assert html.count("<style") == 1  # the page's own stylesheet, checked below


def _styles(html: str) -> list[str]:
    return re.findall(r"<style>(.*?)</style>", html, re.S)


@pytest.mark.parametrize("name", PAGES)
def test_the_first_paint_waits_for_no_second_request(client: Client, name: str) -> None:
    response = client.get(reverse(name))
    html = response.content.decode()
    # No stylesheet to fetch: the styles are inside the page...
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert all(" defer" in tag or " async" in tag for tag in re.findall(r"<script[^>]*>", html))
    (css,) = _styles(html)
    assert "--bg:" in css
    assert "/*" not in css  # comments stay in the source file
    # ...and allowed by their exact hash, never by 'unsafe-inline'.
    policy = response["Content-Security-Policy"]
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    style_src = next(d for d in policy.split("; ") if d.startswith("style-src "))
    assert style_src.split()[1:] == ["'self'", f"'sha256-{digest}'"]
    assert "unsafe-inline" not in policy


def test_the_pause_pages_keep_the_rest_of_the_site_policy(client: Client) -> None:
    site = dict(d.split(" ", 1) for d in client.get("/about/")["Content-Security-Policy"].split("; "))
    page = dict(d.split(" ", 1) for d in client.get(reverse("pause:index"))["Content-Security-Policy"].split("; "))
    assert set(site) == set(page)
    changed = {name for name in site if site[name] != page[name] and name != "script-src"}  # nonces differ
    assert changed == {"style-src"}
    assert page["style-src"].startswith(site["style-src"] + " 'sha256-")


def test_the_pause_screen_opens_when_the_database_fails_under_it(
    personas: Personas, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from softlanding.pause import card as cards

    client = unlocked_client(personas.alice)
    cards.save(vault_for(personas.alice), cards.Card(phrases=("CanaryDbPhrase",)))  # type: ignore[arg-type]

    def broken(vault: object) -> None:
        raise OperationalError("CanaryDbError: the database went away")

    monkeypatch.setattr(cards, "load", broken)
    for name in PAGES:
        response = client.get(reverse(name))
        assert response.status_code == 200
        assert "Start breathing" in response.content.decode()
        assert "CanaryDbPhrase" not in response.content.decode()
    assert "OperationalError" in caplog.text
    assert "CanaryDb" not in caplog.text


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
def test_the_pages_go_out_compressed_and_echo_nothing_from_the_request(client: Client, name: str) -> None:
    import gzip

    plain = client.get(reverse(name), {"q": "CanaryEcho"}, HTTP_USER_AGENT="CanaryAgent")
    # Nothing from the request comes back, so compressing cannot leak a secret.
    assert b"Canary" not in plain.content
    assert "csrfmiddlewaretoken" not in plain.content.decode()
    packed = client.get(reverse(name), HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    html = gzip.decompress(packed.content).decode()
    assert "<h1>" in html
    assert len(packed.content) < len(html.encode()) / 2


def test_a_stylesheet_that_could_close_its_element_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from softlanding.pause import views

    (tmp_path / "pause.css").write_text("/* fine */ body { color: red; }\n.a::after { content: '</style><script>'; }")
    monkeypatch.setattr(views, "TEMPLATES", tmp_path)
    with pytest.raises(ValueError, match="must not contain"):
        views.stylesheet.__wrapped__()
