"""Forms for episodes and encounters: every field optional except the time.

Forms turn posted fields into the plain dicts that ``records`` validates, and
back; the words people see for each choice live here too.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms

from softlanding.journal import records
from softlanding.journal.insights import AFTERCARE_LABELS

NOT_NOTED = ("", "Not noted")

CHOICE_LABELS: dict[str, dict[str, str]] = {
    "timing": {
        "unsure": "Not sure",
        "during": "During",
        "right_after_orgasm": "Right after orgasm",
        "afterwards": "A while afterwards",
    },
    "pain": {"none": "No pain", "mild": "Some discomfort or mild pain", "strong": "Strong pain"},
    "memories": {
        "none": "No",
        "echo": "An old memory or feeling came up",
        "flashback": "It felt like being back there",
    },
    "pace": {"ok": "The pace felt okay", "rushed": "It felt rushed"},
    "body_ready": {"yes": "Yes", "unsure": "Not sure", "no": "No"},
    "felt_safe": {"yes": "Yes", "unsure": "Not sure", "no": "No"},
    "wanted": {"yes": "Yes", "unsure": "Not sure", "no": "No"},
    "low_mood_days": {"no": "No", "some_days": "Some days", "most_days_two_weeks": "Most days, for two weeks or more"},
}
QUESTIONS: dict[str, str] = {
    "timing": "When did the tears come?",
    "feelings": "What was in them?",
    "pain": "Any pain or discomfort?",
    "memories": "Did an old memory come up?",
    "stress": "Stress in the days before (0 none, 4 a lot)",
    "tiredness": "How tired were you? (0 not at all, 4 very)",
    "connection": "How connected did you feel? (0 not at all, 4 very)",
    "pace": "How was the pace?",
    "heard": "Did you feel heard and respected?",
    "body_ready": "Was your body fully on board?",
    "felt_safe": "Did you feel safe enough to be open?",
    "wanted": "Was everything that happened wanted?",
    "satisfying": "Was it otherwise satisfying?",
    "low_mood_days": "Has your mood been low on other days?",
}
FEELING_LABELS = {f: f.capitalize() for f in records.FEELINGS}
SUBSTANCE_LABELS = {"none": "None", "some": "Some", "a_lot": "A lot"}
SETTING_LABELS = {
    "home": "At home",
    "partners_place": "At a partner's place",
    "away": "Away or travelling",
    "new_place": "Somewhere new",
    "after_going_out": "After going out",
}
CONTEXT_LABELS = {
    "tired": "I was tired",
    "stressed": "I was stressed",
    "pain": "There was pain",
    "rushed": "It felt rushed",
    "memories": "An old memory came up",
}
YES_NO = [NOT_NOTED, ("yes", "Yes"), ("no", "No")]
LEVEL_CHOICES = [NOT_NOTED, *((str(i), str(i)) for i in range(5))]
DISTRESS_CHOICES = [NOT_NOTED, *((str(i), str(i)) for i in range(11))]
WHEN_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=records.WHEN_FORMAT)


def _choices(labels: dict[str, str], blank: bool = True) -> list[tuple[str, str]]:
    return ([NOT_NOTED] if blank else []) + list(labels.items())


def _own_words(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


class PartnerChoices(forms.Form):
    """Offers the owner's own nicknames (and the one already on the record)."""

    def __init__(self, *args: Any, partners: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        known = list(partners)
        current = self.initial.get("partner")
        if current and current not in known:
            known.append(current)
        self.fields["partner"].choices = [("", "Not noted")] + [(p, p) for p in known]  # type: ignore[attr-defined]


class EpisodeForm(PartnerChoices):
    when = forms.DateTimeField(label="When", widget=WHEN_INPUT, input_formats=[records.WHEN_FORMAT, "%Y-%m-%d %H:%M"])
    partner = forms.ChoiceField(label="Who with (optional)", required=False)
    new_partner = forms.CharField(
        label="Or add a nickname", required=False, max_length=records.MAX_LABEL, help_text="Only you see it."
    )
    timing = forms.ChoiceField(label=QUESTIONS["timing"], choices=_choices(CHOICE_LABELS["timing"]), required=False)
    feelings = forms.MultipleChoiceField(
        label=QUESTIONS["feelings"],
        choices=list(FEELING_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pain = forms.ChoiceField(label=QUESTIONS["pain"], choices=_choices(CHOICE_LABELS["pain"]), required=False)
    memories = forms.ChoiceField(
        label=QUESTIONS["memories"], choices=_choices(CHOICE_LABELS["memories"]), required=False
    )
    stress = forms.ChoiceField(label=QUESTIONS["stress"], choices=LEVEL_CHOICES, required=False)
    tiredness = forms.ChoiceField(label=QUESTIONS["tiredness"], choices=LEVEL_CHOICES, required=False)
    connection = forms.ChoiceField(label=QUESTIONS["connection"], choices=LEVEL_CHOICES, required=False)
    pace = forms.ChoiceField(label=QUESTIONS["pace"], choices=_choices(CHOICE_LABELS["pace"]), required=False)
    heard = forms.ChoiceField(label=QUESTIONS["heard"], choices=YES_NO, required=False)
    body_ready = forms.ChoiceField(
        label=QUESTIONS["body_ready"], choices=_choices(CHOICE_LABELS["body_ready"]), required=False
    )
    felt_safe = forms.ChoiceField(
        label=QUESTIONS["felt_safe"], choices=_choices(CHOICE_LABELS["felt_safe"]), required=False
    )
    wanted = forms.ChoiceField(label=QUESTIONS["wanted"], choices=_choices(CHOICE_LABELS["wanted"]), required=False)
    satisfying = forms.ChoiceField(label=QUESTIONS["satisfying"], choices=YES_NO, required=False)
    low_mood_days = forms.ChoiceField(
        label=QUESTIONS["low_mood_days"], choices=_choices(CHOICE_LABELS["low_mood_days"]), required=False
    )
    settings = forms.MultipleChoiceField(
        label="Where, or what kind of setting",
        choices=list(SETTING_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    own_settings = forms.CharField(label="Other setting words (separate with commas)", required=False, max_length=300)
    substances = forms.ChoiceField(
        label="Alcohol or other substances", choices=_choices(SUBSTANCE_LABELS), required=False
    )
    cycle_day = forms.IntegerField(label="Cycle day (optional)", required=False, min_value=1, max_value=60)
    distress_before = forms.ChoiceField(
        label="How upset were you at first? (0 calm, 10 very)", choices=DISTRESS_CHOICES, required=False
    )
    distress_after = forms.ChoiceField(
        label="And later, after some care? (0 calm, 10 very)", choices=DISTRESS_CHOICES, required=False
    )
    helped = forms.MultipleChoiceField(
        label="What helped", choices=list(AFTERCARE_LABELS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    own_helped = forms.CharField(
        label="Other things that helped (separate with commas)", required=False, max_length=300
    )
    notes = forms.CharField(
        label="Notes", required=False, max_length=records.MAX_TEXT, widget=forms.Textarea(attrs={"rows": 4})
    )

    ANSWER_NAMES = (*records.CHOICES, "feelings")

    def to_record(self, record_id: str, drivers: list[str]) -> dict[str, Any]:
        data = self.cleaned_data
        answers: dict[str, Any] = {name: data[name] for name in (*records.CHOICES, "feelings") if data[name]}
        for name in records.LEVELS:
            if data[name] != "":
                answers[name] = int(data[name])
        for name in records.TRUE_FALSE:
            if data[name]:
                answers[name] = data[name] == "yes"
        return {
            "id": record_id,
            "when": data["when"],
            "answers": answers,
            "partner": data["new_partner"].strip() or data["partner"],
            "settings": list(data["settings"]) + _own_words(data["own_settings"]),
            "substances": data["substances"],
            "cycle_day": data["cycle_day"],
            "distress_before": int(data["distress_before"]) if data["distress_before"] != "" else None,
            "distress_after": int(data["distress_after"]) if data["distress_after"] != "" else None,
            "helped": list(data["helped"]) + _own_words(data["own_helped"]),
            "notes": data["notes"],
            "drivers": drivers,
        }


def episode_initial(episode: records.Episode) -> dict[str, Any]:
    answers = episode.answers
    initial: dict[str, Any] = {name: answers.get(name, "") for name in records.CHOICES}
    initial["feelings"] = answers.get("feelings", [])
    for name in records.LEVELS:
        initial[name] = "" if name not in answers else str(answers[name])
    for name in records.TRUE_FALSE:
        initial[name] = "" if name not in answers else ("yes" if answers[name] else "no")
    initial.update(
        when=episode.when,
        partner=episode.partner,
        settings=[s for s in episode.settings if s in SETTING_LABELS],
        own_settings=", ".join(s for s in episode.settings if s not in SETTING_LABELS),
        substances=episode.substances,
        cycle_day=episode.cycle_day,
        distress_before="" if episode.distress_before is None else str(episode.distress_before),
        distress_after="" if episode.distress_after is None else str(episode.distress_after),
        helped=[h for h in episode.helped if h in AFTERCARE_LABELS],
        own_helped=", ".join(h for h in episode.helped if h not in AFTERCARE_LABELS),
        notes=episode.notes,
    )
    return initial


class EncounterForm(PartnerChoices):
    when = forms.DateTimeField(label="When", widget=WHEN_INPUT, input_formats=[records.WHEN_FORMAT, "%Y-%m-%d %H:%M"])
    tears = forms.TypedChoiceField(
        label="Were there tears?",
        choices=[("no", "No"), ("yes", "Yes")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    partner = forms.ChoiceField(label="Who with (optional)", required=False)
    new_partner = forms.CharField(label="Or add a nickname", required=False, max_length=records.MAX_LABEL)
    substances = forms.ChoiceField(
        label="Alcohol or other substances", choices=_choices(SUBSTANCE_LABELS), required=False
    )
    context = forms.MultipleChoiceField(
        label="Was any of this there? Leave all unticked if none was.",
        choices=list(CONTEXT_LABELS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def to_record(self, record_id: str, episode: str | None) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": record_id,
            "when": data["when"],
            "tears": bool(data["tears"]) or episode is not None,
            "partner": data["new_partner"].strip() or data["partner"],
            "substances": data["substances"],
            # This form always asks about context, so unticked means "none of these".
            "context": list(data["context"]),
            "episode": episode,
        }


def encounter_initial(encounter: records.Encounter) -> dict[str, Any]:
    return {
        "when": encounter.when,
        "tears": "yes" if encounter.tears else "no",
        "partner": encounter.partner,
        "substances": encounter.substances,
        "context": encounter.context or [],
    }


def now_local() -> datetime:
    from django.utils import timezone

    return timezone.localtime().replace(second=0, microsecond=0, tzinfo=None)
