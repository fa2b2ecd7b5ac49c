"""Settings for Dubàn (督办), read from the environment.

The embedded default needs nothing installed: SQLite in ``var/`` and a Celery
broker kept in a SQLite file. Production is switched on by variables:

- ``DJANGO_DEBUG`` is off unless set to 1 (``make dev`` sets it);
- ``DJANGO_SECRET_KEY``; when it is not given, a key is generated once into
  the data folder (``var/secret_key``, mode 0600) and read from there;
- ``DUBAN_SITE_URL`` (the address users reach the app at) and
  ``DJANGO_ALLOWED_HOSTS`` (more host names) decide which hosts are served;
- ``DATABASE_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/duban``);
- ``CELERY_BROKER_URL`` (e.g. ``redis://127.0.0.1:6379/0``);
- behind a TLS proxy: ``DJANGO_SECURE_PROXY_SSL_HEADER=1``,
  ``DJANGO_SECURE_SSL_REDIRECT=1``, ``DJANGO_HSTS_SECONDS=31536000``.
"""
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("DUBAN_VAR_DIR", default=str(BASE_DIR / "var")))
# The data folder holds the embedded database, uploads and secrets: made readable
# by this system user only (an existing folder keeps the mode it was given).
VAR_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)


def _secret_key_from_data_folder(path: Path) -> str:
    """Return the key kept in ``path``, creating it (mode 0600) the first time.

    Several processes start at once (web workers, the Celery worker, beat):
    the file is created exclusively, so they all end up with the same key.
    """
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        key = path.read_text(encoding="ascii").strip()
        if len(key) < 32:
            raise ImproperlyConfigured(f"{path} holds no usable secret key: delete it to have a new one made.")
        return key
    key = secrets.token_urlsafe(50)
    with os.fdopen(descriptor, "w", encoding="ascii") as handle:
        handle.write(key + "\n")
    return key


SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    SECRET_KEY = _secret_key_from_data_folder(VAR_DIR / "secret_key")
elif not DEBUG and (SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is too weak for production: use at least 32 random characters."
    )

# The address users reach the app at: links in emails and group-chat messages start with it.
DUBAN_SITE_URL = env.str("DUBAN_SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")
_site = urlsplit(DUBAN_SITE_URL)
if _site.scheme not in ("http", "https") or not _site.hostname:
    raise ImproperlyConfigured(f"DUBAN_SITE_URL must be an http(s) address such as https://duban.example.gov.cn, not {DUBAN_SITE_URL!r}.")
ALLOWED_HOSTS = sorted(
    {_site.hostname, "localhost", "127.0.0.1", "[::1]", *env.list("DJANGO_ALLOWED_HOSTS", default=[])}
)
CSRF_TRUSTED_ORIGINS = sorted(
    {f"{_site.scheme}://{_site.netloc}", *env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])}
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "django_celery_beat",
    "axes",
    "csp",
    "directives",
]

MIDDLEWARE = [
    # Answers /healthz before the host check: a load balancer asks by address.
    "directives.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or CSRF check reads the body: an upload over the limit is refused by its length.
    "directives.middleware.UploadSizeLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "directives.middleware.PrivatePagesNoStoreMiddleware",
    # Last, so that it sees the outcome of every login attempt.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Refuses a login while its username and address are locked out (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "directives.context_processors.workspace",
            ],
        },
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Wait for a writer instead of failing at once: the web server, the worker
    # and beat share one SQLite file in the embedded setup.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
    # Take the write lock when a transaction begins: two processes that both read
    # and then write (two jobs at once) would otherwise fail at once with
    # "database is locked" instead of waiting their turn.
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}
else:
    # One connection per web worker process, kept between requests and checked
    # before reuse; gunicorn's sync workers bound the total to the worker count.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "directives.security.PasswordMinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Served by whitenoise from the collected copy (hashed names, compressed, cached
# for a year) once `collectstatic` has run, as `make run` does; until then (tests,
# a fresh checkout) straight from the apps' folders.
STATIC_COLLECTED = (STATIC_ROOT / "staticfiles.json").exists()
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG else "tracker.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG or not STATIC_COLLECTED
MEDIA_ROOT = Path(env.str("DUBAN_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded files are served by a permission-checking view, never as static media.
MEDIA_URL = "/media/"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "login"

# Largest upload accepted for speeches and attachments (bytes).
DUBAN_MAX_UPLOAD_BYTES = env.int("DUBAN_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A task turns yellow this many days before its deadline.
DUBAN_YELLOW_DAYS = env.int("DUBAN_YELLOW_DAYS", default=3)
# A task must be accepted (签收) within this many working days of being assigned, else 超时未签收.
DUBAN_ACCEPTANCE_WORKDAYS = env.int("DUBAN_ACCEPTANCE_WORKDAYS", default=1)
# Deadline reminders go out this many days before the deadline (and on the day).
DUBAN_REMINDER_DAYS = env.list("DUBAN_REMINDER_DAYS", cast=int, default=[3, 1])
# Prefix of tracking numbers: 督〔2026〕17号.
DUBAN_TRACKING_PREFIX = env.str("DUBAN_TRACKING_PREFIX", default="督")
# Webhook of the supervision office's group-chat robot (optional).
DUBAN_OFFICE_WEBHOOK_URL = env.str("DUBAN_OFFICE_WEBHOOK_URL", default="")
# Report reminders go to units that have not filed within this many minutes before the cutoff.
DUBAN_REPORT_REMINDER_MINUTES = env.int("DUBAN_REPORT_REMINDER_MINUTES", default=120)
# Webhook deliveries: tries in all, first retry delay (doubling each time), request timeout.
DUBAN_WEBHOOK_MAX_ATTEMPTS = env.int("DUBAN_WEBHOOK_MAX_ATTEMPTS", default=5)
DUBAN_WEBHOOK_RETRY_SECONDS = env.float("DUBAN_WEBHOOK_RETRY_SECONDS", default=60.0)
DUBAN_WEBHOOK_TIMEOUT = env.float("DUBAN_WEBHOOK_TIMEOUT", default=10.0)
# Exports with more rows than this run as a background job.
DUBAN_EXPORT_SYNC_LIMIT = env.int("DUBAN_EXPORT_SYNC_LIMIT", default=3000)
# Speech files larger than this (a PDF: a quarter of it) are read and extracted by a background job,
# which gives up after DUBAN_SPEECH_IMPORT_TIME_LIMIT seconds.
DUBAN_SPEECH_SYNC_BYTES = env.int("DUBAN_SPEECH_SYNC_BYTES", default=1024 * 1024)
DUBAN_SPEECH_IMPORT_TIME_LIMIT = env.int("DUBAN_SPEECH_IMPORT_TIME_LIMIT", default=10 * 60)

EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="duban@localhost")
# The SMTP server when DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
# Used by the file-based email backend (DJANGO_EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = env.str("DJANGO_EMAIL_FILE_PATH", default=str(VAR_DIR / "emails"))

# Celery: an embedded broker in a SQLite file unless CELERY_BROKER_URL is set.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = env.str(
    "CELERY_RESULT_BACKEND",
    default=CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith(("redis://", "rediss://"))
    else f"db+sqlite:///{VAR_DIR / 'celery-results.sqlite3'}",
)
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# Faults. A web request that queues a job must never stall on a broker that is
# down: connect within CELERY_CONNECT_TIMEOUT seconds, retry a publish once (a
# pooled connection the broker dropped), then give up; the job's row stays
# pending and the overdue sweep queues it again (services.requeue).
CELERY_CONNECT_TIMEOUT = env.float("CELERY_CONNECT_TIMEOUT", default=1.0)
CELERY_BROKER_CONNECTION_TIMEOUT = CELERY_CONNECT_TIMEOUT
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0.1, "interval_step": 0.2, "interval_max": 0.2}


def celery_broker_transport_options(url: str) -> dict:
    if url.startswith("sqla+"):
        # The embedded broker: wait at most this long for its SQLite file's lock (these go to create_engine).
        return {"connect_args": {"timeout": 2 * CELERY_CONNECT_TIMEOUT}}
    return {
        "socket_connect_timeout": CELERY_CONNECT_TIMEOUT,
        # A broker that accepts connections but does not answer (frozen) costs as little.
        "socket_timeout": env.float("CELERY_SOCKET_TIMEOUT", default=CELERY_CONNECT_TIMEOUT),
        "max_retries": 1,
        # Redis: a job taken by a worker that died (kill -9) is given to a worker again
        # after this long; it must exceed the longest job (CELERY_TASK_TIME_LIMIT).
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # ...looked for this often by every worker.
        "unacked_restore_interval": env.int("CELERY_UNACKED_RESTORE_SECONDS", default=60),
        "unacked_restore_throttle": 1,
    }


CELERY_BROKER_TRANSPORT_OPTIONS = celery_broker_transport_options(CELERY_BROKER_URL)
# Nobody waits for a job's return value (jobs record their outcome in the
# database), so publishing never touches the result store; tests ask for results
# per call (apply_async(ignore_result=False)).
CELERY_TASK_IGNORE_RESULT = True
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = CELERY_CONNECT_TIMEOUT
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = {"retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}}
# Jobs safe to run twice are acknowledged when done (acks_late, on the task) and
# given back to the queue if their worker dies; a worker holds one job at a time
# so the others wait in the queue for a live worker, not behind a busy one.
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Tests give their worker a queue of its own so no other worker takes their jobs.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")

# Security headers and cookies. Over plain http (the embedded default on
# 127.0.0.1) cookies cannot be "secure" or nobody could log in; behind a TLS
# proxy set DUBAN_SITE_URL=https://… and the proxy variables below.
SECURE_COOKIES = env.bool("DJANGO_SECURE_COOKIES", default=_site.scheme == "https")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=12 * 60 * 60)
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# /healthz is asked over plain http by the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Submitting the site to the browsers' HSTS preload list (W021) is a decision of
# its own, made with DJANGO_HSTS_PRELOAD=1, not a default to be warned about.
SILENCED_SYSTEM_CHECKS = env.list(
    "DJANGO_SILENCED_SYSTEM_CHECKS", default=[] if SECURE_HSTS_PRELOAD else ["security.W021"]
)

# Content-Security-Policy: no inline scripts, nothing from other origins (the
# office network often has no internet, and nothing may be loaded from a CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Django's admin sets style attributes from its own scripts.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Login throttling (django-axes): after DUBAN_LOGIN_FAILURE_LIMIT wrong
# passwords for one username from one address, that pair is locked out for
# DUBAN_LOGIN_COOLOFF_MINUTES; the office can unlock it in admin (访问尝试).
AXES_FAILURE_LIMIT = env.int("DUBAN_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.int("DUBAN_LOGIN_COOLOFF_MINUTES", default=15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
# Behind a reverse proxy, the client's address is the last one the proxies
# added to X-Forwarded-For: set the number of proxies in front of the app.
DUBAN_PROXY_COUNT = env.int("DUBAN_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "directives.security.client_ip"

# Webhooks are only sent to public http(s) hosts: a robot address on loopback or
# a private network is refused unless this is on (an office's own intranet robot).
DUBAN_WEBHOOK_ALLOW_PRIVATE = env.bool("DUBAN_WEBHOOK_ALLOW_PRIVATE", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
