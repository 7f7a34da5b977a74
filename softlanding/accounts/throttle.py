"""Lockout with cool-off, per username and per address. Never permanent.

After ``VAULT_LOCKOUT_ATTEMPTS`` failures for one username (four times that
for one address) further tries wait: one minute, then doubling up to
``VAULT_LOCKOUT_MINUTES``. A quiet period twice that long forgets the
failures. Unknown usernames are counted exactly like real ones, so a
lockout says nothing about whether an account exists.
"""

from __future__ import annotations

import ipaddress
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from softlanding.accounts.models import UnlockThrottle

ADDRESS_FACTOR = 4


@dataclass(frozen=True)
class Subject:
    key: str
    threshold: int


class LockedOut(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("Too many tries")
        self.retry_after = retry_after

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.retry_after / 60))


def _parse(raw: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(raw.strip())
    except ValueError:
        return None


def _peer(request: HttpRequest) -> str:
    """The address to count failures against.

    A hosted install runs behind a TLS proxy on the same machine
    (docs/self-hosting.md), so every request comes from a loopback address;
    counting that would lock everyone out together after a few failures.
    When the peer is loopback, the last X-Forwarded-For entry is the one that
    proxy wrote, so it is used instead. From any other peer the header is
    ignored: a client could write anything in it.
    """
    raw = request.META.get("REMOTE_ADDR", "") or "unknown"
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")[-1].strip()
    peer = _parse(raw)
    if forwarded and peer is not None and peer.is_loopback and _parse(forwarded) is not None:
        return forwarded
    return raw


def client_address(request: HttpRequest) -> str:
    """The client's address; IPv6 is grouped by /64 (one household or device
    usually holds a whole /64, so counting single addresses would be moot)."""
    raw = _peer(request)
    address = _parse(raw)
    if address is None:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _hash(kind: str, value: str) -> str:
    return salted_hmac("softlanding.throttle", f"{kind}:{value}", algorithm="sha256").hexdigest()


def subjects(action: str, username: str, address: str) -> list[Subject]:
    attempts = int(settings.VAULT_LOCKOUT_ATTEMPTS)
    return [
        Subject(_hash(f"{action}-user", username.strip().lower()), attempts),
        Subject(_hash(f"{action}-addr", address), attempts * ADDRESS_FACTOR),
    ]


def _max_cool_off() -> timedelta:
    return timedelta(minutes=int(settings.VAULT_LOCKOUT_MINUTES))


def check(items: list[Subject], now: datetime | None = None) -> None:
    """Raise :class:`LockedOut` if any subject is cooling off."""
    now = now or timezone.now()
    rows = UnlockThrottle.objects.filter(key__in=[s.key for s in items], locked_until__gt=now)
    waits = [(row.locked_until - now).total_seconds() for row in rows if row.locked_until]
    if waits:
        raise LockedOut(math.ceil(max(waits)))


def record_failure(items: list[Subject], now: datetime | None = None) -> None:
    now = now or timezone.now()
    forget_before = now - 2 * _max_cool_off()
    with transaction.atomic():
        for subject in items:
            row, _ = UnlockThrottle.objects.select_for_update().get_or_create(
                key=subject.key, defaults={"last_failure": now}
            )
            if row.last_failure < forget_before:
                row.failures = 0
            row.failures += 1
            row.last_failure = now
            over = row.failures - subject.threshold
            if over >= 0:
                minutes = min(2 ** min(over, 16), int(settings.VAULT_LOCKOUT_MINUTES))
                row.locked_until = now + timedelta(minutes=minutes)
            row.save()
        # Old rows say nothing useful; drop them so the table stays small.
        UnlockThrottle.objects.filter(last_failure__lt=forget_before).delete()


def clear(subject: Subject) -> None:
    UnlockThrottle.objects.filter(key=subject.key).delete()
