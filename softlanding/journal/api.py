"""Journal endpoints of the JSON API (``/api/v1/episodes``, ``/encounters``, ``/insights``).

Every operation needs a vault session token (``auth=VaultBearer()``). Ids
that do not exist, are malformed or belong to someone else all answer 404,
so the API never confirms that someone else's entry exists.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status
from pydantic import Field

from softlanding.accounts.api_auth import VaultBearer
from softlanding.accounts.vault import Vault
from softlanding.journal import forms, records, store

router = Router(tags=["journal"], auth=VaultBearer())

WHEN = Field(
    None, description="Local date and time, 'YYYY-MM-DDTHH:MM'; now when left out", examples=["2025-03-01T21:30"]
)


class JournalError(Schema):
    detail: str


class EpisodeIn(Schema):
    when: str | None = WHEN
    answers: dict[str, Any] = Field(
        default_factory=dict, description="Self-check schema v1 answers; only what was noted"
    )
    partner: str = Field("", description="A nickname from your own list (or a new one)")
    settings: list[str] = Field(default_factory=list)
    substances: str = Field("", description="'', 'none', 'some' or 'a_lot'")
    cycle_day: int | None = Field(None, description="1 to 60")
    distress_before: int | None = Field(None, description="0 to 10")
    distress_after: int | None = Field(None, description="0 to 10")
    helped: list[str] = Field(default_factory=list, description="Aftercare items and your own words")
    notes: str = ""
    drivers: list[str] = Field(default_factory=list, description="Driver ids from a saved self-check")


class EpisodePatch(Schema):
    when: str | None = None
    answers: dict[str, Any] | None = None
    partner: str | None = None
    settings: list[str] | None = None
    substances: str | None = None
    cycle_day: int | None = None
    distress_before: int | None = None
    distress_after: int | None = None
    helped: list[str] | None = None
    notes: str | None = None
    drivers: list[str] | None = None


class EpisodeOut(EpisodeIn):
    id: str
    when: str


class EncounterIn(Schema):
    when: str | None = WHEN
    tears: bool
    partner: str = ""
    substances: str = ""
    context: list[str] | None = Field(None, description="Tags that were there; null when not noted")
    episode: str | None = Field(None, description="Id of your episode about these tears")


class EncounterPatch(Schema):
    when: str | None = None
    tears: bool | None = None
    partner: str | None = None
    substances: str | None = None
    context: list[str] | None = None
    episode: str | None = None


class EncounterOut(EncounterIn):
    id: str
    when: str


READ = {401: JournalError, 404: JournalError}
WRITE = {400: JournalError, 401: JournalError, 404: JournalError, 422: JournalError}


def _vault(request: HttpRequest) -> Vault:
    return request.vault  # type: ignore[attr-defined]


def _id(raw: str) -> str:
    try:
        return records.parse_id(raw)
    except records.RecordError:
        raise HttpError(404, "Not Found") from None


def _patched(current: dict[str, Any], patch: Schema) -> dict[str, Any]:
    # Only the fields sent change; null clears a field that may be empty.
    changes = patch.model_dump(exclude_unset=True)
    for key, value in changes.items():
        current[key] = value if value is not None or key in _NULLABLE else current[key]
    return current


_NULLABLE = {"cycle_day", "distress_before", "distress_after", "context", "episode"}


def _new(payload: Schema) -> dict[str, Any]:
    data = payload.model_dump()
    if data.get("when") is None:
        data["when"] = forms.now_local()  # like the pages: when defaults to now
    return data


def _valid(build: Any, data: dict[str, Any], record_id: str) -> Any:
    try:
        return build(data, record_id=record_id)
    except records.RecordError as exc:
        raise HttpError(422, str(exc)) from None


# --- Episodes -------------------------------------------------------------------------


@router.get("/episodes", response={200: list[EpisodeOut], 401: JournalError}, summary="Your episodes, newest first")
def list_episodes(request: HttpRequest) -> list[dict[str, Any]]:
    return [e.to_dict() for e in store.load_episodes(_vault(request))]


@router.post("/episodes", response={201: EpisodeOut, **WRITE}, summary="Log an episode")
def create_episode(request: HttpRequest, payload: EpisodeIn) -> Status:
    episode = _valid(records.episode_from_dict, _new(payload), records.new_id())
    _remember_partner(_vault(request), episode.partner)
    store.save_episode(_vault(request), episode)
    return Status(201, episode.to_dict())


@router.get("/episodes/{episode_id}", response={200: EpisodeOut, **READ}, summary="One episode")
def get_episode(request: HttpRequest, episode_id: str) -> dict[str, Any]:
    return store.episode_or_404(_vault(request), _id(episode_id)).to_dict()


@router.patch("/episodes/{episode_id}", response={200: EpisodeOut, **WRITE}, summary="Change an episode")
def patch_episode(request: HttpRequest, episode_id: str, payload: EpisodePatch) -> dict[str, Any]:
    vault = _vault(request)
    current = store.episode_or_404(vault, _id(episode_id))
    episode = _valid(records.episode_from_dict, _patched(current.to_dict(), payload), current.id)
    _remember_partner(vault, episode.partner)
    store.save_episode(vault, episode)
    return episode.to_dict()


@router.delete("/episodes/{episode_id}", response={204: None, **READ}, summary="Delete an episode")
def delete_episode(request: HttpRequest, episode_id: str) -> Status:
    vault = _vault(request)
    episode = store.episode_or_404(vault, _id(episode_id))
    store.delete_episode(vault, episode.id)
    return Status(204, None)


# --- Encounters -------------------------------------------------------------------------


@router.get("/encounters", response={200: list[EncounterOut], 401: JournalError}, summary="Times noted, newest first")
def list_encounters(request: HttpRequest) -> list[dict[str, Any]]:
    return [e.to_dict() for e in store.load_encounters(_vault(request))]


@router.post("/encounters", response={201: EncounterOut, **WRITE}, summary="Note a time together")
def create_encounter(request: HttpRequest, payload: EncounterIn) -> Status:
    encounter = _checked_encounter(_vault(request), _new(payload), records.new_id())
    store.save_encounter(_vault(request), encounter)
    return Status(201, encounter.to_dict())


@router.get("/encounters/{encounter_id}", response={200: EncounterOut, **READ}, summary="One time noted")
def get_encounter(request: HttpRequest, encounter_id: str) -> dict[str, Any]:
    return store.encounter_or_404(_vault(request), _id(encounter_id)).to_dict()


@router.patch("/encounters/{encounter_id}", response={200: EncounterOut, **WRITE}, summary="Change a time noted")
def patch_encounter(request: HttpRequest, encounter_id: str, payload: EncounterPatch) -> dict[str, Any]:
    vault = _vault(request)
    current = store.encounter_or_404(vault, _id(encounter_id))
    encounter = _checked_encounter(vault, _patched(current.to_dict(), payload), current.id)
    store.save_encounter(vault, encounter)
    return encounter.to_dict()


@router.delete("/encounters/{encounter_id}", response={204: None, **READ}, summary="Delete a time noted")
def delete_encounter(request: HttpRequest, encounter_id: str) -> Status:
    vault = _vault(request)
    encounter = store.encounter_or_404(vault, _id(encounter_id))
    store.delete_encounter(vault, encounter.id)
    return Status(204, None)


def _checked_encounter(vault: Vault, data: dict[str, Any], record_id: str) -> records.Encounter:
    encounter: records.Encounter = _valid(records.encounter_from_dict, data, record_id)
    # Linking to an episode that is not yours reads the same as one that does not exist.
    if encounter.episode is not None and not store.owns_episode(vault, encounter.episode):
        raise HttpError(422, "episode: no such entry")
    _remember_partner(vault, encounter.partner)
    return encounter


def _remember_partner(vault: Vault, name: str) -> None:
    if not name:
        return
    profile = store.load_profile(vault)
    if name not in profile.partners:
        profile.add_partner(name)
        store.save_profile(vault, profile)


# --- Insights ---------------------------------------------------------------------------


class IntervalOut(Schema):
    estimate: float | None = Field(description="The value seen (null when not defined)")
    low: float | None = Field(description="Lower end of the 95% range")
    high: float | None = Field(description="Upper end of the 95% range (null: no upper bound)")


class MonthOut(Schema):
    label: str
    start: str = Field(description="First day of the month, YYYY-MM-DD")
    episodes: int
    episodes_range: IntervalOut = Field(description="95% range for the monthly rate (exact Poisson)")
    encounters: int
    with_tears: int
    share: IntervalOut | None = Field(description="Share of times with tears (Wilson); null with no times noted")


class TrendOut(Schema):
    verdict: str = Field(description="'less', 'more', 'too_early' or 'none'")
    basis: str = Field(description="'share' (of times with tears), 'rate' (episodes per day) or ''")
    text: str


class RecentOut(Schema):
    tears: int
    total: int
    share: IntervalOut
    text: str


class FactorOut(Schema):
    key: str = Field(description="tired, stressed, pain, alcohol, late, rushed, memories or partner:<nickname>")
    label: str
    with_tears: int
    with_total: int
    without_tears: int
    without_total: int
    with_share: IntervalOut
    without_share: IntervalOut
    p_value: float | None = Field(description="Fisher's exact test, two-sided; null below 3 times on a side")
    adjusted_p: float | None = Field(description="Holm-adjusted over the comparisons made")
    verdict: str = Field(description="'more', 'less', 'unclear' or 'too_little'")
    text: str


class HelpedOut(Schema):
    item: str
    label: str
    count: int
    mean_drop: float | None
    lowest: int
    highest: int
    text: str


class DriverOut(Schema):
    driver: str
    label: str
    counts: list[int] = Field(description="Per period in driver_periods, oldest first")
    total: int


class NudgeOut(Schema):
    key: str = Field(description="'not_wanted', 'pain', 'flashbacks' or 'low_mood'")
    evidence: str = Field(description="Id of the newest episode behind it")
    title: str
    text: str
    link_text: str
    link_page: str = Field(description="Slug of the library page to open")


class InsightsOut(Schema):
    episode_count: int
    encounter_count: int
    months: list[MonthOut]
    trend: TrendOut
    recent: RecentOut | None
    factors: list[FactorOut]
    helped: list[HelpedOut]
    helped_overall: HelpedOut | None
    driver_periods: list[str]
    drivers: list[DriverOut]
    checks_saved: int
    nudges: list[NudgeOut] = Field(description="Support nudges not dismissed, safety first")


@router.get("/insights", response={200: InsightsOut, 401: JournalError}, summary="Patterns, with their uncertainty")
def get_insights(request: HttpRequest) -> dict[str, Any]:
    return store.compute_insights(_vault(request), forms.now_local().date()).to_dict()
