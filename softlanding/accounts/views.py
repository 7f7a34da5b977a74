"""Account pages: sign up, unlock and lock, recovery, passphrase and code
changes, export, import and delete. The work happens in services.py."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from softlanding.accounts import forms, keyring, portability, services, uploads
from softlanding.accounts.throttle import LockedOut, client_address
from softlanding.accounts.uploads import BoundedMemoryUploadHandler
from softlanding.accounts.vault import (
    VaultLocked,
    browser_client_key,
    get_vault,
    lock,
    open_browser_session,
    safe_next,
    set_cookie,
    start_browser_session,
    vault_required,
    vault_user,
)
from softlanding.lib import crypto

#: Django session key for a keyed hash of the recovery code's last group, so
#: the confirm step can check it without the code being stored anywhere.
CONFIRM_KEY = "recovery_confirm"

#: Error reports (DEBUG pages, mailed reports) show none of the POST fields of
#: these pages: they are passphrases, codes and answers.
hide_post = sensitive_post_parameters()

BUSY = "Many people are unlocking right now. Please wait a moment and try again."


def _locked_text(exc: LockedOut) -> str:
    minutes = exc.minutes
    unit = "minute" if minutes == 1 else "minutes"
    return (
        f"There were too many tries, so unlocking is paused for about {minutes} {unit}. "
        "This protects your data. Nothing you saved is affected."
    )


def _unlocked(request: HttpRequest) -> bool:
    try:
        get_vault(request)
    except VaultLocked:
        return False
    return True


def _page(request: HttpRequest, template: str, context: dict[str, object], status: int = 200) -> HttpResponse:
    response = render(request, f"accounts/{template}", context, status=status)
    if status == 503:
        response["Retry-After"] = "5"
    return response


def _problem_page(request: HttpRequest, template: str, context: dict[str, object], exc: Exception) -> HttpResponse:
    """Render ``template`` with a message for a lockout, a busy server or
    bad credentials."""
    if isinstance(exc, LockedOut):
        response = _page(request, template, {**context, "problem": _locked_text(exc)}, status=429)
        response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, keyring.Busy):
        return _page(request, template, {**context, "problem": BUSY}, status=503)
    return _page(request, template, {**context, "problem": str(exc)}, status=400)


def _code_hash(group: str, client_key: bytes) -> str:
    # Keyed with the browser's client half, which only the browser holds: a
    # copy of the session table alone cannot be searched for the last group
    # (4 characters, about 20 bits, are quick to try one by one).
    message = keyring.normalise_recovery_code(group).encode()
    return hmac.new(client_key, message, hashlib.sha256).hexdigest()


def _show_code(request: HttpRequest, code: str, client_key: bytes) -> HttpResponse:
    """The one and only time a recovery code is shown."""
    request.session[CONFIRM_KEY] = _code_hash(keyring.last_group(code), client_key)
    context = {"code": code, "form": forms.ConfirmCodeForm()}
    return _page(request, "recovery_code.html", context)


# --- Pages --------------------------------------------------------------------------


@require_http_methods(["GET"])
def index(request: HttpRequest) -> HttpResponse:
    if not _unlocked(request):
        return _page(request, "index_locked.html", {"ended": request.GET.get("ended") == "1"})
    context = {
        "username": vault_user(request).username,
        # The code was shown but its saving not yet checked: ask again here.
        "unconfirmed": CONFIRM_KEY in request.session,
        "form": forms.ConfirmCodeForm(),
    }
    return _page(request, "index.html", context)


@hide_post
@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    form = forms.SignUpForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, "signup.html", {"form": form}, status=400 if request.method == "POST" else 200)
    try:
        account = services.sign_up(form.cleaned_data["username"], form.cleaned_data["passphrase"])
    except services.InvalidInput as exc:
        for name, problems in exc.problems.items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return _page(request, "signup.html", {"form": form}, status=400)
    except keyring.Busy as exc:
        return _problem_page(request, "signup.html", {"form": form}, exc)
    new = open_browser_session(request, account.user, account.dek)
    response = _show_code(request, account.recovery_code, new.client_key)
    set_cookie(response, new.client_key)
    return response


def _code_matches(request: HttpRequest, group: str, expected: str) -> bool:
    client_key = browser_client_key(request)
    return client_key is not None and hmac.compare_digest(_code_hash(group, client_key), expected)


@hide_post
@require_POST
def confirm_code(request: HttpRequest) -> HttpResponse:
    expected = request.session.get(CONFIRM_KEY)
    if not expected:
        return HttpResponseRedirect(reverse("accounts:index"))
    form = forms.ConfirmCodeForm(request.POST)
    if form.is_valid() and _code_matches(request, form.cleaned_data["last_group"], str(expected)):
        del request.session[CONFIRM_KEY]
        return _page(request, "code_confirmed.html", {})
    if form.is_valid():
        form.add_error(
            "last_group",
            "That does not match the last group of your code. Look at the copy you saved and try again.",
        )
    return _page(request, "recovery_code.html", {"form": form, "code": None}, status=400)


@hide_post
@require_http_methods(["GET", "POST"])
def unlock(request: HttpRequest) -> HttpResponse:
    next_url = safe_next(request, request.POST.get("next") or request.GET.get("next"), reverse("accounts:index"))
    form = forms.UnlockForm(request.POST or None)
    context: dict[str, object] = {"form": form, "next": next_url, "ended": request.GET.get("ended") == "1"}
    if request.method != "POST":
        return _page(request, "unlock.html", context)
    if not form.is_valid():
        return _page(request, "unlock.html", context, status=400)
    try:
        user, dek = services.unlock(
            form.cleaned_data["username"], form.cleaned_data["passphrase"], client_address(request)
        )
    except (services.BadCredentials, LockedOut, keyring.Busy) as exc:
        return _problem_page(request, "unlock.html", {**context, "form": forms.UnlockForm()}, exc)
    response = HttpResponseRedirect(next_url)
    start_browser_session(request, response, user, dek)
    return response


@require_POST
def lock_view(request: HttpRequest) -> HttpResponse:
    response = HttpResponseRedirect(reverse("accounts:index") + "?locked=1")
    lock(request, response)
    return response


@hide_post
@require_http_methods(["GET", "POST"])
def recover(request: HttpRequest) -> HttpResponse:
    form = forms.RecoverForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, "recover.html", {"form": form}, status=400 if request.method == "POST" else 200)
    data = form.cleaned_data
    try:
        result = services.recover(
            data["username"], data["recovery_code"], data["new_passphrase"], client_address(request)
        )
    except (services.BadCredentials, LockedOut, keyring.Busy) as exc:
        return _problem_page(request, "recover.html", {"form": forms.RecoverForm()}, exc)
    new = open_browser_session(request, result.user, result.dek)
    response = _show_code(request, result.recovery_code, new.client_key)
    set_cookie(response, new.client_key)
    return response


def _confirm(request: HttpRequest, form: forms.PassphraseForm) -> tuple[User, bytes]:
    """The user and data key after re-entering the passphrase (raises
    BadCredentials / LockedOut / Busy)."""
    user = vault_user(request)
    dek = services.confirm_passphrase(user, form.cleaned_data["passphrase"], client_address(request))
    return user, dek


@hide_post
@vault_required
@require_http_methods(["GET", "POST"])
def change_passphrase(request: HttpRequest) -> HttpResponse:
    user = vault_user(request)
    form = forms.ChangePassphraseForm(request.POST or None, initial={"username": user.username})
    if request.method != "POST" or not form.is_valid():
        return _page(request, "passphrase.html", {"form": form}, status=400 if request.method == "POST" else 200)
    from softlanding.accounts.vault import current_session

    try:
        services.change_passphrase(
            user,
            form.cleaned_data["current"],
            form.cleaned_data["new_passphrase"],
            client_address(request),
            keep_session=current_session(request),
        )
    except services.InvalidInput as exc:
        for problem in exc.problems.get("new_passphrase", []):
            form.add_error("new_passphrase", problem)
        return _page(request, "passphrase.html", {"form": form}, status=400)
    except (services.BadCredentials, LockedOut, keyring.Busy) as exc:
        return _problem_page(request, "passphrase.html", {"form": forms.ChangePassphraseForm()}, exc)
    user.refresh_from_db()
    update_session_auth_hash(request, user)
    return _page(request, "passphrase.html", {"done": True})


@hide_post
@vault_required
@require_http_methods(["GET", "POST"])
def regenerate_code(request: HttpRequest) -> HttpResponse:
    form = forms.PassphraseForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, "regenerate.html", {"form": form}, status=400 if request.method == "POST" else 200)
    user = vault_user(request)
    try:
        code = services.regenerate_code(user, form.cleaned_data["passphrase"], client_address(request))
    except (services.BadCredentials, LockedOut, keyring.Busy) as exc:
        return _problem_page(request, "regenerate.html", {"form": forms.PassphraseForm()}, exc)
    # A client that unlocked with a bearer token has no cookie: the code is
    # shown all the same, it just cannot be checked on this page.
    client_key = browser_client_key(request) or crypto.random_key()
    return _show_code(request, code, client_key)


@hide_post
@vault_required
@require_http_methods(["GET", "POST"])
def export(request: HttpRequest) -> HttpResponse:
    form = forms.PassphraseForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, "export.html", {"form": form}, status=400 if request.method == "POST" else 200)
    try:
        _confirm(request, form)
    except (services.BadCredentials, LockedOut, keyring.Busy) as exc:
        return _problem_page(request, "export.html", {"form": forms.PassphraseForm()}, exc)
    response = HttpResponse(portability.export_bytes(request.vault), content_type="application/json")  # type: ignore[attr-defined]
    response["Content-Disposition"] = 'attachment; filename="soft-landing-export.json"'
    return response


def _too_large(request: HttpRequest) -> HttpResponse:
    limit = int(settings.VAULT_IMPORT_MAX_BYTES)
    problem = portability.too_large_message(limit)
    return _page(request, "import.html", {"form": forms.ImportForm(), "problem": problem}, status=413)


# CSRF is checked by csrf_protect on _import, once the upload handler is in
# place: the middleware would read the body (and spool the file) before it.
@csrf_exempt
@vault_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    handler = uploads.use_memory_only(request, int(settings.VAULT_IMPORT_MAX_BYTES))
    return _import(request, handler)


@csrf_protect
def _import(request: HttpRequest, handler: BoundedMemoryUploadHandler) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    if handler.too_large:
        return _too_large(request)
    if request.method != "POST" or not form.is_valid():
        return _page(request, "import.html", {"form": form}, status=400 if request.method == "POST" else 200)
    try:
        data = portability.parse(form.cleaned_data["file"].read(), int(settings.VAULT_IMPORT_MAX_BYTES))
        imported = portability.import_all(request.vault, data)  # type: ignore[attr-defined]
    except portability.ImportRejected as exc:
        return _page(request, "import.html", {"form": forms.ImportForm(), "problem": str(exc)}, status=exc.status)
    return _page(request, "import.html", {"done": True, "imported": imported})


@hide_post
@vault_required
@require_http_methods(["GET", "POST"])
def delete(request: HttpRequest) -> HttpResponse:
    form = forms.DeleteForm(request.POST or None)
    if request.method != "POST" or not form.is_valid():
        return _page(request, "delete.html", {"form": form}, status=400 if request.method == "POST" else 200)
    try:
        user, _ = _confirm(request, form)
    except (services.BadCredentials, LockedOut, keyring.Busy) as exc:
        return _problem_page(request, "delete.html", {"form": forms.DeleteForm()}, exc)
    response = _page(request, "deleted.html", {})
    lock(request, response)
    keyring.destroy_account(user)
    return response
