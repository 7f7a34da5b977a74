"""Forms for the account pages. The rules themselves live in
softlanding.lib.passwords and softlanding.accounts.services, shared with the API."""

from __future__ import annotations

from typing import Any

from django import forms

from softlanding.lib import passwords


def _secret(autocomplete: str, label: str, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        strip=False,
        max_length=passwords.MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete, "spellcheck": "false"}),
    )


def _username() -> forms.CharField:
    return forms.CharField(
        label="Username",
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}),
    )


class _NewPassphraseMixin(forms.Form):
    """Two fields that must match and follow the passphrase rules."""

    new_field = "passphrase"

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, again = data.get(self.new_field), data.get("passphrase_again")
        if first and again is not None and first != again:
            self.add_error("passphrase_again", "The two passphrases are not the same. Please type them again.")
        if first:
            for problem in passwords.passphrase_problems(first, str(data.get("username", ""))):
                self.add_error(self.new_field, problem)
        return data


class SignUpForm(_NewPassphraseMixin):
    username = _username()
    passphrase = _secret(
        "new-password",
        "Passphrase",
        "At least 10 characters. A few ordinary words in a row are easy to remember and hard to guess.",
    )
    passphrase_again = _secret("new-password", "Passphrase again")
    understood = forms.BooleanField(
        label="I understand: if I lose both my passphrase and my recovery code, nobody can get my data back. "
        "Not even the people who run this site.",
    )

    def clean_username(self) -> str:
        name = passwords.normalise_username(self.cleaned_data["username"])
        for problem in passwords.username_problems(name):
            raise forms.ValidationError(problem)
        return name


class UnlockForm(forms.Form):
    username = _username()
    passphrase = _secret("current-password", "Passphrase")


class ConfirmCodeForm(forms.Form):
    last_group = forms.CharField(
        label="The last group of your recovery code",
        help_text="The four characters after the last dash.",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )


class PassphraseForm(forms.Form):
    """Re-entering the passphrase before something important."""

    passphrase = _secret("current-password", "Your passphrase")


class ChangePassphraseForm(_NewPassphraseMixin):
    new_field = "new_passphrase"
    current = _secret("current-password", "Current passphrase")
    new_passphrase = _secret("new-password", "New passphrase", "At least 10 characters.")
    passphrase_again = _secret("new-password", "New passphrase again")


class RecoverForm(_NewPassphraseMixin):
    new_field = "new_passphrase"
    username = _username()
    recovery_code = forms.CharField(
        label="Recovery code",
        max_length=80,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    new_passphrase = _secret("new-password", "New passphrase", "At least 10 characters.")
    passphrase_again = _secret("new-password", "New passphrase again")


class ImportForm(forms.Form):
    file = forms.FileField(label="Export file (.json)")


class DeleteForm(PassphraseForm):
    confirm = forms.CharField(
        label='Type "delete" to confirm',
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def clean_confirm(self) -> str:
        value = self.cleaned_data["confirm"].strip().lower()
        if value != "delete":
            raise forms.ValidationError('Type the word "delete" to confirm.')
        return value
