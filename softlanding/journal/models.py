"""Journal rows: an owner, an id, and one sealed blob each.

Everything personal (dates and times included) lives inside the blob, sealed
by the owner's vault with the row id bound into the associated data, so a
stolen database shows only how many rows someone has. Sorting and filtering
happen after decrypting: one person's journal is small.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

#: Table names bound into each blob's associated data (never change them).
EPISODE_TABLE = "journal_episode"
ENCOUNTER_TABLE = "journal_encounter"
PROFILE_TABLE = "journal_profile"
FIELD = "record"


class Episode(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"episode {self.pk}"


class Encounter(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"encounter {self.pk}"


class JournalProfile(models.Model):
    """The owner's partner nicknames and dismissed nudges, sealed."""

    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+")
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"journal profile {self.pk}"
