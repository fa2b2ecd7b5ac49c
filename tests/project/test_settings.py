import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _check(env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_settings_production_refuses_to_start_without_secret_key(tmp_path):
    result = _check({"DJANGO_DEBUG": "0", "DUBAN_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_settings_production_refuses_a_weak_secret_key(tmp_path):
    result = _check({"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short", "DUBAN_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_settings_production_starts_with_a_real_secret_key(tmp_path):
    result = _check(
        {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "9f8a7s6d5f4g3h2j1kq", "DUBAN_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr


def test_settings_embedded_default_is_sqlite_and_sqlite_broker(settings):
    if os.environ.get("DATABASE_URL"):
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    else:
        assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    if not os.environ.get("CELERY_BROKER_URL"):
        assert settings.CELERY_BROKER_URL.startswith("sqla+sqlite:///")


def test_settings_chinese_first_in_shanghai(settings):
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert "en" in dict(settings.LANGUAGES)
