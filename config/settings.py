"""PhốiHợp settings: one file, every deployment difference comes from the environment.

Environment variables (all optional for a local run):
  PHOIHOP_DEBUG=1            development mode (demo accounts allowed, detailed errors)
  PHOIHOP_SECRET_KEY         secret key; without it a key is generated once into var/secret_key
  DATABASE_URL               e.g. postgres://postgres@127.0.0.1:5432/phoihop (default: SQLite in var/)
  PHOIHOP_ALLOWED_HOSTS      comma list (default 127.0.0.1,localhost)
  PHOIHOP_HTTPS=1            served over HTTPS: secure cookies and HSTS (default: on when not DEBUG)
  REDIS_URL                  cache in Redis instead of process memory
  PHOIHOP_EMAIL_BACKEND      default: console
  PHOIHOP_CONTACT_KEYS       comma list of Fernet keys for complainants' contacts (first encrypts, all decrypt);
                             without it a key is generated once into var/contact_key
  PHOIHOP_CONTACT_RETENTION_MONTHS  months after closing before a contact is deleted (default 24)
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("PHOIHOP_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("PHOIHOP_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def _contact_keys() -> list[str]:
    if keys := os.environ.get("PHOIHOP_CONTACT_KEYS"):
        return [k.strip() for k in keys.split(",") if k.strip()]
    path = VAR_DIR / "contact_key"
    if not path.exists():
        import base64

        path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
        path.chmod(0o600)
    return [path.read_text().strip()]


DEBUG = env_bool("PHOIHOP_DEBUG", False)
SECRET_KEY = _secret_key()
CONTACT_KEYS = _contact_keys()
CONTACT_RETENTION_MONTHS = int(os.environ.get("PHOIHOP_CONTACT_RETENTION_MONTHS", "24"))
ALLOWED_HOSTS = [h for h in os.environ.get("PHOIHOP_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
HTTPS = env_bool("PHOIHOP_HTTPS", not DEBUG)

INSTALLED_APPS = [
    "phoihop.core.apps.PhoiHopAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks_db",
    "ninja",
    "phoihop.core",
    "phoihop.geo",
    "phoihop.orgs",
    "phoihop.accounts",
    "phoihop.documents",
    "phoihop.notifications",
    "phoihop.programs",
    "phoihop.plans",
    "phoihop.concerns",
    "phoihop.hotspots",
    "phoihop.open311",
    "phoihop.exchanges",
    "phoihop.opinions",
    "phoihop.meetings",
    "phoihop.reports",
    "phoihop.commendations",
    "phoihop.dashboard",
    "phoihop.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "phoihop.core.locale_middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "phoihop.core.auth_middleware.PagesLoginRequiredMiddleware",
    "phoihop.accounts.middleware.ActingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "phoihop.core.middleware.SecurityHeadersMiddleware",
    "phoihop.core.web.DomainErrorMiddleware",
    "phoihop.core.middleware.ApiMethodNotAllowedMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "phoihop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phoihop.accounts.context_processors.acting",
                "phoihop.notifications.context_processors.notifications",
            ],
            "builtins": ["phoihop.core.templatetags.vn"],
        },
    }
]

# --- database -------------------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'phoihop.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_phoihop.sqlite3")}
else:
    # short OLTP queries: JIT compilation costs more than it saves (hundreds of ms on counts)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- background work ------------------------------------------------------------------------------------
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# /healthz waits this long for the worker to answer a heartbeat task
HEALTH_WORKER_WAIT_SECONDS = float(os.environ.get("PHOIHOP_HEALTH_WORKER_WAIT", "4"))
HEALTH_WORKER_FRESH_SECONDS = 60

# --- cache ----------------------------------------------------------------------------------------------
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- accounts and security ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "phoihop.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "phoihop.accounts.validators.DemoPasswordValidator"},
]
DEMO_PASSWORD = "PhoiHop@2026"
LOGIN_MAX_FAILURES = int(os.environ.get("PHOIHOP_LOGIN_MAX_FAILURES", "5"))
LOGIN_LOCK_MINUTES = int(os.environ.get("PHOIHOP_LOGIN_LOCK_MINUTES", "15"))
API_TOKEN_DAYS = int(os.environ.get("PHOIHOP_API_TOKEN_DAYS", "30"))
TOTP_ISSUER = "PhốiHợp"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if HTTPS:
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("PHOIHOP_SSL_REDIRECT", False)
BEHIND_PROXY = env_bool("PHOIHOP_BEHIND_PROXY", False)
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

MAILERS = {
    "default": {"BACKEND": os.environ.get("PHOIHOP_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = os.environ.get("PHOIHOP_FROM_EMAIL", "phoihop@localhost")
PHOIHOP_BASE_URL = os.environ.get("PHOIHOP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- language, time, formats ----------------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["phoihop.formats"]

# --- static and media -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/pico", NODE_MODULES / "@picocss" / "pico" / "css"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("PHOIHOP_MANIFEST_STATIC", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"

# --- API ------------------------------------------------------------------------------------------------
NINJA_PAGINATION_MAX_LIMIT = 100

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# --- documents and attachments ----------------------------------------------------------------------
ATTACHMENT_MAX_BYTES = int(os.environ.get("PHOIHOP_ATTACHMENT_MAX_MB", "20")) * 1024 * 1024
SOFFICE_BIN = os.environ.get("PHOIHOP_SOFFICE", "soffice")
PDF_TIMEOUT_SECONDS = 60
