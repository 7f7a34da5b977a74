"""Write distinctive canary strings through every personal input that exists.

Generic on purpose, so fields added later are covered without editing this
file:

- every JSON API operation that creates something (POST without a path
  parameter) gets a body whose every free-text field holds a canary and
  whose every date holds a distinctive date (dates are personal too);
  fields the server refuses (422) are dropped one by one and the rest sent;
- every POST form reachable by following links from the start page, as an
  unlocked user, is submitted with canaries in every text input;
- the account's own secrets (passphrase, recovery code, session token,
  cookie half, data key) are canaries too.

Run as a module (``python -m softlanding.accounts.tests.canaries DIR``) it
does all that against a fresh SQLite database in DIR with the production
database settings, then prints the canaries as JSON, so a test can scan the
real file, its -wal and the process's log output.
"""

from __future__ import annotations

import itertools
import json
import re
import sys
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

from django.test import Client

#: A date nobody would type by chance; found in the clear = a leak.
CANARY_DATE = "1987-06-05"
CANARY_DATETIME = f"{CANARY_DATE}T04:03:00"
SKIP_WORDS = ("delete", "remove", "forget", "unlink", "end")
SKIP_PATHS = ("/exit/", "/account/lock/", "/account/delete/", "/static/", "/api/", "/account/new/", "/account/recover/")
_counter = itertools.count(1)


def new_canary(kind: str = "text") -> str:
    return f"Canary{kind.capitalize()}{next(_counter):03d}Qz"


# --- The JSON API -------------------------------------------------------------------


def _resolve(schema: dict[str, Any], spec: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _fill(name: str, schema: dict[str, Any], spec: dict[str, Any], used: list[str]) -> Any:
    schema = _resolve(schema, spec)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [o for o in schema[key] if _resolve(o, spec).get("type") != "null"]
            return _fill(name, options[0], spec, used) if options else None
    kind = schema.get("type")
    if "enum" in schema:
        return schema["enum"][0]
    if kind == "string":
        if schema.get("format") in {"date", "date-time"} or name in {"when", "date", "day", "at", "started", "ended"}:
            return CANARY_DATETIME if schema.get("format") != "date" else CANARY_DATE
        canary = new_canary()
        used.append(canary)
        return canary
    if kind == "integer":
        return int(schema.get("minimum", 1))
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return True
    if kind == "array":
        return [_fill(name, schema.get("items", {}), spec, used)]
    properties = schema.get("properties")
    if properties:
        return {k: _fill(k, v, spec, used) for k, v in properties.items()}
    if kind == "object" or schema.get("additionalProperties"):
        key, value = new_canary("key"), new_canary()
        used += [key, value]
        return {key: value}
    canary = new_canary()
    used.append(canary)
    return canary


def _drop(body: dict[str, Any], answer: dict[str, Any]) -> bool:
    """Remove the top-level fields the server refused (from the ``errors``
    list, or named in ``detail``); False if none could be found."""
    refused = set()
    for error in answer.get("errors", []):
        loc = [p for p in error.get("loc", []) if p not in {"body", "payload"}]
        if loc:
            refused.add(loc[0])
    detail = str(answer.get("detail", ""))
    refused |= {key for key in body if re.search(rf"\b{re.escape(key)}\b", detail)}
    for key in refused & set(body):
        del body[key]
    return bool(refused & set(body)) or bool(refused)


def write_through_api(token: str) -> list[str]:
    client = Client(headers={"Authorization": f"Bearer {token}"})
    spec = json.loads(client.get("/api/v1/openapi.json").content)
    used: list[str] = []
    for path, operations in spec["paths"].items():
        op = operations.get("post")
        if op is None or "{" in path or path.endswith(("/account", "/session", "/import")):
            continue
        content = op.get("requestBody", {}).get("content", {}).get("application/json")
        if not content:
            continue
        body = _fill("body", content["schema"], spec, used)
        for _ in range(20):
            response = client.post(path, json.dumps(body), content_type="application/json")
            if response.status_code != 422 or not isinstance(body, dict):
                break
            if not _drop(body, json.loads(response.content)):
                break
    return used


# --- Web forms -------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = {"action": a.get("action", ""), "method": a.get("method", "get").lower(), "fields": []}
            self.forms.append(self._form)
        elif self._form is not None and tag == "select" and a.get("name"):
            self._select = a["name"]
        elif self._form is not None and tag in {"input", "textarea"} and a.get("name"):
            self._form["fields"].append((tag, a.get("type", "text").lower(), a["name"], a.get("value", "")))
        elif self._form is not None and tag == "option" and self._select:
            self._form["fields"].append(("option", "", self._select, a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _form_data(fields: list[tuple[str, str, str, str]], used: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for tag, kind, name, value in fields:
        if tag == "option":
            if value:  # the last real choice: more is stored than with a blank
                data[name] = value
        elif kind in {"hidden", "submit", "button"}:
            data.setdefault(name, value)
        elif kind in {"checkbox", "radio"}:
            if kind == "checkbox":
                data.setdefault(name, [])
                if isinstance(data[name], list):
                    data[name].append(value or "on")
            else:
                data.setdefault(name, value)
        elif kind in {"date", "datetime-local"}:
            data[name] = CANARY_DATE if kind == "date" else CANARY_DATETIME[:16]
        elif kind in {"number", "range"}:
            data[name] = "1"
        elif kind == "file" or kind == "password":
            continue
        else:
            canary = new_canary()
            used.append(canary)
            data[name] = canary
    return data


def write_through_forms(client: Client, limit: int = 80) -> list[str]:
    used: list[str] = []
    seen: set[str] = set()
    queue = ["/"]
    submitted: set[str] = set()
    while queue and len(seen) < limit:
        url = queue.pop(0)
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        page = _Page()
        page.feed(response.content.decode())
        for href in page.links:
            target = urljoin(url, href)
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith("/") or parts.path.startswith(SKIP_PATHS):
                continue
            queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        for form in page.forms:
            action = urljoin(url, form["action"] or url)
            path = urlsplit(action).path
            skip = path.startswith(SKIP_PATHS) or any(word in path for word in SKIP_WORDS)
            if form["method"] != "post" or skip or action in submitted:
                continue
            submitted.add(action)
            client.post(action, _form_data(form["fields"], used))
    return used


# --- Everything ------------------------------------------------------------------


def write_everything() -> list[str]:
    """Sign up and unlock (passphrase and code are canaries), then write
    canaries through the API and every form. Returns every canary."""
    from softlanding.accounts.vault import COOKIE_NAME
    from softlanding.test import _dek

    passphrase = f"{new_canary('secret')} and more words"
    browser = Client()
    response = browser.post(
        "/account/new/",
        {"username": "canary-user", "passphrase": passphrase, "passphrase_again": passphrase, "understood": "on"},
    )
    code_match = re.search(r"<code>([A-Z0-9-]+)</code>", response.content.decode())
    assert code_match, "sign-up shows a recovery code"
    code = code_match.group(1)
    browser.post("/account/new/confirm/", {"last_group": code[-4:]})
    session = json.loads(
        Client()
        .post(
            "/api/v1/session",
            json.dumps({"username": "canary-user", "passphrase": passphrase}),
            content_type="application/json",
        )
        .content
    )
    token = session["token"]
    from django.contrib.auth.models import User

    dek = _dek(User.objects.get(username="canary-user"), passphrase)
    secrets = [
        passphrase,
        code,
        code.replace("-", ""),
        token.split(".")[1],
        browser.cookies[COOKIE_NAME].value,
        dek.hex(),
    ]
    written = write_through_api(token) + write_through_forms(browser)
    return secrets + written + [CANARY_DATE]


def decoded_sessions() -> bytes:
    """Django's session rows, decoded: the table holds them signed and
    compressed, so a byte scan of the database alone would miss a canary
    that a view put in the session."""
    from django.contrib.sessions.models import Session

    return "\n".join(repr(row.get_decoded()) for row in Session.objects.all()).encode("utf-8")


def main(data_dir: str) -> int:
    """Run against a fresh file database in ``data_dir`` and scan it."""
    import os

    os.environ["SOFTLANDING_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "softlanding.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client needs 'testserver' allowed
    call_command("migrate", verbosity=0)
    canaries = write_everything()
    from pathlib import Path

    from softlanding.test import stored_bytes

    # Copy the files while the connection is open (the -wal still holds the
    # recent pages); the caller also scans the main file after this process
    # ends (SQLite then checkpoints everything into it).
    for name, data in stored_bytes().items():
        (Path(data_dir) / f"snapshot-{name}").write_bytes(data)
    (Path(data_dir) / "snapshot-sessions-decoded").write_bytes(decoded_sessions())
    connection.close()
    print(json.dumps({"canaries": canaries}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
