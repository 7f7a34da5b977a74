"""Journal pages. Every view needs an unlocked vault; records are reached only
through the owner-or-404 helpers in ``store``."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any
from uuid import UUID

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from softlanding.accounts.vault import Vault, VaultLocked, get_vault, unlock_url, vault_required
from softlanding.guidance import engine
from softlanding.journal import charts, forms, insights, records, store
from softlanding.journal.records import RecordError

PER_PAGE = 50


def _vault(request: HttpRequest) -> Vault:
    return request.vault  # type: ignore[attr-defined]


def _today() -> date:
    return forms.now_local().date()


def _open_nudges(vault: Vault, episodes: list[records.Episode]) -> list[insights.Nudge]:
    return insights.undismissed(insights.nudges(episodes, _today()), store.load_profile(vault).dismissed)


# --- The list --------------------------------------------------------------------


@never_cache
def index(request: HttpRequest) -> HttpResponse:
    # The one journal page that answers while locked: it then shows only an
    # invitation to unlock, never anything personal.
    try:
        vault = get_vault(request)
    except VaultLocked:
        return render(request, "journal/locked.html", {"unlock_url": unlock_url(request.get_full_path())})
    episodes = store.load_episodes(vault)
    page = Paginator(episodes, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "total": len(episodes),
        "nudges": _open_nudges(vault, episodes),
        "logged": _just_logged(vault, request.GET.get("logged")),
        "labels": _labels(),
    }
    return render(request, "journal/index.html", context)


def _just_logged(vault: Vault, raw_id: str | None) -> records.Encounter | None:
    """The encounter a one-tap note just saved. Its id is all the address
    holds: whether there were tears is read from the sealed record, so the
    browser history does not say it."""
    if not raw_id:
        return None
    try:
        return store.encounter_or_404(vault, records.parse_id(raw_id))
    except (Http404, RecordError):
        return None


def _labels() -> dict[str, Any]:
    return {
        "helped": insights.AFTERCARE_LABELS,
        "settings": forms.SETTING_LABELS,
        "context": forms.CONTEXT_LABELS,
        "substances": forms.SUBSTANCE_LABELS,
    }


# --- Episodes ---------------------------------------------------------------------


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def episode_new(request: HttpRequest) -> HttpResponse:
    vault = _vault(request)
    profile = store.load_profile(vault)
    encounter = _linked_encounter(vault, request.GET.get("encounter") or request.POST.get("encounter"))
    initial = {"when": encounter.when if encounter else forms.now_local()}
    form = forms.EpisodeForm(request.POST or None, initial=initial, partners=profile.partners)
    if request.method == "POST" and form.is_valid():
        episode = _save_episode_form(vault, form, profile, records.new_id(), drivers=[])
        if episode is not None:
            if encounter is not None:
                encounter.episode, encounter.tears = episode.id, True
                store.save_encounter(vault, encounter)
            return redirect("journal:index")
    return render(request, "journal/episode_form.html", {"form": form, "episode": None, "encounter": encounter})


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def episode_edit(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    vault = _vault(request)
    episode = store.episode_or_404(vault, episode_id)
    profile = store.load_profile(vault)
    form = forms.EpisodeForm(request.POST or None, initial=forms.episode_initial(episode), partners=profile.partners)
    saved = request.method == "POST" and form.is_valid()
    if saved and _save_episode_form(vault, form, profile, episode.id, drivers=episode.drivers) is not None:
        return redirect("journal:index")
    return render(request, "journal/episode_form.html", {"form": form, "episode": episode, "encounter": None})


def _save_episode_form(
    vault: Vault, form: forms.EpisodeForm, profile: store.Profile, record_id: str, drivers: list[str]
) -> records.Episode | None:
    try:
        episode = records.episode_from_dict(form.to_record(record_id, drivers))
    except RecordError as exc:
        form.add_error(None, str(exc))
        return None
    if episode.partner and episode.partner not in profile.partners:
        profile.add_partner(episode.partner)
        store.save_profile(vault, profile)
    store.save_episode(vault, episode)
    return episode


def _linked_encounter(vault: Vault, raw_id: str | None) -> records.Encounter | None:
    if not raw_id:
        return None
    try:
        return store.encounter_or_404(vault, UUID(raw_id))
    except ValueError:
        raise Http404("No such entry.") from None


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def episode_delete(request: HttpRequest, episode_id: UUID) -> HttpResponse:
    vault = _vault(request)
    episode = store.episode_or_404(vault, episode_id)
    if request.method == "POST":
        store.delete_episode(vault, episode.id)
        return redirect("journal:index")
    return render(request, "journal/confirm_delete.html", {"what": "entry", "when": episode.when})


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def episode_from_check(request: HttpRequest) -> HttpResponse:
    """Save a finished self-check as an episode in one step, then open it for editing."""
    if request.method == "GET":
        # Only reached after "Save" was pressed while locked: unlocking
        # redirects here without the answers, which were never stored.
        return render(request, "journal/check_not_saved.html")
    vault = _vault(request)
    try:
        answers = json.loads(request.POST.get("answers", ""))
        drivers = _drivers_from_check(answers)
        episode = records.episode_from_dict(
            {"when": forms.now_local(), "answers": answers, "drivers": drivers}, record_id=records.new_id()
        )
    except (ValueError, TypeError):
        return HttpResponseBadRequest("These answers could not be read. Nothing was saved.", content_type="text/plain")
    store.save_episode(vault, episode)
    return redirect("journal:episode-edit", episode_id=episode.id)


def _drivers_from_check(answers: object) -> list[str]:
    """The self-check's drivers, most likely first (the engine validates the answers)."""
    result = engine.evaluate(answers)
    return [d["id"] for d in result["drivers"]]


# --- Encounters ---------------------------------------------------------------------


@never_cache
@vault_required
def encounter_list(request: HttpRequest) -> HttpResponse:
    encounters = store.load_encounters(_vault(request))
    page = Paginator(encounters, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "journal/encounters.html", {"page": page, "total": len(encounters), "labels": _labels()})


@never_cache
@vault_required
@require_POST
def encounter_log(request: HttpRequest) -> HttpResponse:
    """One tap: note an encounter now, with or without tears (context not noted)."""
    tears = request.POST.get("tears")
    if tears not in ("yes", "no"):
        return HttpResponseBadRequest("Choose with or without tears.", content_type="text/plain")
    encounter = records.Encounter(id=records.new_id(), when=forms.now_local(), tears=tears == "yes")
    store.save_encounter(_vault(request), encounter)
    # The same address with or without tears: only the (random) id.
    return redirect(f"{reverse('journal:index')}?logged={encounter.id}")


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def encounter_new(request: HttpRequest) -> HttpResponse:
    return _encounter_form(request, None)


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def encounter_edit(request: HttpRequest, encounter_id: UUID) -> HttpResponse:
    return _encounter_form(request, store.encounter_or_404(_vault(request), encounter_id))


def _encounter_form(request: HttpRequest, encounter: records.Encounter | None) -> HttpResponse:
    vault = _vault(request)
    profile = store.load_profile(vault)
    initial = forms.encounter_initial(encounter) if encounter else {"when": forms.now_local(), "tears": "no"}
    form = forms.EncounterForm(request.POST or None, initial=initial, partners=profile.partners)
    if request.method == "POST" and form.is_valid():
        record_id = encounter.id if encounter else records.new_id()
        try:
            saved = records.encounter_from_dict(form.to_record(record_id, encounter.episode if encounter else None))
        except RecordError as exc:
            form.add_error(None, str(exc))
            return render(request, "journal/encounter_form.html", {"form": form, "encounter": encounter})
        if saved.partner and saved.partner not in profile.partners:
            profile.add_partner(saved.partner)
            store.save_profile(vault, profile)
        store.save_encounter(vault, saved)
        return redirect("journal:encounters")
    return render(request, "journal/encounter_form.html", {"form": form, "encounter": encounter})


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def encounter_delete(request: HttpRequest, encounter_id: UUID) -> HttpResponse:
    vault = _vault(request)
    encounter = store.encounter_or_404(vault, encounter_id)
    if request.method == "POST":
        store.delete_encounter(vault, encounter.id)
        return redirect("journal:encounters")
    return render(request, "journal/confirm_delete.html", {"what": "time", "when": encounter.when})


# --- Insights, nicknames, nudges ---------------------------------------------------------


@never_cache
@vault_required
def insights_page(request: HttpRequest) -> HttpResponse:
    result = store.compute_insights(_vault(request), _today())
    context = {
        "insights": result,
        "compared": [f for f in result.factors if f.verdict != "too_little"],
        "episode_chart": charts.bars([(m.label, m.episodes) for m in result.months]),
        "share_chart": charts.share_bars([(m.label, m.share) for m in result.months]),
        "helped_chart": charts.bars([(r.label, r.mean_drop) for r in result.helped[:8]], horizontal=True),
    }
    return render(request, "journal/insights.html", context)


@never_cache
@vault_required
@require_http_methods(["GET", "POST"])
def partners(request: HttpRequest) -> HttpResponse:
    vault = _vault(request)
    profile = store.load_profile(vault)
    if request.method == "POST":
        if request.POST.get("remove") in profile.partners:
            profile.partners.remove(request.POST["remove"])
        elif request.POST.get("name", "").strip():
            profile.add_partner(request.POST["name"])
        store.save_profile(vault, profile)
        return redirect("journal:partners")
    return render(request, "journal/partners.html", {"partners": profile.partners, "max_length": records.MAX_LABEL})


@never_cache
@vault_required
@require_POST
def dismiss_nudge(request: HttpRequest) -> HttpResponse:
    vault = _vault(request)
    key, evidence = request.POST.get("key", ""), request.POST.get("evidence", "")
    if key in insights.NUDGE_KEYS and evidence:
        profile = store.load_profile(vault)
        profile.dismissed[key] = evidence
        store.save_profile(vault, profile)
    return redirect("journal:insights" if request.POST.get("back") == "insights" else "journal:index")


# --- CSV export ---------------------------------------------------------------------------

CSV_COLUMNS = {
    "episodes": [
        "id",
        "when",
        *records.ANSWER_FIELDS,
        "partner",
        "settings",
        "substances",
        "cycle_day",
        "distress_before",
        "distress_after",
        "helped",
        "notes",
        "drivers",
    ],
    "encounters": ["id", "when", "tears", "partner", "substances", "context", "episode"],
}


@never_cache
@vault_required
def export_csv(request: HttpRequest, table: str) -> HttpResponse:
    if table not in CSV_COLUMNS:
        raise Http404("No such table.")
    vault = _vault(request)
    rows = [
        _flat(e.to_dict())
        for e in (store.load_episodes(vault) if table == "episodes" else store.load_encounters(vault))
    ]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS[table], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="journal-{table}.csv"'
    response["Cache-Control"] = "no-store"
    return response


def _flat(data: dict[str, Any]) -> dict[str, Any]:
    flat = {k: v for k, v in data.items() if k != "answers"}
    flat.update(data.get("answers", {}))
    for key, value in flat.items():
        if isinstance(value, list):
            value = "; ".join(str(v) for v in value)
        elif value is None:
            value = ""
        # A cell starting with = + - @ runs as a formula in a spreadsheet:
        # a leading apostrophe keeps the person's own words as plain text.
        if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
            value = "'" + value
        flat[key] = value
    return flat
