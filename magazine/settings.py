"""The one settings module, read from the environment (12-factor).

Development reads an optional ``.env`` file at the project root (the set-up
scripts write one with ``DEBUG=true``); real environment variables win over
it. With DEBUG off, every variable production needs must be set, or start-up
stops with a one-line message naming it.
"""

import ipaddress
import sys
from pathlib import Path
from urllib.parse import urlsplit

import environ
from django.utils.csp import CSP
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from magazine import objectstorage

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
environ.Env.read_env(env("ENV_FILE", default=str(BASE_DIR / ".env")))

DEBUG = env.bool("DEBUG", default=False)


def required(name: str, development_default: str) -> str:
    """A variable production must set; development gets a harmless default."""
    value = env.str(name, default="")
    if value:
        return value
    if DEBUG:
        return development_default
    sys.exit(
        f"magazine: set the {name} environment variable (required when DEBUG is off)."
    )


SECRET_KEY = required(
    "SECRET_KEY", "development-only-insecure-key-never-used-in-production"
)
SITE_URL = required("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[]) or (
    ["127.0.0.1", "localhost", "[::1]", "testserver"]
    if DEBUG
    else [required("ALLOWED_HOSTS", "")]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
SITE_NAME = env.str("SITE_NAME", default="Miami Current")
SITE_FOUNDED_YEAR = env.int("SITE_FOUNDED_YEAR", default=2009)
SITE_ID = 1

INSTALLED_APPS = [
    "modeltranslation",  # per-language fields; before the admin, as it asks
    "magazine.staff.apps.StaffAdminConfig",  # the admin, on the staff sign-in site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sites",
    "django.contrib.redirects",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_prose_editor",
    "django_tasks_db",
    "reversion",
    "django_otp",
    "django_otp.plugins.otp_totp",  # authenticator apps (TOTP)
    "django_otp.plugins.otp_static",  # recovery codes
    "django_otp_webauthn",  # passkeys and security keys
    "magazine.tags_app.TagsConfig",  # django-taggit
    "magazine",  # the kernel: imports no app
    "articles",
    "newsletter",
    "magazine.site",  # the site layer: composes the apps
]

MIDDLEWARE = [
    "magazine.cache.PageCacheMiddleware",  # first: a cached page skips all the rest
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "magazine.languages.PathLanguageMiddleware",  # the language from the address alone
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "magazine.staff.middleware.StaffSessionMiddleware",  # 2FA, idle sign-out
    "magazine.staff.middleware.StaffLanguageMiddleware",  # the admin in theirs
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # WordPress-shaped addresses that 404 here (after the redirects table).
    "magazine.site.wordpress.addresses.OldAddressMiddleware",
    "django.contrib.redirects.middleware.RedirectFallbackMiddleware",
]

ROOT_URLCONF = "magazine.site.urls"
WSGI_APPLICATION = "magazine.wsgi.application"

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
                "django.template.context_processors.csp",
                "magazine.site.context_processors.site",
            ],
        },
    },
]

# Databases: DATABASE_URL names PostgreSQL or SQLite; unset, an SQLite file under var/.
if not env.str("DATABASE_URL", default=""):
    VAR_DIR.mkdir(exist_ok=True)
DATABASES = {
    "default": env.db_url(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'magazine.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries take milliseconds: parallel workers cost more to start than
    # they save, and take the cores the web workers need.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        "-c max_parallel_workers_per_gather=0"
    )
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        # Parameters bound by the server let psycopg prepare a statement on its
        # fifth run on a connection; PostgreSQL then skips planning the reader
        # pages' fixed queries (2.1 of the home page's 2.8 ms in PostgreSQL).
        # Turn off behind a pooler that cannot keep them (PgBouncer < 1.21).
        DATABASES["default"]["OPTIONS"]["server_side_binding"] = True
        DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5
    if env.bool("DATABASE_POOL", default=False):
        # psycopg's pool suits threaded or async servers; it replaces persistent connections.
        DATABASES["default"]["OPTIONS"]["pool"] = True
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one process writes; writers queue (IMMEDIATE)
    # instead of failing halfway through a transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
    # Kept open between requests: opening the file, its two PRAGMAs and SQLite
    # reading the schema again before the first statement cost each cold page
    # about 3 ms (issue 18, profile_cold at 100,000 stories).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    if not env.str("DATABASE_URL", default=""):
        # A file, not memory, so that pytest --reuse-db can keep it between runs.
        DATABASES["default"]["TEST"] = {"NAME": VAR_DIR / "test_magazine.sqlite3"}
# Read replicas (magazine/replicas.py): PostgreSQL standbys streaming from the
# primary, each with the primary's connection options; reader pages read them.
DATABASE_REPLICAS = []
for _number, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[]), 1):
    _replica = environ.Env.db_url_config(_url)
    _engines = {_replica["ENGINE"], DATABASES["default"]["ENGINE"]}
    if _engines != {"django.db.backends.postgresql"}:
        sys.exit(
            "magazine: DATABASE_REPLICA_URLS needs a PostgreSQL DATABASE_URL and "
            "postgres:// replicas (SQLite has no replicas)."
        )
    DATABASES[f"replica_{_number}"] = {
        **_replica,
        "OPTIONS": dict(DATABASES["default"]["OPTIONS"]),
        **{
            key: DATABASES["default"][key]
            for key in ("CONN_MAX_AGE", "CONN_HEALTH_CHECKS")
            if key in DATABASES["default"]
        },
        # A standby cannot hold a test database: tests read the primary's.
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_REPLICAS.append(f"replica_{_number}")
# Seconds a browser that posted anything reads the primary (its own writes).
DATABASE_REPLICA_PRIMARY_AFTER_WRITE = env.int(
    "DATABASE_REPLICA_PRIMARY_AFTER_WRITE", default=10
)
# A replica down, or short of a page's position for MAX_LAG seconds, is set
# aside per process for RETRY_SECONDS (magazine/replicas.py, "Back-off").
DATABASE_REPLICA_MAX_LAG = env.int("DATABASE_REPLICA_MAX_LAG", default=10)
DATABASE_REPLICA_RETRY_SECONDS = env.int("DATABASE_REPLICA_RETRY_SECONDS", default=30)
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["magazine.replicas.ReplicaRouter"]
    # Right after the page cache, whose generation it checks replicas against.
    MIDDLEWARE.insert(
        MIDDLEWARE.index("magazine.cache.PageCacheMiddleware") + 1,
        "magazine.replicas.ReaderReadsMiddleware",
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The default cache is a folder under var/, shared by every process on the machine
# (web workers, the task worker), so the page cache's invalidation holds across
# them; CACHE_URL=redis://… shares it across machines.
CACHES = {
    "default": env.cache_url("CACHE_URL", default=f"filecache://{VAR_DIR / 'cache'}")
}
# Rate-limit counts (magazine/limits.py) live where page entries cannot evict
# them: a database table, or Redis (INCR) when the cache is Redis.
REDIS_SCHEMES = ("redis://", "rediss://", "unix://")
RATE_LIMIT_STORE = env.str(
    "RATE_LIMIT_STORE",
    default=(
        env.str("CACHE_URL")
        if env.str("CACHE_URL", default="").startswith(REDIS_SCHEMES)
        else "database"
    ),
)
if RATE_LIMIT_STORE != "database" and not RATE_LIMIT_STORE.startswith(REDIS_SCHEMES):
    sys.exit("magazine: RATE_LIMIT_STORE is either database or a redis:// URL.")

# Requests carrying any of these cookies are personal: the page cache neither serves
# nor stores them (staff sessions, flash messages, a commenter's pending comment).
COMMENT_PENDING_COOKIE = "comment_pending"
PAGE_CACHE_BYPASS_COOKIES = ["sessionid", "messages", COMMENT_PENDING_COOKIE]
# How long the page cache keeps a page at most (0 turns it off). The form stamps
# in cached pages live this long, plus a browser's copy and a reader's writing
# time (magazine.bots.form_max_age), and each carries FORM_STAMP_USES submissions.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# The release being served, part of every page-cache key: set at deploy (a
# commit or version); empty means the hash of the static files' manifest.
RELEASE = env.str("RELEASE", default="")
FORM_STAMP_USES = env.int("FORM_STAMP_USES", default=5)
# The front cache (magazine.frontcache): the kit's nginx servers' purge addresses
# (their internal listener, e.g. http://127.0.0.1:8081), and the classes that purge
# a front cache or a CDN when pages change. Empty: nothing outside the app keeps pages.
FRONT_CACHE_PURGE_URLS = env.list("FRONT_CACHE_PURGE_URLS", default=[])
FRONT_CACHE_PURGERS = env.list(
    "FRONT_CACHE_PURGERS",
    default=["magazine.frontcache.NginxPurger"] if FRONT_CACHE_PURGE_URLS else [],
)
FRONT_CACHE_PURGE_TIMEOUT = env.float("FRONT_CACHE_PURGE_TIMEOUT", default=2.0)

# Comments: closing, threading and spam limits (see articles/comments/).
COMMENTS_CLOSE_AFTER_DAYS = env.int("COMMENTS_CLOSE_AFTER_DAYS", default=30)  # 0: never
COMMENTS_MAX_DEPTH = env.int("COMMENTS_MAX_DEPTH", default=3)
COMMENTS_MAX_LINKS = env.int("COMMENTS_MAX_LINKS", default=2)
COMMENTS_IP_RETENTION_DAYS = env.int("COMMENTS_IP_RETENTION_DAYS", default=30)
COMMENTS_PER_IP_PER_HOUR = env.int("COMMENTS_PER_IP_PER_HOUR", default=10)
COMMENTS_PER_EMAIL_PER_HOUR = env.int("COMMENTS_PER_EMAIL_PER_HOUR", default=5)
# Reply e-mail to one (confirmed) address per day, at most.
COMMENTS_REPLY_MAILS_PER_DAY = env.int("COMMENTS_REPLY_MAILS_PER_DAY", default=10)
# Linkified comment text assumes https for bare domains (Django 2028's default).
URLIZE_ASSUME_HTTPS = True

TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}


def mailer(url: str) -> dict:
    """A MAILERS entry from a URL: smtp+tls://user:password@host:587, consolemail://."""
    config = environ.Env.email_url_config(url)
    options = {}
    if config["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend":
        options = {
            "host": config["EMAIL_HOST"],
            "port": config["EMAIL_PORT"],
            "username": config["EMAIL_HOST_USER"],
            "password": config["EMAIL_HOST_PASSWORD"],
            "use_tls": config.get("EMAIL_USE_TLS", False),
            "use_ssl": config.get("EMAIL_USE_SSL", False),
            "timeout": env.int("EMAIL_TIMEOUT", default=30),
        }
    return {"BACKEND": config["EMAIL_BACKEND"], "OPTIONS": options}


# Mail: the console in development; EMAIL_URL names the real mailer in production.
MAILERS = {"default": mailer(required("EMAIL_URL", "consolemail://"))}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL",
    default=f"{SITE_NAME} <newsroom@{urlsplit(SITE_URL).hostname}>",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Staff sign-in (magazine/staff/): sessions in a table that knows their user, so
# a password or second-factor change can end the account's other sessions.
SESSION_ENGINE = "magazine.staff.sessions"
# Who must sign in with a second factor: "editors" (Editors and superusers),
# "all" staff, or "none" (a staff member who set one up still uses it).
STAFF_2FA_REQUIRED = env.str("STAFF_2FA_REQUIRED", default="editors")
if STAFF_2FA_REQUIRED not in {"editors", "all", "none"}:
    sys.exit("magazine: STAFF_2FA_REQUIRED must be editors, all or none.")
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
# Sign-in attempts for one account from one address, and from one address for
# any account, per STAFF_LOGIN_WINDOW_MINUTES (see magazine/staff/throttle.py).
STAFF_LOGIN_ATTEMPTS_PER_ACCOUNT = env.int(
    "STAFF_LOGIN_ATTEMPTS_PER_ACCOUNT", default=15
)
STAFF_LOGIN_ATTEMPTS_PER_ADDRESS = env.int(
    "STAFF_LOGIN_ATTEMPTS_PER_ADDRESS", default=60
)
STAFF_LOGIN_WINDOW_MINUTES = env.int("STAFF_LOGIN_WINDOW_MINUTES", default=15)
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"
OTP_TOTP_ISSUER = SITE_NAME
# Passkeys belong to the public host name. A browser refuses an IP address as
# the relying party, so development on http://127.0.0.1:8000 uses its passkeys
# at http://localhost:8000 (the same server).
_site = urlsplit(SITE_URL)
try:
    _ip_literal = bool(ipaddress.ip_address(_site.hostname or ""))
except ValueError:
    _ip_literal = False
OTP_WEBAUTHN_RP_ID = "localhost" if _ip_literal else _site.hostname
OTP_WEBAUTHN_RP_NAME = SITE_NAME
OTP_WEBAUTHN_ALLOWED_ORIGINS = env.list(
    "WEBAUTHN_ORIGINS",
    default=[
        f"http://localhost:{_site.port or 80}" if _ip_literal else SITE_URL,
    ],
)
# Passkeys are a second factor after the password, never a way round it.
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The editions: English at the root, Spanish under /es/ (issue 15).
LANGUAGES = [("en", "English"), ("es", "Español")]
# The catalogue of the shared templates/ and the kernel; each app keeps its own in APP/locale/.
LOCALE_PATHS = [BASE_DIR / "magazine" / "locale"]
# Sections, pages, site settings and author bios carry a column per language
# (django-modeltranslation); an empty Spanish one shows the English text.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = env.str("TIME_ZONE", default="America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Where media were served before they moved to object storage: ``move_media``
# rewrites these addresses and the site redirects them (magazine/objectstorage.py).
LOCAL_MEDIA_URL = "/media/"
if AWS_STORAGE_BUCKET_NAME := env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # Credentials come from boto3's standard AWS_ACCESS_KEY_ID and
    # AWS_SECRET_ACCESS_KEY (or the host's role); the store from these.
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    object_store = {
        "bucket": AWS_STORAGE_BUCKET_NAME,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=""),
        "region": env.str("AWS_S3_REGION_NAME", default=""),
        "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=""),
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default=""),
    }
    globals().update(objectstorage.s3_settings(**object_store))
    MEDIA_URL = env.str("MEDIA_URL", default="") or objectstorage.s3_media_url(
        **object_store
    )
# The app serves uploads itself when they are on its disk (gunicorn alone, or
# DEBUG); set false where a front server (the kit's nginx) serves MEDIA_ROOT.
SERVE_MEDIA = env.bool(
    "SERVE_MEDIA", default=not AWS_STORAGE_BUCKET_NAME and "://" not in MEDIA_URL
)

# The rich-text editor's own extension: a lone YouTube or X link shown as the
# link card readers will see (magazine/richtext.py). It adds no markup.
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("articles/editor-link-cards.js")],
        "extensions": {"LinkCards": html_tags(tags=[])},
    },
    {
        "js": [static_lazy("articles/editor-aids.js")],
        "extensions": {"EditorAids": html_tags(tags=[])},
    },
]

# Security headers.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
media_origin = objectstorage.origin(MEDIA_URL)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # The nonce appears only on pages that use it: the admin (its editor's import map).
    "script-src": [CSP.SELF, CSP.NONCE],
    # An empty <style> and nothing else: the rich-text editor's placeholder that
    # keeps Tiptap from injecting its styles inline (articles/editor-aids.js).
    "style-src": [CSP.SELF, "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"],
    "img-src": [CSP.SELF, "data:", *([media_origin] if media_origin else [])],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# No page uses these powers: refused to our pages and to anything they might embed.
# Passkeys (WebAuthn) and full screen stay for our own origin.
PERMISSIONS_POLICY = {
    **dict.fromkeys(
        [
            "accelerometer",
            "ambient-light-sensor",
            "autoplay",
            "bluetooth",
            "browsing-topics",
            "camera",
            "display-capture",
            "encrypted-media",
            "geolocation",
            "gyroscope",
            "hid",
            "identity-credentials-get",
            "idle-detection",
            "interest-cohort",
            "local-fonts",
            "magnetometer",
            "microphone",
            "midi",
            "otp-credentials",
            "payment",
            "screen-wake-lock",
            "serial",
            "usb",
            "window-management",
            "xr-spatial-tracking",
        ],
        (),
    ),
    "fullscreen": ["self"],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}
if SITE_URL.startswith("https://"):
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool(
        "SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True
    )
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The TLS-terminating proxy says the scheme; it takes TRUSTED_PROXIES or
    # TRUSTED_PROXY_NETWORKS, not this, to believe X-Forwarded-For.
    if env.bool("BEHIND_PROXY", default=True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
        # Probes ask app servers over plain HTTP (liveness and readiness alike).
        SECURE_REDIRECT_EXEMPT = [r"^healthz/"]

# Client addresses (magazine/proxies.py): X-Forwarded-For is believed only as
# far as these say, and by default not at all (REMOTE_ADDR is the client).
TRUSTED_PROXIES = env.int("TRUSTED_PROXIES", default=0)
TRUSTED_PROXY_NETWORKS = env.list("TRUSTED_PROXY_NETWORKS", default=[])
if TRUSTED_PROXIES < 0 or (TRUSTED_PROXIES and TRUSTED_PROXY_NETWORKS):
    sys.exit(
        "magazine: set TRUSTED_PROXIES (a count) or TRUSTED_PROXY_NETWORKS, not both."
    )
for network in TRUSTED_PROXY_NETWORKS:
    try:
        ipaddress.ip_network(network, strict=False)
    except ValueError:
        sys.exit(f"magazine: TRUSTED_PROXY_NETWORKS: {network!r} is not a network.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

# Newsletter sending: messages per claimed batch, mail connections each worker
# sends over at once, a cap on messages per second (0: as fast as the mail
# server accepts), and how long a claim on a batch lasts before another run may
# take it over (a dead worker's batch).
NEWSLETTER_BATCH_SIZE = env.int("NEWSLETTER_BATCH_SIZE", default=200)
NEWSLETTER_CONNECTIONS = env.int("NEWSLETTER_CONNECTIONS", default=4)
NEWSLETTER_MAX_PER_SECOND = env.float("NEWSLETTER_MAX_PER_SECOND", default=0)
NEWSLETTER_CLAIM_TIMEOUT = env.int("NEWSLETTER_CLAIM_TIMEOUT", default=300)
TASK_WORKER_LEASE = env.int("TASK_WORKER_LEASE", default=60)
NEWSLETTER_BOUNCE_MAILDIR = env.str("NEWSLETTER_BOUNCE_MAILDIR", default="")
PERIODIC_CHECK_SECONDS = env.int("PERIODIC_CHECK_SECONDS", default=30)
