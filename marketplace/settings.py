"""Settings, all from environment variables with defaults that are safe for local use.

Production sets DEBUG=0 and provides SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL, OPENSEARCH_URL,
REDIS_URL and the Stripe keys; see the README's configuration table.
"""

import json
import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_SECRET_KEY", False):
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "guardian",
    "marketplace",
    "vendors",
    "buyers",
    # Customer services (issue 9): own apps inside buyers/, each with its own migrations.
    "buyers.reviews",
    "buyers.messaging",
    "buyers.loyalty",
    "buyers.addons",
    "buyers.helpcentre",
    "buyers.surveys",
    "buyers.wishlists",
    "search",
    "payouts",
    "moderation",
    "frontend",
    # The page surfaces (issue 16): shared design system and helpers, then one app per audience.
    "frontend.common",
    "frontend.storefront",
    "frontend.seller",
    "frontend.console",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx (frontend/common/htmx.py): partial answers for htmx requests, full pages otherwise.
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# The embedded default is a SQLite file; tests and production use PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / '.local' / 'db.sqlite3'}"),
        # Persistent connections (seconds) with a health check before reuse; off only when asked (0)
        # or when developing (DEBUG), where the runserver's threads would each keep one open.
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0" if DEBUG else "60")),
        conn_health_checks=env_bool("DATABASE_CONN_HEALTH_CHECKS", True),
    )
}
# A streaming replica of the primary (PostgreSQL hot standby), read by the selectors that tolerate
# lag (marketplace.db_router.reads_from_replica: search fallback, reports, public pages); every
# write, and every read inside a transaction, stays on the primary. DATABASE_REPLICA_ROUTING=0
# sends everything to the primary; a replica further behind than DATABASE_REPLICA_MAX_LAG seconds,
# or not answering, is skipped until it has caught up (checked every DATABASE_REPLICA_CHECK_SECONDS).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL,
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"].endswith("postgresql"):
        DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
DATABASE_REPLICA_ROUTING = env_bool("DATABASE_REPLICA_ROUTING", bool(DATABASE_REPLICA_URL))
DATABASE_REPLICA_MAX_LAG = float(os.environ.get("DATABASE_REPLICA_MAX_LAG", "10"))
DATABASE_REPLICA_CHECK_SECONDS = float(os.environ.get("DATABASE_REPLICA_CHECK_SECONDS", "2"))
DATABASE_ROUTERS = ["marketplace.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "guardian.backends.ObjectPermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "frontend:login"
LOGIN_REDIRECT_URL = "frontend:home"
LOGOUT_REDIRECT_URL = "frontend:home"

# Internationalisation: German first, English second; the market is configuration.
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "de")
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / ".local" / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / ".local" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed file names need `collectstatic` first; production images turn it on.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", False)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Media on S3-compatible object storage (marketplace/storage.py) with MEDIA_STORAGE=s3: public
# folders (product images, review photos) in S3_MEDIA_PUBLIC_BUCKET, which must allow anonymous
# reads, the rest (vendor documents, imports, attachments) in S3_MEDIA_PRIVATE_BUCKET, which must
# not; the local disk (MEDIA_ROOT) otherwise. The test services run SeaweedFS and export these
# values except MEDIA_STORAGE (tests opt in with the `s3_media` fixture).
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local")
S3_ENDPOINT_URL = os.environ.get("S3_ENDPOINT_URL", "")
S3_MEDIA_PUBLIC_URL = os.environ.get("S3_MEDIA_PUBLIC_URL", "")
if MEDIA_STORAGE == "s3":
    from marketplace.storage_config import s3_media_storage  # noqa: E402

    STORAGES["default"] = s3_media_storage(
        public_bucket=os.environ["S3_MEDIA_PUBLIC_BUCKET"],
        private_bucket=os.environ["S3_MEDIA_PRIVATE_BUCKET"],
        endpoint_url=S3_ENDPOINT_URL,
        access_key=os.environ.get("S3_ACCESS_KEY_ID", ""),
        secret_key=os.environ.get("S3_SECRET_ACCESS_KEY", ""),
        region=os.environ.get("S3_REGION", "us-east-1"),
        public_url=S3_MEDIA_PUBLIC_URL,
        signed_url_seconds=int(os.environ.get("S3_SIGNED_URL_SECONDS", "300")),
    )
elif MEDIA_STORAGE != "local":
    raise ImproperlyConfigured("MEDIA_STORAGE is 'local' or 's3'")

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "marketplace@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# Public address of the site, for links in e-mails.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "marketplace.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "marketplace.api.exception_handler",
    # DRF's parsers, with limits on JSON (nesting depth, lone surrogates): marketplace.parsers.
    "DEFAULT_PARSER_CLASSES": [
        "marketplace.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Scoped throttles; "auth" guards login, registration and password reset against guessing.
    "DEFAULT_THROTTLE_RATES": {"auth": os.environ.get("THROTTLE_AUTH", "20/min")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Marketplace API",
    "DESCRIPTION": (
        "Multi-vendor marketplace: catalog, search, cart, checkout and seller APIs.\n\n"
        'Errors: 4xx bodies name the field ({"field": ["message"]}) or carry {"detail": "message"}; '
        "domain errors add a machine-readable `error_code`. The older key `code` repeats it unless a field "
        "named `code` carries messages there (deprecated: read `error_code`)."
    ),
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Market configuration -------------------------------------------------------------
MARKETPLACE_CURRENCY = os.environ.get("MARKETPLACE_CURRENCY", "EUR")
MARKETPLACE_CURRENCIES = env_list("MARKETPLACE_CURRENCIES", "EUR")
# Platform commission in basis points (1000 = 10 %) until per-category rules exist.
MARKETPLACE_COMMISSION_BPS = int(os.environ.get("MARKETPLACE_COMMISSION_BPS", "1000"))
MARKETPLACE_PAYMENT_METHODS = env_list("MARKETPLACE_PAYMENT_METHODS", "invoice,card")
MARKETPLACE_INVOICE_DUE_DAYS = int(os.environ.get("MARKETPLACE_INVOICE_DUE_DAYS", "14"))
MARKETPLACE_SHIPPING_COUNTRIES = env_list("MARKETPLACE_SHIPPING_COUNTRIES", "DE,AT,CH")
MARKETPLACE_HOME_COUNTRY = os.environ.get("MARKETPLACE_HOME_COUNTRY", "DE")
# The storefront names the stock only when it is this low ("Only 3 left in stock"), else "In stock".
MARKETPLACE_LOW_STOCK_THRESHOLD = int(os.environ.get("MARKETPLACE_LOW_STOCK_THRESHOLD", "5"))
# Minutes an unpaid card order holds its stock before it is cancelled.
MARKETPLACE_RESERVATION_MINUTES = int(os.environ.get("MARKETPLACE_RESERVATION_MINUTES", "30"))
# How long the signed link to a guest's order page (in the confirmation mail) works; an expired
# link leads to a page that sends a new one to the order's e-mail address.
MARKETPLACE_GUEST_LINK_DAYS = int(os.environ.get("MARKETPLACE_GUEST_LINK_DAYS", "30"))
# VAT rates (basis points) per destination country and tax class; JSON in the environment.
MARKETPLACE_VAT_RATES = json.loads(os.environ.get("MARKETPLACE_VAT_RATES", "null")) or {
    "DE": {"standard": 1900, "reduced": 700},
    "AT": {"standard": 2000, "reduced": 1000},
    "CH": {"standard": 810, "reduced": 260},
}

# --- Money (payouts app) ----------------------------------------------------------------
# VAT the platform charges on its commission (basis points; 1900 = German 19 %).
MARKETPLACE_COMMISSION_VAT_BPS = int(os.environ.get("MARKETPLACE_COMMISSION_VAT_BPS", "1900"))
# Card processing fee tariff (estimate booked at payment; reconciliation shows Stripe's actual fee).
MARKETPLACE_CARD_FEE_BPS = int(os.environ.get("MARKETPLACE_CARD_FEE_BPS", "150"))
MARKETPLACE_CARD_FEE_FIXED = int(os.environ.get("MARKETPLACE_CARD_FEE_FIXED", "25"))
# Who bears card fees: "platform" (absorbs them) or "vendors" (split pro rata by items amount).
MARKETPLACE_FEE_POLICY = os.environ.get("MARKETPLACE_FEE_POLICY", "platform")
# Payouts: days after delivery before money is paid out, and the smallest payout (minor units).
MARKETPLACE_PAYOUT_HOLD_DAYS = int(os.environ.get("MARKETPLACE_PAYOUT_HOLD_DAYS", "14"))
MARKETPLACE_PAYOUT_MINIMUM = int(os.environ.get("MARKETPLACE_PAYOUT_MINIMUM", "1000"))
# A refund after the seller was paid: "reverse_transfer" (take it back from the transfer) or
# "carry_forward" (a negative balance settled by the next payout).
MARKETPLACE_REFUND_AFTER_PAYOUT = os.environ.get("MARKETPLACE_REFUND_AFTER_PAYOUT", "reverse_transfer")
# Invoice terms: early-payment discount (basis points) if paid within this many days; 0 = none.
MARKETPLACE_INVOICE_DISCOUNT_BPS = int(os.environ.get("MARKETPLACE_INVOICE_DISCOUNT_BPS", "0"))
MARKETPLACE_INVOICE_DISCOUNT_DAYS = int(os.environ.get("MARKETPLACE_INVOICE_DISCOUNT_DAYS", "7"))
# The platform's account that buyers pay invoice orders into: one transfer per order, the order
# number as reference (Verwendungszweck; payouts.services.receipts matches statements by it).
MARKETPLACE_BANK_ACCOUNT = {
    "holder": os.environ.get("MARKETPLACE_BANK_HOLDER", "Marktplatz Betreiber GmbH"),
    "iban": os.environ.get("MARKETPLACE_BANK_IBAN", "DE02120300000000202051").replace(" ", "").upper(),
    "bic": os.environ.get("MARKETPLACE_BANK_BIC", "BYLADEM1001"),
    "bank": os.environ.get("MARKETPLACE_BANK_NAME", "Deutsche Kreditbank Berlin"),
}
# Dunning of overdue invoices (payouts.services.dunning): days after the due date (for the first
# level) or after the previous notice, the fee each level adds (minor units, no VAT: damages),
# and the days the buyer gets to pay each notice. Level 3 hands the claim over to collection.
MARKETPLACE_DUNNING_REMINDER_DAYS = int(os.environ.get("MARKETPLACE_DUNNING_REMINDER_DAYS", "3"))
MARKETPLACE_DUNNING_SECOND_REMINDER_DAYS = int(os.environ.get("MARKETPLACE_DUNNING_SECOND_REMINDER_DAYS", "14"))
MARKETPLACE_DUNNING_HANDOVER_DAYS = int(os.environ.get("MARKETPLACE_DUNNING_HANDOVER_DAYS", "14"))
MARKETPLACE_DUNNING_REMINDER_FEE = int(os.environ.get("MARKETPLACE_DUNNING_REMINDER_FEE", "0"))
MARKETPLACE_DUNNING_SECOND_REMINDER_FEE = int(os.environ.get("MARKETPLACE_DUNNING_SECOND_REMINDER_FEE", "250"))
MARKETPLACE_DUNNING_HANDOVER_FEE = int(os.environ.get("MARKETPLACE_DUNNING_HANDOVER_FEE", "500"))
MARKETPLACE_DUNNING_PAY_WITHIN_DAYS = int(os.environ.get("MARKETPLACE_DUNNING_PAY_WITHIN_DAYS", "7"))
# Largest bank statement file the console and API accept (bytes).
MARKETPLACE_STATEMENT_MAX_BYTES = int(os.environ.get("MARKETPLACE_STATEMENT_MAX_BYTES", str(5 * 1024 * 1024)))
# Card fee actually booked: "stripe" (the tariff at payment, corrected to the fee on Stripe's
# balance transaction once reported) or "tariff" (the tariff only).
MARKETPLACE_CARD_FEE_SOURCE = os.environ.get("MARKETPLACE_CARD_FEE_SOURCE", "stripe")
# Chargeback fee Stripe charges per dispute (minor units; EUR 20.00 in the EEA), who bears it
# ("platform" or "vendors", split like the disputed amount) and whether a won dispute gives it
# back (Stripe keeps it in most cases, so off by default).
MARKETPLACE_DISPUTE_FEE = int(os.environ.get("MARKETPLACE_DISPUTE_FEE", "2000"))
MARKETPLACE_DISPUTE_FEE_POLICY = os.environ.get("MARKETPLACE_DISPUTE_FEE_POLICY", "platform")
MARKETPLACE_DISPUTE_FEE_RETURNED_IF_WON = os.environ.get("MARKETPLACE_DISPUTE_FEE_RETURNED_IF_WON", "0") == "1"

# --- Search engine ----------------------------------------------------------------------
# One URL, or several comma-separated (the nodes of a cluster: a request goes to a live one).
OPENSEARCH_URL = os.environ.get("OPENSEARCH_URL", "http://127.0.0.1:9201")
OPENSEARCH_INDEX_PREFIX = os.environ.get("OPENSEARCH_INDEX_PREFIX", "marketplace")
# Built-in synonyms of core product types (German/English), before the operators' rules; empty:
# search/vocabulary.txt. Takes effect with the next reindex or operator synonym change.
SEARCH_VOCABULARY_FILE = os.environ.get("SEARCH_VOCABULARY_FILE", "")
OPENSEARCH_TIMEOUT = float(os.environ.get("OPENSEARCH_TIMEOUT", "10"))
# The product index's layout (read when an index is created: the next reindex applies a change).
# One shard and no replica suit one node; a three-node cluster takes 1 replica (every document on
# two nodes: one node may die) and shards by size (about 10-30 GB each; 1 million offers fit one).
OPENSEARCH_SHARDS = int(os.environ.get("OPENSEARCH_SHARDS", "1"))
OPENSEARCH_REPLICAS = int(os.environ.get("OPENSEARCH_REPLICAS", "0"))
# How soon a write becomes searchable ("1s": OpenSearch's default), and during a full reindex
# ("-1": no refresh until the build is done; the live value is set again before the alias swap).
OPENSEARCH_REFRESH_INTERVAL = os.environ.get("OPENSEARCH_REFRESH_INTERVAL", "1s")
OPENSEARCH_REINDEX_REFRESH_INTERVAL = os.environ.get("OPENSEARCH_REINDEX_REFRESH_INTERVAL", "-1")

# --- Background work --------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
# Without Redis (the embedded default) Celery runs tasks eagerly in the web process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Only one beat sends periodic tasks at a time, however many run (marketplace.beat): the one
# holding a Redis lock, renewed every few seconds; another takes over BEAT_LOCK_TTL seconds after
# the holder died.
CELERY_BEAT_SCHEDULER = "marketplace.beat:LockedScheduler"
BEAT_LOCK_TTL = float(os.environ.get("BEAT_LOCK_TTL", "30"))
CELERY_BEAT_SCHEDULE = {
    "outbox-drain": {"task": "marketplace.tasks.outbox_drain_task", "schedule": 10.0},
    # Daily payout run at 06:00 (TIME_ZONE); a run also retries pending transfers of crashed runs.
    "payout-run": {"task": "payouts.tasks.payout_run_task", "schedule": crontab(hour=6, minute=0)},
    "dunning-run": {"task": "payouts.tasks.dunning_run_task", "schedule": crontab(hour=7, minute=0)},
    "stripe-events-retry": {"task": "payouts.tasks.stripe_events_retry_task", "schedule": 300.0},
    "reservations-expire": {"task": "buyers.tasks.reservations_expire_task", "schedule": 60.0},
    "guests-purge": {"task": "buyers.tasks.guests_purge_task", "schedule": crontab(hour=3, minute=15)},
    # Moderation: late shipments flagged, then vendor standings evaluated, daily before the payout run.
    "moderation-late-shipments": {
        "task": "moderation.tasks.late_shipments_flag_task",
        "schedule": crontab(hour=4, minute=30),
    },
    "moderation-standings": {"task": "moderation.tasks.standings_evaluate_task", "schedule": crontab(hour=5, minute=0)},
}


# --- Cache and sessions -------------------------------------------------------------------
# With Redis every process shares one cache: rate-limit counters (DRF throttles), sessions, page
# and fragment caches. The cache lives in its own Redis database (CACHE_REDIS_URL, default: the
# broker's server, database 1) so that clearing it never drops queued tasks. A Redis outage makes
# the cache miss (logged) instead of failing requests: sessions fall back to the database, rate
# limits stop counting until it is back. Without Redis (embedded default) each process keeps its
# own in-memory cache.
def _redis_db(url: str, db: int) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{db}"))


CACHE_REDIS_URL = os.environ.get("CACHE_REDIS_URL", _redis_db(REDIS_URL, 1) if REDIS_URL else "")
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "mp")
if CACHE_REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": CACHE_REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
            "TIMEOUT": 300,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "SOCKET_CONNECT_TIMEOUT": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "1")),
                "SOCKET_TIMEOUT": float(os.environ.get("CACHE_TIMEOUT", "1")),
                "IGNORE_EXCEPTIONS": True,
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": CACHE_KEY_PREFIX}}
# Storefront pages for anonymous visitors and recommendation blocks kept in that cache, renewed by
# the outbox events that change what they show (frontend/storefront/page_cache.py).
STOREFRONT_PAGE_CACHE = env_bool("STOREFRONT_PAGE_CACHE", True)
# Sessions read from the cache, written through to the database (survive a cache flush).
SESSION_ENGINE = os.environ.get("SESSION_ENGINE", "django.contrib.sessions.backends.cached_db")

# How committed outbox rows are delivered: "inline" right after commit in the same process
# (embedded default, tests), or "celery" through the worker (production).
OUTBOX_DELIVERY = os.environ.get(
    "OUTBOX_DELIVERY", "celery" if REDIS_URL and not CELERY_TASK_ALWAYS_EAGER else "inline"
)

# --- Stripe -----------------------------------------------------------------------------
STRIPE_SECRET_KEY = os.environ.get("STRIPE_SECRET_KEY", "")
STRIPE_PUBLISHABLE_KEY = os.environ.get("STRIPE_PUBLISHABLE_KEY", "")
STRIPE_WEBHOOK_SECRET = os.environ.get("STRIPE_WEBHOOK_SECRET", "")
# Points the SDK at stripe-mock in tests; empty means Stripe's real API.
STRIPE_API_BASE = os.environ.get("STRIPE_API_BASE", "")
# Seconds to wait for one Stripe answer before retrying it (same idempotency key).
STRIPE_TIMEOUT_SECONDS = float(os.environ.get("STRIPE_TIMEOUT_SECONDS", "20"))
# Stripe.js for the Payment Element on the order's payment page (tests serve a stand-in).
STRIPE_JS_URL = os.environ.get("STRIPE_JS_URL", "https://js.stripe.com/v3/")
# Payment methods a PaymentIntent offers (e.g. "card,sepa_debit"); empty: the ones enabled in
# Stripe's dashboard (automatic payment methods).
STRIPE_PAYMENT_METHOD_TYPES = env_list("STRIPE_PAYMENT_METHOD_TYPES", "")

# --- Security ---------------------------------------------------------------------------
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None
X_FRAME_OPTIONS = "DENY"
# HSTS for subdomains too once it is on (production sets SECURE_HSTS_SECONDS behind TLS).
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", SECURE_HSTS_SECONDS > 0)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Content-Security-Policy and Permissions-Policy (marketplace/security/headers.py). Pages use only
# our own scripts and styles; JSON-LD blocks are data, not scripts, so no inline exception.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "connect-src": ["'self'"],
    "font-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
# The interactive API docs (drf-spectacular's Swagger UI) load from their CDN with an inline starter.
CONTENT_SECURITY_POLICY_RELAXED = {
    **CONTENT_SECURITY_POLICY,
    "script-src": ["'self'", "'unsafe-inline'", "https://cdn.jsdelivr.net"],
    "style-src": ["'self'", "'unsafe-inline'", "https://cdn.jsdelivr.net"],
    "img-src": ["'self'", "data:", "https://cdn.jsdelivr.net"],
}
CONTENT_SECURITY_POLICY_RELAXED_PATHS = ["/api/docs/"]
if MEDIA_STORAGE == "s3":  # public media come from the object storage's (or its CDN's) origin
    from marketplace.storage_config import media_public_origin  # noqa: E402

    if _media_origin := media_public_origin(public_url=S3_MEDIA_PUBLIC_URL, endpoint_url=S3_ENDPOINT_URL):
        for _policy in (CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_RELAXED):
            _policy["img-src"] = [*_policy["img-src"], _media_origin]
PERMISSIONS_POLICY = {
    feature: [] for feature in ("camera", "microphone", "geolocation", "payment", "usb", "interest-cohort")
}
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "marketplace.security.headers.SecurityHeadersMiddleware",
)

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair is locked for AXES_COOLOFF_MINUTES (answer 429); a good login resets the count.
INSTALLED_APPS.append("axes")
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
AUTHENTICATION_BACKENDS.insert(0, "marketplace.security.backends.LockoutBackend")
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = int(os.environ.get("AXES_COOLOFF_MINUTES", "15")) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = 1 if env_bool("BEHIND_TLS_PROXY", False) else None
AXES_VERBOSE = False

# Rate limits by route (marketplace/security/throttles.py): URL name -> scope; the rates per
# scope come from THROTTLE_<SCOPE> (e.g. THROTTLE_SEARCH=120/min).
THROTTLE_ROUTES = {
    "product-search": "search",
    "search-autocomplete": "search",
    "checkout": "checkout",
    "guest-checkout": "checkout",
}
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] = ["marketplace.security.throttles.RouteThrottle"]
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"].update(
    {
        "search": os.environ.get("THROTTLE_SEARCH", "120/min"),
        "checkout": os.environ.get("THROTTLE_CHECKOUT", "10/min"),
    }
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"opensearch": {"level": "WARNING"}, "urllib3": {"level": "WARNING"}},
}
# --- Loyalty and checkout add-ons (buyers.loyalty, buyers.addons) ------------------------
# Points per whole currency unit paid for goods of a delivered seller part; what one point is
# worth at checkout (minor units); the currency points apply to; bonuses in points.
LOYALTY_POINTS_PER_UNIT = int(os.environ.get("LOYALTY_POINTS_PER_UNIT", "1"))
LOYALTY_POINT_VALUE_MINOR = int(os.environ.get("LOYALTY_POINT_VALUE_MINOR", "1"))
LOYALTY_CURRENCY = os.environ.get("LOYALTY_CURRENCY", MARKETPLACE_CURRENCY)
LOYALTY_BUNDLE_BONUS = int(os.environ.get("LOYALTY_BUNDLE_BONUS", "50"))
LOYALTY_REFERRAL_BONUS = int(os.environ.get("LOYALTY_REFERRAL_BONUS", "500"))
LOYALTY_REFERRED_BONUS = int(os.environ.get("LOYALTY_REFERRED_BONUS", "500"))
# CO2 compensation: minor units per parcel shipped, in this currency.
ADDONS_CO2_PER_SHIPMENT = int(os.environ.get("ADDONS_CO2_PER_SHIPMENT", "50"))
ADDONS_CO2_CURRENCY = os.environ.get("ADDONS_CO2_CURRENCY", MARKETPLACE_CURRENCY)
CELERY_BEAT_SCHEDULE["loyalty-sync"] = {"task": "buyers.loyalty.tasks.loyalty_sync_task", "schedule": 300.0}

# --- Messaging and guarantee claims (buyers/messaging) -----------------------------------------
# Attachment size; "not received" claims from ship-by + N days; claims until ship-by + N days;
# the seller's days to answer a claim before the platform refunds and charges the seller.
MESSAGING_ATTACHMENT_MAX_BYTES = int(os.environ.get("MESSAGING_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024)))
MESSAGING_CLAIM_NOT_RECEIVED_DAYS = int(os.environ.get("MESSAGING_CLAIM_NOT_RECEIVED_DAYS", "10"))
MESSAGING_CLAIM_WINDOW_DAYS = int(os.environ.get("MESSAGING_CLAIM_WINDOW_DAYS", "90"))
MESSAGING_CLAIM_RESPONSE_DAYS = int(os.environ.get("MESSAGING_CLAIM_RESPONSE_DAYS", "3"))
CELERY_BEAT_SCHEDULE["messaging-claims-resolve"] = {
    "task": "buyers.messaging.tasks.claims_resolve_task",
    "schedule": crontab(minute=20),
}

# --- Trader traceability (DSA Art. 30) ----------------------------------------------------
# Trader data is kept this long after a vendor closed, then erased (vendors trader_data_purge).
TRADER_DATA_RETENTION_DAYS = int(os.environ.get("TRADER_DATA_RETENTION_DAYS", "183"))
CELERY_BEAT_SCHEDULE["vendors-offer-sales"] = {"task": "vendors.tasks.offer_sales_apply_task", "schedule": 300.0}
# Product page views counted in Redis, added to their daily rows (vendors/product_views.py).
CELERY_BEAT_SCHEDULE["vendors-product-views"] = {"task": "vendors.tasks.product_views_flush_task", "schedule": 300.0}
CELERY_BEAT_SCHEDULE["vendors-trader-data-purge"] = {
    "task": "vendors.tasks.trader_data_purge_task",
    "schedule": crontab(hour=3, minute=40),
}
# Holiday mode: paused offers go live again early on the day the holiday ends.
CELERY_BEAT_SCHEDULE["vendors-holidays-end"] = {
    "task": "vendors.tasks.holidays_end_task",
    "schedule": crontab(hour=0, minute=5),
}

# --- Customer services: surveys and wishlist alerts (issue 9) ---------------------------
# Surveys go out SURVEYS_DELAY_HOURS after delivery, for parts delivered at most
# SURVEYS_MAX_AGE_DAYS ago; the signed link works for SURVEYS_ANSWER_DAYS.
SURVEYS_DELAY_HOURS = int(os.environ.get("SURVEYS_DELAY_HOURS", "24"))
SURVEYS_MAX_AGE_DAYS = int(os.environ.get("SURVEYS_MAX_AGE_DAYS", "30"))
SURVEYS_ANSWER_DAYS = int(os.environ.get("SURVEYS_ANSWER_DAYS", "60"))
CELERY_BEAT_SCHEDULE["surveys-send-due"] = {"task": "buyers.surveys.tasks.surveys_send_due_task", "schedule": 3600.0}
# Offer edits check wishlists at once (outbox); this catches restocks and stock-outs that come from
# orders, cancellations and imports.
CELERY_BEAT_SCHEDULE["wishlists-alerts-check"] = {
    "task": "buyers.wishlists.tasks.wishlist_alerts_check_task",
    "schedule": 900.0,
}

# Consumer rights, VAT documents and GDPR (issue 11; buyers.withdrawal, buyers.invoices,
# payouts commission invoices, buyers.gdpr, buyers.consent).
# The platform operator as issuer of its commission invoices to vendors (and controller, GDPR).
MARKETPLACE_OPERATOR = {
    "legal_name": os.environ.get("MARKETPLACE_OPERATOR_NAME", "Marktplatz Betreiber GmbH"),
    "street": os.environ.get("MARKETPLACE_OPERATOR_STREET", "Friedrichstraße 1"),
    "postal_code": os.environ.get("MARKETPLACE_OPERATOR_POSTAL_CODE", "10117"),
    "city": os.environ.get("MARKETPLACE_OPERATOR_CITY", "Berlin"),
    "country": os.environ.get("MARKETPLACE_OPERATOR_COUNTRY", MARKETPLACE_HOME_COUNTRY),
    "vat_id": os.environ.get("MARKETPLACE_OPERATOR_VAT_ID", ""),
    "email": os.environ.get("MARKETPLACE_OPERATOR_EMAIL", "datenschutz@example.invalid"),
}
# DAC7 (payouts/services/dac7.py): the platform operator's tax number and the platform's business
# name in the DPI file (empty TIN: reported as unknown; empty name: the operator's legal name).
DAC7_OPERATOR_TIN = os.environ.get("DAC7_OPERATOR_TIN", "")
DAC7_PLATFORM_NAME = os.environ.get("DAC7_PLATFORM_NAME", "")
# Cookie consent: only these cookies are set without consent (strictly necessary, § 25(2) TDDDG);
# any other cookie needs the category it belongs to granted (marketplace cookie middleware below).
COOKIE_CONSENT_VERSION = os.environ.get("COOKIE_CONSENT_VERSION", "1")
COOKIE_CONSENT_COOKIE = "cookie_consent"
COOKIES_ESSENTIAL = {"sessionid", "csrftoken", "django_language", "messages", "cookie_consent"}
COOKIE_CATEGORIES = {"preferences": {"recently_viewed"}, "analytics": {"_pk_id", "_pk_ses"}}
MIDDLEWARE.append("buyers.consent.CookieConsentMiddleware")
TEMPLATES[0]["OPTIONS"]["context_processors"].append("buyers.consent.consent_context")
GDPR_RETENTION_YEARS = int(os.environ.get("GDPR_RETENTION_YEARS", "10"))  # invoices and ledger (§ 147 AO)

# --- Two-factor login and media serving (issue 10, security) ------------------------------
# django-otp: TOTP apps as the second factor, single-use recovery codes as the fallback.
# Required for operators (console, admin, operator API), opt-in for everyone else; see
# marketplace/security/two_factor_guard.py for how pages and the API enforce it.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "marketplace.security.two_factor_guard.SessionOTPMiddleware",  # django-otp's, its state in the session
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("marketplace.security.two_factor_guard.SessionOTPMiddleware") + 1,
    "marketplace.security.two_factor_guard.TwoFactorMiddleware",
)
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = [
    "marketplace.security.two_factor_guard.VerifiedSessionAuthentication",
    "marketplace.security.two_factor_guard.SecondFactorBasicAuthentication",
]
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Marketplace")
# The audit net under the services: an operator request that wrote data without an audit entry
# gets a generic one (marketplace/security/audit_guard.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("marketplace.security.two_factor_guard.TwoFactorMiddleware") + 1,
    "marketplace.security.audit_guard.OperatorAuditMiddleware",
)
# Public user files (product images, review photos) served by /media/ (marketplace/security/media.py)
# when no web server does it; every other folder (documents, imports, attachments) only through
# the authorised API views.
MEDIA_PUBLIC_PREFIXES = ("products/", "reviews/")
# Unique OpenAPI names where apps chose the same serializer/enum name (no drf_spectacular.W001).
from marketplace.security.openapi_names import ENUM_NAME_OVERRIDES as _ENUM_NAMES  # noqa: E402

REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"] = "marketplace.security.openapi.MarketplaceAutoSchema"
SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"] = {**SPECTACULAR_SETTINGS.get("ENUM_NAME_OVERRIDES", {}), **_ENUM_NAMES}

# --- Operator queues: service levels (console dashboard, issue 19) ---------------------------
# Queues whose records carry a deadline of their own use it: moderation items (ReviewItem.due_at,
# MODERATION_REVIEW_TARGET_HOURS), open guarantee claims (Claim.respond_by, the seller's deadline)
# and invoices (Order.payment_due_date). For the others the deadline is counted from the moment
# the item starts waiting, as below: a vendor application from its submission, a notice from its
# receipt, an appeal from its filing, a contested claim from the seller's answer, a return request
# from the buyer's request (the seller's decision) and a received return from its receipt (the
# refund; § 357(1) BGB allows 14 days).
SLA_VENDOR_APPLICATION_HOURS = int(os.environ.get("SLA_VENDOR_APPLICATION_HOURS", "48"))
SLA_NOTICE_HOURS = int(os.environ.get("SLA_NOTICE_HOURS", "24"))
SLA_APPEAL_DAYS = int(os.environ.get("SLA_APPEAL_DAYS", "14"))
SLA_CLAIM_DECISION_HOURS = int(os.environ.get("SLA_CLAIM_DECISION_HOURS", "48"))
SLA_RETURN_DECISION_DAYS = int(os.environ.get("SLA_RETURN_DECISION_DAYS", "2"))
SLA_RETURN_REFUND_DAYS = int(os.environ.get("SLA_RETURN_REFUND_DAYS", "14"))

# --- Integrations (issue 22): API keys for sellers' systems, outgoing webhooks, carrier events ---
INSTALLED_APPS.append("integrations")
# API keys (integrations/api_keys.py): "Authorization: Bearer mk_...", checked before sessions;
# each key has its own rate limit; a rotated key's previous secret works this many hours more.
REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"].insert(0, "integrations.authentication.ApiKeyAuthentication")
REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"].append("integrations.throttles.ApiKeyThrottle")
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["api_key"] = os.environ.get("THROTTLE_API_KEY", "600/min")
API_KEY_ROTATION_GRACE_HOURS = int(os.environ.get("API_KEY_ROTATION_GRACE_HOURS", "24"))
# Outgoing webhooks (integrations/webhooks.py): seconds per attempt, attempts per delivery (with
# the outbox's exponential backoff between them), failed attempts in a row before a subscription
# is disabled; private and loopback targets are refused unless WEBHOOKS_ALLOW_PRIVATE_TARGETS.
WEBHOOKS_TIMEOUT_SECONDS = float(os.environ.get("WEBHOOKS_TIMEOUT_SECONDS", "5"))
WEBHOOKS_MAX_ATTEMPTS = int(os.environ.get("WEBHOOKS_MAX_ATTEMPTS", "8"))
WEBHOOKS_DISABLE_AFTER_FAILURES = int(os.environ.get("WEBHOOKS_DISABLE_AFTER_FAILURES", "20"))
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env_bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", False)
# Carrier tracking pushes (integrations/carriers): DHL sends the header and token set in its push
# subscription; DPD calls the URL registered with ?token=; other carriers sign the body with
# HMAC-SHA256 (X-Signature). Empty secrets refuse every push. Parts no carrier reported on are
# delivered this many business days after shipping, unless the buyer reported them missing.
CARRIER_DHL_PUSH_HEADER = os.environ.get("CARRIER_DHL_PUSH_HEADER", "X-DHL-Push-Token")
CARRIER_DHL_PUSH_TOKEN = os.environ.get("CARRIER_DHL_PUSH_TOKEN", "")
CARRIER_DPD_PUSH_TOKEN = os.environ.get("CARRIER_DPD_PUSH_TOKEN", "")
CARRIER_GENERIC_SECRET = os.environ.get("CARRIER_GENERIC_SECRET", "")
DELIVERY_AUTO_CONFIRM_BUSINESS_DAYS = int(os.environ.get("DELIVERY_AUTO_CONFIRM_BUSINESS_DAYS", "10"))
CELERY_BEAT_SCHEDULE["integrations-parts-auto-deliver"] = {
    "task": "integrations.tasks.parts_auto_deliver_task",
    "schedule": crontab(hour=4, minute=45),
}
# Headless product API (integrations/api_products.py): origins allowed to call /api/catalog/
# from a browser (django-cors-headers), comma-separated, e.g. https://shop.example.com.
INSTALLED_APPS.append("corsheaders")
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"), "corsheaders.middleware.CorsMiddleware"
)
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", "")
CORS_URLS_REGEX = r"^/api/catalog/.*$"
CORS_ALLOW_METHODS = ("GET", "OPTIONS")
