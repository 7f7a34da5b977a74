from __future__ import annotations

from django.conf import settings
from django.db import models


class PartnerLink(models.Model):
    """A link between two accounts. Ended links stay so access can be checked
    against them (an ex-partner is not a stranger, but sees nothing new)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="links_owned")
    partner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="links_joined")
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"link {self.pk}"
