"""The Understand pages: check-in steps, result, library and sources."""

from __future__ import annotations

import json
import re
from html import unescape
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.test import Client

from softlanding.guidance.content import load_library, load_questions

pytestmark = pytest.mark.django_db


def _carried(html: str) -> dict[str, Any]:
    match = re.search(r'name="carried" value="([^"]*)"', html)
    assert match, "the page carries no answers"
    return dict(json.loads(unescape(match.group(1))))


def post(client: Client, carried: dict[str, Any], step: int, go: str, **fields: Any) -> str:
    data: dict[str, Any] = {"carried": json.dumps(carried), "step": str(step), "shown": "1", "go": go, **fields}
    response = client.post("/understand/check/", data)
    assert response.status_code == 200
    return response.content.decode()


def test_the_understand_home_links_to_the_check_in_and_the_library(client: Client) -> None:
    html = client.get("/understand/").content.decode()
    assert 'href="/understand/check/"' in html
    assert 'href="/understand/library/a-message/"' in html
    assert "placeholder" not in html


def test_the_check_in_starts_with_a_post_form(client: Client) -> None:
    html = client.get("/understand/check/").content.decode()
    assert '<form method="post" action="/understand/check/"' in html
    assert "<title>Check-in" in html
    assert "Step 1 of" in html


def test_every_question_on_every_step_can_be_skipped(client: Client) -> None:
    for at, step in enumerate(load_questions()):
        html = post(client, {}, at - 1, "next") if at else client.get("/understand/check/").content.decode()
        assert f"Step {at + 1} of" in html
        for question in step.questions:
            if question.multiple:
                # Ticking nothing is the skip: the hint says so.
                assert f'type="checkbox" name="{question.field}"' in html
                assert "rather not say" in html
            else:
                skip = f'name="{question.field}" value="" checked> I\'d rather not say'
                assert skip in html, question.field


def test_answers_survive_going_forward_and_back(client: Client) -> None:
    html = post(client, {}, 0, "next", timing="during", feelings=["joy", "relief"], frequency="most_times")
    assert "Step 2 of" in html
    assert _carried(html) == {"timing": "during", "feelings": ["joy", "relief"], "frequency": "most_times"}
    html = post(client, _carried(html), 1, "next", pain="mild")
    assert _carried(html)["pain"] == "mild"
    html = post(client, _carried(html), 2, "back")
    assert "Step 2 of" in html
    assert re.search(r'name="pain" value="mild" checked', html)
    html = post(client, _carried(html), 1, "back", pain="mild")
    assert "Step 1 of" in html
    assert re.search(r'name="timing" value="during" checked', html)
    assert re.search(r'name="feelings" value="joy" checked', html)


def test_rather_not_say_removes_an_earlier_answer(client: Client) -> None:
    html = post(client, {"pain": "strong", "pace": "rushed"}, 1, "next", pain="", pace="rushed")
    assert _carried(html) == {"pace": "rushed"}


def test_tampered_answers_start_afresh_instead_of_failing(client: Client) -> None:
    response = client.post("/understand/check/", {"carried": '{"pain": "<script>"}', "step": "9", "go": "next"})
    assert response.status_code == 200
    assert "<script>" not in response.content.decode()


def test_the_result_shows_flags_first_then_drivers_then_next_steps(client: Client) -> None:
    html = post(client, {"pain": "strong", "memories": "flashback", "safe_now": False}, 4, "result")
    positions = [html.index(marker) for marker in ('data-flag="crisis"', 'data-driver="pain"', "What could help next")]
    assert positions == sorted(positions)
    assert (
        html.index('data-flag="crisis"')
        < html.index('data-flag="pause_for_pain"')
        < html.index('data-flag="counselor"')
    )
    assert html.index('data-driver="pain"') < html.index('data-driver="memories"')
    assert "Because you said you felt strong pain" in html


def test_the_crisis_flag_offers_options_beyond_a_phone_call_and_links_to_support(client: Client) -> None:
    html = post(client, {"safe_now": False}, 4, "result")
    crisis = html.split('data-flag="crisis"')[1].split("</div>")[0]
    assert "text" in crisis.lower()
    assert 'href="/support/"' in crisis


def test_the_consent_flag_says_it_was_not_their_fault_and_where_to_get_support(client: Client) -> None:
    html = post(client, {"wanted": "no"}, 4, "result")
    consent = html.split('data-flag="consent_support"')[1].split("</div>")[0]
    assert "not your fault" in consent
    assert 'href="/support/"' in consent


def test_after_something_unwanted_the_pain_flag_does_not_talk_about_lubrication(client: Client) -> None:
    html = post(client, {"wanted": "no", "pain": "mild"}, 4, "result")
    pain = html.split('data-flag="pause_for_pain"')[1].split("</div>")[0]
    assert "lubrication" not in pain
    assert "doctor" in pain
    assert "lubrication" not in html.split("What could help next")[1]


def test_a_result_with_no_clear_driver_says_so_kindly(client: Client) -> None:
    html = post(client, {}, 4, "result")
    assert "do not point to one clear reason" in html
    assert "data-flag" not in html


def test_the_save_form_is_only_offered_to_a_signed_in_person(client: Client, django_user_model: Any) -> None:
    html = post(client, {"pain": "mild"}, 4, "result")
    assert "/journal/episodes/from-check/" not in html
    client.force_login(django_user_model.objects.create(username="erin"))
    html = post(client, {"pain": "mild"}, 4, "result")
    form = html.split('action="/journal/episodes/from-check/"')[1].split("</form>")[0]
    assert "csrfmiddlewaretoken" in form
    answers = re.search(r'name="answers" value="([^"]*)"', form)
    assert answers
    assert json.loads(unescape(answers.group(1))) == {"pain": "mild"}
    assert "Save to my journal" in form


def test_the_check_in_stores_nothing_and_is_not_cached(client: Client) -> None:
    response = client.post("/understand/check/", {"carried": json.dumps({"wanted": "no"}), "step": "4", "go": "result"})
    assert Session.objects.count() == 0
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("slug", sorted(load_library().pages))
def test_every_library_page_renders_with_a_neutral_title(client: Client, slug: str) -> None:
    response = client.get(f"/understand/library/{slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Library" in html
    assert "<script>" not in html.split("<main")[1]


def test_citations_link_to_the_sources_page_which_lists_them(client: Client) -> None:
    html = client.get("/understand/library/a-message/").content.decode()
    assert 'href="/understand/references/#ref-bird2011"' in html
    sources = client.get("/understand/references/").content.decode()
    for key in load_library().references:
        assert f'id="ref-{key}"' in sources
    assert "10.1002/sm2.74" in sources


def test_an_unknown_library_page_is_a_404(client: Client) -> None:
    assert client.get("/understand/library/nothing-here/").status_code == 404
