import os
import stat
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "DUBAN_SITE_URL"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def _setting(name, env_overrides):
    result = _run(["shell", "-c", f"from django.conf import settings; print(repr(settings.{name}))"], env_overrides)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_settings_debug_is_off_unless_asked_for(tmp_path):
    assert _setting("DEBUG", {"DUBAN_VAR_DIR": str(tmp_path)}) == "False"
    assert _setting("DEBUG", {"DUBAN_VAR_DIR": str(tmp_path), "DJANGO_DEBUG": "1"}) == "True"


def test_settings_secret_key_generated_once_into_the_data_folder(tmp_path):
    # when
    first = _setting("SECRET_KEY", {"DUBAN_VAR_DIR": str(tmp_path)})
    second = _setting("SECRET_KEY", {"DUBAN_VAR_DIR": str(tmp_path)})
    # then
    key_file = tmp_path / "secret_key"
    assert first == second == repr(key_file.read_text().strip())
    assert len(key_file.read_text().strip()) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_settings_production_refuses_a_weak_secret_key(tmp_path):
    result = _run(["check"], {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "short", "DUBAN_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "too weak" in result.stderr


def test_settings_production_starts_with_a_real_secret_key(tmp_path):
    result = _run(
        ["check"], {"DJANGO_DEBUG": "0", "DJANGO_SECRET_KEY": "k" * 20 + "9f8a7s6d5f4g3h2j1kq", "DUBAN_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode == 0, result.stderr


def test_settings_allowed_hosts_from_site_url_and_variable(tmp_path):
    hosts = _setting(
        "ALLOWED_HOSTS",
        {"DUBAN_VAR_DIR": str(tmp_path), "DUBAN_SITE_URL": "https://duban.example.gov.cn", "DJANGO_ALLOWED_HOSTS": "10.0.0.5"},
    )
    assert "'duban.example.gov.cn'" in hosts and "'10.0.0.5'" in hosts and "'*'" not in hosts
    origins = _setting("CSRF_TRUSTED_ORIGINS", {"DUBAN_VAR_DIR": str(tmp_path), "DUBAN_SITE_URL": "https://duban.example.gov.cn"})
    assert "'https://duban.example.gov.cn'" in origins


def _readme_environment_file() -> dict:
    """The settings README's deployment section puts in /etc/duban.env (database and broker left out)."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("/etc/duban.env", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    settings = {}
    for line in block.splitlines():
        line = line.split("#", 1)[0].strip()
        if "=" in line:
            name, value = line.split("=", 1)
            settings[name.strip()] = value.strip()
    return {k: v for k, v in settings.items() if k.startswith(("DJANGO_", "DUBAN_")) and "…" not in v}


def test_settings_deploy_check_clean_with_the_readme_settings_behind_a_tls_proxy(tmp_path):
    # given the settings the README documents for a server behind a TLS proxy
    env = {**_readme_environment_file(), "DUBAN_VAR_DIR": str(tmp_path)}
    assert env["DJANGO_SECURE_PROXY_SSL_HEADER"] == "1" and env["DUBAN_SITE_URL"].startswith("https://")
    # when
    result = _run(["check", "--deploy", "--fail-level", "WARNING"], env)
    # then
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_a_bad_site_url_is_refused_with_a_message(tmp_path):
    result = _run(["check"], {"DUBAN_VAR_DIR": str(tmp_path), "DUBAN_SITE_URL": "duban.example"})
    assert result.returncode != 0
    assert "DUBAN_SITE_URL must be an http(s) address" in result.stderr


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


def test_settings_a_new_data_folder_is_private(tmp_path):
    folder = tmp_path / "new-var"
    _setting("DEBUG", {"DUBAN_VAR_DIR": str(folder)})
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
