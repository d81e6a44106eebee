"""Settings shared by every environment. Values come from the environment, parsed strictly (config.env)."""

import datetime as dt
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

from config.env import env_bool, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("KYCUONG_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",  # the stock widget templates, for FORM_RENDERER below
    "django_filters",
    "config.apps.CeleryBeatConfig",  # config.apps: Vietnamese names for these three in the admin
    "simple_history",
    "config.apps.AxesConfig",
    "django_otp",
    "config.apps.OTPTOTPConfig",
    "csp",
    "units",
    "officials",
    "violations",
    "reports",
    "accounts",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.limits.RequestBodyLimitMiddleware",
    "config.errors.UndecodableBodyMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.RequireSecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.i18n",
                "violations.navigation.navigation",
            ],
        },
    },
]

# Widgets render through the project's template engine, so templates/django/forms/ can replace a stock
# widget template (the select: see its comment).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Embedded default: a SQLite file under var/, so `make run` needs no server.
DATABASE_URL = env_url("DATABASE_URL", ("postgres", "postgresql", "sqlite"))
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL or f"sqlite:///{VAR_DIR / 'kycuong.sqlite3'}",
        # No persistent connections by default: the development server runs a thread per request, and each
        # thread kept its own connection for a minute (58–71 to one database seen under a probe). Production
        # (gunicorn's fixed workers) turns them on: config.settings.production.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Queries here are short and many; JIT compilation costs more than it saves on them.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# SQLite is the laptop default only: covering-index columns and NULLS NOT DISTINCT exist on PostgreSQL, which
# production and CI use; SQLite simply builds the plain index.
SILENCED_SYSTEM_CHECKS = ["models.W040", "models.W047"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# A session ends when the browser closes and, at the latest, one working day after sign-in.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Axes first: it refuses a locked-out (account, address) pair before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock that pair for an hour; a success resets it.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = dt.timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 60))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_SENSITIVE_PARAMETERS = ["password"]
# Every sign-in path counts against the same (bounded) username: accounts.lockout.
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
# Behind reverse proxies, the number of them that append to X-Forwarded-For (README, production): without
# it every sign-in seems to come from the proxy, and five wrong passwords lock an account for everyone.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_VERBOSE = False

# The change history is evidence: the admin may show it but never revert or edit through it.
SIMPLE_HISTORY_REVERT_DISABLED = True
SIMPLE_HISTORY_EDIT = False

# Administrators confirm a TOTP code (accounts.second_factor); the issuer names the app in the authenticator.
OTP_TOTP_ISSUER = "Kỷ cương Hà Nội"
OTP_TOTP_THROTTLE_FACTOR = 1

# No inline script or style anywhere: every script is a static file served by the app itself.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Evidence files are private: stored outside any served path, downloaded only through the access module.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
MEDIA_ROOT = PRIVATE_MEDIA_ROOT
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
# The whole request body (config.limits): a form with a few evidence files, not more.
REQUEST_MAX_BYTES = env_int("REQUEST_MAX_BYTES", 60 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

# Redis when REDIS_URL is set; otherwise Celery uses its filesystem transport under var/ (see config.celery).
REDIS_URL = env_url("REDIS_URL", ("redis", "rediss"))
CELERY_RESULT_BACKEND: str | None = REDIS_URL or None
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
else:
    _CELERY_DIR = VAR_DIR / "celery"
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_CELERY_DIR / "out"),
        "data_folder_out": str(_CELERY_DIR / "out"),
        "processed_folder": str(_CELERY_DIR / "processed"),
        "control_folder": str(_CELERY_DIR / "control"),
    }
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The worker `make run` starts writes its pid here; /healthz reads it when there is no broker to ping.
WORKER_PIDFILE = VAR_DIR / "celery-worker.pid"
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Kỷ cương <noreply@kycuong.hanoi.gov.vn>")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# Reports
# Each unit's report is headed and signed by its own issuing body (reports.issuers; configured per unit in
# the admin). The place named when a report has none (the signature's location).
REPORTS_PLACE = env_str("REPORTS_PLACE", "Hà Nội")
# Base wait (seconds) before an email is retried after an SMTP failure. It doubles on each retry, capped at
# 10 minutes, and each wait is randomised below that (jitter); 8 retries span up to ~45 minutes. After that
# the message stays "failed" in the outbox until the next run of the period or an administrator's resend.
REPORTS_MAIL_RETRY_BACKOFF = env_int("REPORTS_MAIL_RETRY_BACKOFF", 30)
# The key that signs issued reports (reports.signing): a PKCS#12 file, or a key and certificate labelled
# REPORT_SIGNING_PKCS11_KEY on a PKCS#11 token. Neither set: reports are issued unsigned and say so. The
# password (REPORT_SIGNING_PKCS12_PASSWORD) and PIN (REPORT_SIGNING_PKCS11_PIN) are read from the
# environment by reports.signing when the key is opened, and are deliberately not settings.
REPORT_SIGNING_PKCS12 = env_str("REPORT_SIGNING_PKCS12", "")
REPORT_SIGNING_PKCS11_MODULE = env_str("REPORT_SIGNING_PKCS11_MODULE", "")
REPORT_SIGNING_PKCS11_TOKEN = env_str("REPORT_SIGNING_PKCS11_TOKEN", "")
REPORT_SIGNING_PKCS11_KEY = env_str("REPORT_SIGNING_PKCS11_KEY", "")

# An administrator binds an authenticator only with a one-time code issued by another administrator (or by
# `manage.py issue_enrolment_code` on the server); it expires after this many hours.
OTP_ENROLMENT_CODE_HOURS = env_int("OTP_ENROLMENT_CODE_HOURS", 72)
