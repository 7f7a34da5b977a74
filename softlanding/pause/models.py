"""The person's own pause card: one row per user, one sealed blob.

The phrases, aftercare wishes and breathing pace all live inside the blob,
sealed by the owner's vault with the row id bound into the associated data.
A stolen database shows only that someone has a card.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

#: Bound into the blob's associated data (never change them).
CARD_TABLE = "pause_card"
CARD_FIELD = "card"


class PauseCard(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"pause card {self.pk}"
