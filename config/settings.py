"""Settings, read only from the environment (see .env.example for every variable)."""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import URLValidator, validate_email

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Fernet keys, newest first; older keys still decrypt so keys can rotate.
FIELD_ENCRYPTION_KEYS = env.list("FIELD_ENCRYPTION_KEY")

INSTALLED_APPS = [
    "config.apps.ControlPanelAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "django_rq",
    "simple_history",
    "axes",
    "integrations",
    "integrations.monitoring",
    "mappings",
    "exceptions",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "exceptions.timezones.BrowserTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Webhooks and workers write concurrently: wait for the lock instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Large orders (hundreds of lines) come as one webhook body; Django's 2.5 MB default is tight.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024)
FORMS_URLFIELD_ASSUME_HTTPS = True

# Queue: with REDIS_URL, RQ workers on Redis; without it, an in-process queue.
REDIS_URL = env("REDIS_URL", default="")
SYNC_QUEUE = "sync"
RQ_QUEUES = (
    {
        SYNC_QUEUE: {
            "URL": REDIS_URL,
            "DEFAULT_TIMEOUT": 300,
            "SERIALIZER": "rq.serializers.JSONSerializer",
        }
    }
    if REDIS_URL
    else {}
)

INPROCESS_QUEUE_THREADS = env.int("INPROCESS_QUEUE_THREADS", default=2)
# Run in-process jobs inline when their transaction commits (tests; single-threaded tools).
INPROCESS_QUEUE_EAGER = env.bool("INPROCESS_QUEUE_EAGER", default=False)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = env.bool("WHITENOISE_USE_FINDERS", default=DEBUG)

# Security: safe by default; a local demo over plain HTTP turns these off in its .env.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAdminUser"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Shopify ⇄ NetSuite control panel API",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# Integration behaviour.
HTTP_TIMEOUT_SECONDS = env.float("HTTP_TIMEOUT_SECONDS", default=30.0)
NETSUITE_CONCURRENCY_DEFAULT = env.int("NETSUITE_CONCURRENCY_DEFAULT", default=5)
# NetSuite answers overload with a slow INVALID_LOGIN: a 401 this slow (or one that came
# while our slots were all taken) is tried once more after a jittered pause of 1-2x this.
NETSUITE_SLOW_AUTH_SECONDS = env.float("NETSUITE_SLOW_AUTH_SECONDS", default=20.0)
NETSUITE_AUTH_RETRY_BACKOFF_SECONDS = env.float("NETSUITE_AUTH_RETRY_BACKOFF_SECONDS",
                                                default=1.0)
SHOPIFY_SECRET_GRACE = timedelta(minutes=env.int("SHOPIFY_SECRET_GRACE_MINUTES", default=60))
SYNC_MAX_ATTEMPTS = env.int("SYNC_MAX_ATTEMPTS", default=8)
SYNC_RETRY_BASE_SECONDS = env.float("SYNC_RETRY_BASE_SECONDS", default=10.0)
SYNC_RETRY_MAX_SECONDS = env.float("SYNC_RETRY_MAX_SECONDS", default=3600.0)
CREDENTIAL_EXPIRY_WARNING = timedelta(days=env.int("CREDENTIAL_EXPIRY_WARNING_DAYS", default=7))
SWEEPER_STALE_AFTER = timedelta(minutes=env.int("SWEEPER_STALE_MINUTES", default=10))

# Monitoring and alerts (integrations.monitoring; README "Monitoring and alerts").
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="control-panel@localhost")
# Absolute links in alert mails and webhook posts, e.g. https://control-panel.example.com
CONTROL_PANEL_URL = env("CONTROL_PANEL_URL", default="").rstrip("/")
# A team hears at most once per interval: new alerts wait for the next digest.
ALERT_DIGEST_INTERVAL = timedelta(minutes=env.int("ALERT_DIGEST_MINUTES", default=15))
ALERT_TEAMS = ("finance", "cx", "ops", "integration_admin")  # exceptions.models.Team values


def _checked(name: str, value: str, validate) -> str:
    try:
        validate(value)
    except ValidationError:
        raise ImproperlyConfigured(f"{name}: {value!r} is not valid") from None
    return value


def _alert_emails(team: str) -> list[str]:
    name = f"ALERT_EMAILS_{team.upper()}"
    addresses = (address.strip() for address in env.list(name, default=[]))
    return [_checked(name, address, validate_email) for address in addresses if address]


def _alert_webhook_url(team: str) -> str:
    name = f"ALERT_WEBHOOK_URL_{team.upper()}"
    url = env(name, default="") or env("ALERT_WEBHOOK_URL", default="")
    return _checked(name, url, URLValidator(schemes=["https"])) if url else ""


# Who gets a team's digest besides its members with an email: ALERT_EMAILS_FINANCE=a@b,c@d
ALERT_EMAILS = {team: _alert_emails(team) for team in ALERT_TEAMS}
# Slack-compatible incoming webhooks ({"text": ...}): per team, or one for every team.
ALERT_WEBHOOK_URLS = {team: _alert_webhook_url(team) for team in ALERT_TEAMS}
# A queue is backed up when this many jobs wait, or its oldest has waited this long.
QUEUE_DEPTH_ALERT = env.int("QUEUE_DEPTH_ALERT", default=500)
QUEUE_WAIT_ALERT = timedelta(minutes=env.int("QUEUE_WAIT_ALERT_MINUTES", default=15))
# A store is silent when it had no webhook for as long as it takes, at that hour of the
# week, to typically bring SILENT_STORE_FACTOR deliveries, and never less than the floor.
SILENT_STORE_FLOOR = timedelta(minutes=env.int("SILENT_STORE_FLOOR_MINUTES", default=30))
SILENT_STORE_FACTOR = env.float("SILENT_STORE_FACTOR", default=6.0)
SILENT_STORE_HISTORY = timedelta(weeks=env.int("SILENT_STORE_HISTORY_WEEKS", default=4))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per outgoing request is noise at INFO; failures are logged by our clients.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
