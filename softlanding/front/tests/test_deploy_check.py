"""``manage.py check --deploy`` passes under production settings."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings


def test_deploy_check_passes_with_production_settings(tmp_path: Path) -> None:
    # Start from the real environment minus what only the test run sets.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "SOFTLANDING_DATA_DIR": str(tmp_path),
        "SOFTLANDING_HTTPS": "true",
        "SOFTLANDING_DEBUG": "false",
        "SOFTLANDING_SECRET_KEY": "k" * 20 + "-production-secret-for-the-deploy-check-" + "z" * 20,
        "SOFTLANDING_ALLOWED_HOSTS": "landing.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.REPO_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
