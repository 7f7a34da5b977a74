from __future__ import annotations

from django import forms

from softlanding.pause import pacing
from softlanding.pause.card import MAX_ITEMS, MAX_LENGTH, Card, validate


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CardForm(forms.Form):
    phrases = forms.CharField(
        label="My own phrases (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"Up to {MAX_ITEMS} lines of {MAX_LENGTH} characters. They show under “Say it”.",
    )
    aftercare = forms.CharField(
        label="What helps me afterwards (one per line)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: a glass of water, being held, a warm blanket, some quiet. They show under “Shift”.",
    )
    inhale = forms.IntegerField(
        label="Breathe in (seconds)", min_value=pacing.PHASE_MIN, max_value=pacing.PHASE_MAX, initial=4
    )
    hold = forms.IntegerField(label="Hold (seconds)", min_value=pacing.HOLD_MIN, max_value=pacing.HOLD_MAX, initial=0)
    exhale = forms.IntegerField(
        label="Breathe out (seconds)", min_value=pacing.PHASE_MIN, max_value=pacing.PHASE_MAX, initial=6
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if self.errors:
            return data
        raw = {
            "phrases": _lines(str(data.get("phrases", ""))),
            "aftercare": _lines(str(data.get("aftercare", ""))),
            "pace": {"in": data["inhale"], "out": data["exhale"], "hold": data["hold"]},
        }
        try:
            self.card = validate(raw)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None
        return data

    @classmethod
    def for_card(cls, card: Card) -> CardForm:
        return cls(
            initial={
                "phrases": "\n".join(card.phrases),
                "aftercare": "\n".join(card.aftercare),
                "inhale": card.pace.inhale,
                "hold": card.pace.hold,
                "exhale": card.pace.exhale,
            }
        )
