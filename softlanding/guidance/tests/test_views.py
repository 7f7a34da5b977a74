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


def _flag_box(html: str, flag: str) -> str:
    return html.split(f'data-flag="{flag}"')[1].split("</div>")[0]


def test_the_crisis_flag_offers_options_beyond_a_phone_call_and_links_to_support(client: Client) -> None:
    html = post(client, {"safe_now": False}, 4, "result")
    crisis = _flag_box(html, "crisis")
    options = re.findall(r"<li>(.*?)</li>", crisis)
    without_a_call = [o for o in options if "call" not in o.lower() or "do not have to call" in o.lower()]
    assert len(without_a_call) >= 3, options
    assert any("text" in o.lower() for o in options)
    assert 'href="/support/"' in crisis
    assert "You said you do not feel safe right now." in crisis


def test_each_flag_says_which_answer_raised_it_and_only_that(client: Client) -> None:
    html = post(client, {"low_mood_days": "most_days_two_weeks"}, 4, "result")
    counselor = _flag_box(html, "counselor")
    assert "You said your mood has been low on most days for two weeks or more." in counselor
    assert "reliving" not in counselor
    html = post(client, {"memories": "flashback", "pain": "mild", "frequency": "most_times"}, 4, "result")
    assert "You said it felt like reliving something." in _flag_box(html, "counselor")
    assert "You said there was pain, and the tears come most times." in _flag_box(html, "health_provider")
    assert "strong" not in _flag_box(html, "health_provider").split("</p>")[0]


def test_after_something_unwanted_more_to_read_leaves_out_pages_about_a_partner(client: Client) -> None:
    more = post(client, {"wanted": "no"}, 4, "result").split('id="more-heading"')[1]
    assert "/understand/library/getting-support/" in more
    assert "/understand/library/for-partners/" not in more
    assert "/understand/library/aftercare/" not in more
    more = post(client, {"feelings": ["joy"]}, 4, "result").split('id="more-heading"')[1]
    assert "/understand/library/for-partners/" in more


def test_the_consent_flag_says_it_was_not_their_fault_and_where_to_get_support(client: Client) -> None:
    html = post(client, {"wanted": "no"}, 4, "result")
    consent = _flag_box(html, "consent_support")
    assert "not your fault" in consent
    assert "sexual assault service" in consent
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


def test_going_to_a_step_from_the_browsers_history_keeps_every_answer(client: Client) -> None:
    # checkin.js sends the step on screen (with its answers) and the step to show.
    html = post(client, {"timing": "during"}, 2, "goto", target="0", safe_now="false")
    assert "Step 1 of" in html
    assert _carried(html) == {"timing": "during", "safe_now": False}
    html = post(client, {"timing": "during"}, 2, "goto", target="result")
    assert 'data-checkin-step="result"' in html
    html = post(client, {}, 0, "goto", target="99")
    assert "Step 5 of 5" in html


def test_the_check_in_pages_load_their_script_with_the_page_nonce(client: Client) -> None:
    response = client.get("/understand/check/")
    html = response.content.decode()
    script = re.search(r'<script src="/static/guidance/checkin\.[0-9a-f]+\.js" nonce="([^"]+)" defer>', html)
    assert script
    assert f"'nonce-{script.group(1)}'" in response["Content-Security-Policy"]
    assert 'data-checkin-step="0"' in html
