"""Settings shared by every shape of SNOBISTIC.

Everything that differs between a laptop and production is read from the environment
(django-environ). With no environment at all the embedded default applies: SQLite in WAL
mode, local-memory cache, the django-q2 ORM broker, the in-memory channel layer, media on
disk and e-mail on the console. ``production.py`` turns the same keys into PostgreSQL,
Redis, S3 and SMTP and refuses to start without its secrets.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from config.csp import backoffice_policy, storefront_policy

BASE_DIR = Path(__file__).resolve().parents[2]

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "config.daphne_app.DaphneConfig",  # first: daphne's runserver (HTTP and websockets), its server loaded only there
    "unfold.apps.BasicAppConfig",  # keep admin.site = our StaffAdminSite (see backoffice.apps)
    "unfold.contrib.filters",
    "unfold.contrib.forms",
    "unfold.contrib.import_export",
    "backoffice.apps.StaffAdminConfig",  # django.contrib.admin with the staff site as default
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "channels",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.google",
    "allauth.socialaccount.providers.facebook",
    "allauth.socialaccount.providers.apple",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "guardian",
    "import_export",
    "django_q",
    "auditlog",  # the audit trail of staff writes (registrations in each context's apps.py)
    "marketplace.common",
    "marketplace.administration",
    "marketplace.accounts",
    "marketplace.vendors",
    "marketplace.products",
    "marketplace.auctions",
    "marketplace.customers",
    "marketplace.orders",
    "marketplace.shipping",
    "marketplace.wallet",
    "marketplace.notifications",
    "marketplace.currency",
    "marketplace.chat",
    "marketplace.support",
    "marketplace.authenticity",
    "marketplace.reviews",
    "backoffice",
    "pwa",  # django-pwa: the web app manifest
    "storefront",
    "rest_framework",  # the partner API (api/): REST
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Redoc served from our own static files (CSP: no CDN)
    "graphene_django",  # the partner API: GraphQL
]

MIDDLEWARE = [
    "config.request_id.RequestIdMiddleware",  # first: every log line of the request carries its id
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "config.csp.BackOfficeContentSecurityPolicyMiddleware",  # after it: its response is seen first
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "marketplace.accounts.session_user.CachedUserAuthenticationMiddleware",  # Django's, the user row cached
    "auditlog.middleware.AuditlogMiddleware",  # after it: the signed-in person is each audit entry's actor
    "django_otp.middleware.OTPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "backoffice.middleware.BackOfficeTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "doors.middleware.DomainErrorMiddleware",  # the domain's NotFound answers the 404 page, as Http404 would
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into the lockout page
]

ROOT_URLCONF = "config.urls"

# --- Audit trail (django-auditlog) ---------------------------------------------------------
# Values are kept as JSON (numbers stay numbers) on SQLite and PostgreSQL alike. Each context
# registers its models in its apps.py (marketplace.common.audit.audit_register).
AUDITLOG_STORE_JSON_CHANGES = True
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",  # csp_nonce for our <script> tags
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------
# SQLite runs in WAL mode (readers never wait for the writer) and opens write transactions
# IMMEDIATE, so two writers are serialised at BEGIN instead of failing half-way: that is the
# SQLite equivalent of the row locks PostgreSQL takes with select_for_update.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_from_env(default_sqlite_path: Path) -> dict:
    if "DATABASE_URL" in env:
        db = env.db("DATABASE_URL")
        if db["ENGINE"] == "django.db.backends.postgresql":
            db.setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
            db["CONN_HEALTH_CHECKS"] = True
        return db
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": default_sqlite_path,
        "OPTIONS": SQLITE_OPTIONS,
    }


DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, jobs, realtime ----------------------------------------------------------------
REDIS_URL = env("REDIS_URL", default="")

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "config.redis_cache.RedisCache", "LOCATION": REDIS_URL}}
    # A signed-in request reads its session and its user from Redis, not the database (issue 20): sessions
    # are written through to the database (they survive a Redis flush); a user's cached row is dropped on
    # every save (marketplace/accounts/session_user.py). Without Redis each process has its own memory
    # cache, which cannot be told of another's changes: both stay off.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    AUTH_USER_CACHE_SECONDS = env.int("AUTH_USER_CACHE_SECONDS", default=300)
    CUSTOMER_CACHE_SECONDS = env.int("CUSTOMER_CACHE_SECONDS", default=300)  # a buyer's saved sizes, likewise
    # channels-redis waits for a socket's next message with BZPOPMIN for 5 s; redis-py's own read timeout is 5 s
    # too, so an idle socket's wait could time out first and the consumer die (1011). Reads get 15 s.
    # Every socket of one daphne process shares one Redis queue (its "specific." channel), and a group_send to a
    # queue at capacity is dropped without a word: the default 100 lost chat messages as soon as a process ran a
    # second behind at 100 deliveries a second (make bench-chat). 2,000 pending deliveries per process, each kept
    # at most 60 s (the default expiry), is a few MB of Redis at worst.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 15}], "capacity": 2000},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "snobistic"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    AUTH_USER_CACHE_SECONDS = 0
    CUSTOMER_CACHE_SECONDS = 0

Q_CLUSTER = {
    "name": "snobistic",
    "workers": env.int("Q_WORKERS", default=2),
    "timeout": 300,
    "retry": 360,  # must exceed timeout
    "max_attempts": 3,
    "save_limit": 1000,
    "catch_up": False,  # a schedule missed while the cluster was down runs once, not N times
    "label": _("Jobs"),
}
if REDIS_URL:
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"
    Q_CLUSTER["poll"] = 1

# --- Authentication -----------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out accounts/IPs
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "guardian.backends.ObjectPermissionBackend",
]
# No guardian "AnonymousUser" row: anonymous visitors never hold object permissions here.
ANONYMOUS_USER_NAME = None
# Django's hashers, with PBKDF2-SHA256 (the default, full strength) computed at a lower CPU priority than
# serving pages (config/hashers.py): a burst of sign-ins no longer slows browsing. Listed once per algorithm.
PASSWORD_HASHERS = [
    "config.hashers.BackgroundPBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "profile"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3  # a reset link works for three hours

# django-allauth: e-mail is the login, verified before the first sign-in.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True  # in the browser that signed up (storefront.pages.accounts)
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "SNOBISTIC · "
ACCOUNT_ADAPTER = "storefront.account_adapters.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env("DJANGO_HTTP_PROTOCOL", default="http")
SOCIALACCOUNT_ADAPTER = "storefront.account_adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True  # same verified e-mail: connect, do not duplicate
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
SOCIALACCOUNT_STORE_TOKENS = False


def _social_providers() -> dict:
    """A provider is on only when its client id and secret are in the environment."""
    providers = {}
    for name, scope in (("google", ["profile", "email"]), ("facebook", ["email", "public_profile"])):
        client_id, secret = env(f"{name.upper()}_CLIENT_ID", default=""), env(f"{name.upper()}_CLIENT_SECRET", default="")
        if client_id and secret:
            providers[name] = {"APPS": [{"client_id": client_id, "secret": secret, "key": ""}], "SCOPE": scope}
            if name == "google":
                providers[name]["EMAIL_AUTHENTICATION"] = True
    apple_id, apple_key_id = env("APPLE_CLIENT_ID", default=""), env("APPLE_KEY_ID", default="")
    apple_team, apple_private = env("APPLE_TEAM_ID", default=""), env("APPLE_PRIVATE_KEY", default="")
    if apple_id and apple_key_id and apple_team and apple_private:
        providers["apple"] = {
            "APPS": [
                {
                    "client_id": apple_id,
                    "secret": apple_key_id,
                    "key": apple_team,
                    "settings": {"certificate_key": apple_private.replace("\\n", "\n")},
                }
            ],
            "EMAIL_AUTHENTICATION": True,
        }
    return providers


SOCIALACCOUNT_PROVIDERS = _social_providers()

# The partner API (api/): bearer tokens from users/login, sessions for the browser; cursor pages;
# scoped throttles per user (or per address for anonymous calls).
API_TOKEN_DAYS = env.int("API_TOKEN_DAYS", default=90)
API_CHALLENGE_SECONDS = 300  # how long the second-factor step of an API sign-in may take
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "EXCEPTION_HANDLER": "api.exceptions.api_exception_handler",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "api.throttling.SignedInRateThrottle",
        "rest_framework.throttling.ScopedRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        "sign_in": env.str("API_THROTTLE_SIGN_IN", default="10/min"),
        "bids": env.str("API_THROTTLE_BIDS", default="60/min"),
        "checkout": env.str("API_THROTTLE_CHECKOUT", default="10/min"),
        "messages": env.str("API_THROTTLE_MESSAGES", default="30/min"),
    },
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "SNOBISTIC partner API",
    "DESCRIPTION": "Catalogue, auctions, cart, orders, vendor listings and account data. Errors are {code, message, fields}.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/",
    "COMPONENT_SPLIT_REQUEST": True,
}
GRAPHENE = {"SCHEMA": "api.graphql.schema.schema"}

# django-axes: five wrong passwords for one account from one address lock that pair for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "email"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_ENABLE_ADMIN = False  # registered on the staff site with unfold instead
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)
# X-Forwarded-For is believed only when a proxy we run sets it; otherwise a client could
# send a new address with every guess and never be locked out.
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if AXES_IPWARE_PROXY_COUNT else ["REMOTE_ADDR"]

# Rate limits of our own views: (attempts, seconds) per client IP.
RATE_LIMITS = {
    "login": (20, 300),
    "register": (10, 3600),
    "password_reset": (5, 3600),
    "two_factor": (10, 300),
    "two_factor_email": (3, 900),
    "authenticity_request": (5, 3600),  # guest authentication requests per IP
    "authenticity_email": (3, 3600),  # ... and per e-mail address
    "company_lookup": (30, 600),  # CUI look-ups in ANAF's registry per buyer (checkout)
}
# Company look-up by CUI at checkout: "anaf" (ANAF's public registry) or "offline" (manual entry only).
COMPANY_REGISTRY_PROVIDER = env("COMPANY_REGISTRY_PROVIDER", default="anaf")
COMPANY_REGISTRY_TIMEOUT = env.float("COMPANY_REGISTRY_TIMEOUT", default=4.0)
# "Download my data": how long the ZIP stays downloadable.
PRIVACY_EXPORT_DAYS = env.int("PRIVACY_EXPORT_DAYS", default=7)
OTP_TOTP_ISSUER = "SNOBISTIC"
OTP_EMAIL_CODE_MINUTES = 10
# Nobody, not even a superuser, reads another person's authenticator secret (key, QR code) in the admin.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ro"
LANGUAGES = [("ro", "Română"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "thirdparty"]  # ours, then third-party strings in Romanian
TIME_ZONE = "Europe/Bucharest"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Product photos: checked on upload, background removed by rembg when its model file is here.
PRODUCT_IMAGE_MAX_BYTES = env.int("PRODUCT_IMAGE_MAX_BYTES", default=15 * 1024 * 1024)
PRODUCT_IMAGE_MAX_PIXELS = env.int("PRODUCT_IMAGE_MAX_PIXELS", default=40_000_000)

# Web Push (VAPID, RFC 8292): on only when both keys are set; otherwise notifications wait in the
# in-app inbox. VAPID_PRIVATE_KEY is the urlsafe-base64 raw private key (or a PEM), the public
# key the urlsafe-base64 uncompressed point the browser subscribes with.
VAPID_PUBLIC_KEY = env("VAPID_PUBLIC_KEY", default="")
VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY", default="").replace("\\n", "\n")
VAPID_SUBJECT = env("VAPID_SUBJECT", default="mailto:suport@snobistic.ro")
WEB_PUSH_TTL_SECONDS = env.int("WEB_PUSH_TTL_SECONDS", default=6 * 3600)
U2NET_HOME = Path(env("U2NET_HOME", default=str(BASE_DIR / ".u2net")))
# numba (pymatting, under rembg) compiles its kernels on first import, ~40 s of CPU; with a writable cache
# directory they are compiled once and loaded in ~2 s by every later process (the image bakes them at build).
NUMBA_CACHE_DIR = Path(env("NUMBA_CACHE_DIR", default=str(BASE_DIR / ".numba-cache")))
# A django-q2 worker loads the cut-out model as it starts, so a vendor's first photo is not the one that waits.
BACKGROUND_REMOVAL_WARM_UP = env.bool("BACKGROUND_REMOVAL_WARM_UP", default=False)

# --- E-mail -------------------------------------------------------------------------------
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="SNOBISTIC <noreply@snobistic.ro>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The brand and public address every e-mail names and links to (never the request's host).
SITE_NAME = env("SITE_NAME", default="SNOBISTIC")
SITE_URL = env("SITE_URL", default="http://localhost:8000").rstrip("/")
SITE_SUPPORT_EMAIL = env("SITE_SUPPORT_EMAIL", default="suport@snobistic.ro")

# --- Support (marketplace.support) -------------------------------------------------------------
# Ticket e-mails carry Reply-To: support+<token>@SUPPORT_REPLY_DOMAIN; Mailgun routes the replies to
# /support/webhooks/inbound-email/ signed with SUPPORT_INBOUND_SIGNING_KEY (unset: the webhook refuses all).
SUPPORT_REPLY_DOMAIN = env("SUPPORT_REPLY_DOMAIN", default="reply.snobistic.ro")
SUPPORT_INBOUND_SIGNING_KEY = env("SUPPORT_INBOUND_SIGNING_KEY", default="")
SUPPORT_INBOUND_MAX_AGE_SECONDS = env.int("SUPPORT_INBOUND_MAX_AGE_SECONDS", default=15 * 60)

# --- Conversations (marketplace.chat) ---------------------------------------------------------
CHAT_MESSAGES_PER_MINUTE = env.int("CHAT_MESSAGES_PER_MINUTE", default=20)  # per sender, then chat_rate_limited (429)
CHAT_UNREAD_EMAIL_MINUTES = env.int("CHAT_UNREAD_EMAIL_MINUTES", default=15)  # e-mail a message still unread after this
CHAT_MAX_PHOTOS = 4  # per message

# --- Security that holds everywhere -------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy, enforced (see config/csp.py): a strict nonce policy on the storefront,
# one unfold's Alpine.js works under in the back offices. Websockets over ws: only where the site
# itself is served over plain http (local runs, tests); production answers https and wss.
CSP_IMG_SOURCES = env.list("CSP_IMG_SOURCES", default=[])  # e.g. the media bucket's origin
CSP_WEBSOCKET_SCHEMES = ["wss:"] + (["ws:"] if env("DJANGO_HTTP_PROTOCOL", default="http") == "http" else [])
CSP_FORM_TARGETS = ["https://checkout.stripe.com"]  # the checkout form's redirect to Stripe Checkout
SECURE_CSP = storefront_policy(
    img_sources=CSP_IMG_SOURCES, websocket_schemes=CSP_WEBSOCKET_SCHEMES, form_targets=CSP_FORM_TARGETS
)
CSP_BACKOFFICE = backoffice_policy(
    img_sources=CSP_IMG_SOURCES, websocket_schemes=CSP_WEBSOCKET_SCHEMES, form_targets=CSP_FORM_TARGETS
)

# --- Platform -----------------------------------------------------------------------------
# Seconds a cached PlatformSettings snapshot may live; saves invalidate it at once in the
# process that saved (and everywhere when the cache is Redis).
PLATFORM_SETTINGS_CACHE_SECONDS = env.int("PLATFORM_SETTINGS_CACHE_SECONDS", default=60)
DEMO_PASSWORD = env("SNOBISTIC_DEMO_PASSWORD", default="snobistic-demo-2026")

# --- Authenticity ---------------------------------------------------------------------------
# Ed25519 keys that sign certificates: "key-id=base64-private-key,..." (32 raw bytes each); the key
# AUTHENTICITY_SIGNING_KEY_ID names (else the last) signs, all verify. Retired keys keep verifying
# through AUTHENTICITY_VERIFY_KEYS ("key-id=base64-public-key,..."). Unset outside production: an
# ephemeral key per process, with a warning. `manage.py authenticity_keygen` prints a new key.
AUTHENTICITY_SIGNING_KEYS = env("AUTHENTICITY_SIGNING_KEYS", default="")
AUTHENTICITY_SIGNING_KEY_ID = env("AUTHENTICITY_SIGNING_KEY_ID", default="")
AUTHENTICITY_VERIFY_KEYS = env("AUTHENTICITY_VERIFY_KEYS", default="")
AUTHENTICITY_CONFIRM_MAX_AGE = env.int("AUTHENTICITY_CONFIRM_MAX_AGE", default=2 * 24 * 3600)  # seconds
# The outside authentication service (Legitmark): on when its API key is set; staff review otherwise.
LEGITMARK_API_KEY = env("LEGITMARK_API_KEY", default="")
LEGITMARK_API_URL = env("LEGITMARK_API_URL", default="https://api.legitmark.com")
LEGITMARK_ASSET_URL = env("LEGITMARK_ASSET_URL", default="https://media.legitmark.com")
LEGITMARK_SERVICE = env("LEGITMARK_SERVICE", default="")
LEGITMARK_TAXONOMY = env("LEGITMARK_TAXONOMY", default="{}")  # JSON: our category -> {"category": uuid, "type": uuid}

# --- Orders and payments --------------------------------------------------------------------
# An unpaid card order holds its pieces this long; a bank transfer waits this many days.
ORDER_CARD_RESERVATION_MINUTES = env.int("ORDER_CARD_RESERVATION_MINUTES", default=30)
ORDER_BANK_TRANSFER_DAYS = env.int("ORDER_BANK_TRANSFER_DAYS", default=5)
ORDER_VAT_RATE = env.str("ORDER_VAT_RATE", default="21")  # %, charged by VAT-registered vendors
ORDER_BANK_ACCOUNT = env("ORDER_BANK_ACCOUNT", default="SNOBISTIC SRL · RO49AAAA1B31007593840000 · Banca Transilvania")
# Card payments are on only when the Stripe keys are set; cash on delivery and bank transfer always are.
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")

# --- Shipping and couriers (marketplace.shipping) ------------------------------------------------
# The offline courier ("local") is always on; each real courier is on only when its credentials are set.
SHIPPING_DEFAULT_COURIER = env("SHIPPING_DEFAULT_COURIER", default="local")
SAMEDAY_USERNAME = env("SAMEDAY_USERNAME", default="")
SAMEDAY_PASSWORD = env("SAMEDAY_PASSWORD", default="")
SAMEDAY_API_URL = env("SAMEDAY_API_URL", default="https://api.sameday.ro")
FANCOURIER_CLIENT_ID = env("FANCOURIER_CLIENT_ID", default="")
FANCOURIER_USERNAME = env("FANCOURIER_USERNAME", default="")
FANCOURIER_PASSWORD = env("FANCOURIER_PASSWORD", default="")
CARGUS_SUBSCRIPTION_KEY = env("CARGUS_SUBSCRIPTION_KEY", default="")
CARGUS_USERNAME = env("CARGUS_USERNAME", default="")
CARGUS_PASSWORD = env("CARGUS_PASSWORD", default="")
DPD_USERNAME = env("DPD_USERNAME", default="")
DPD_PASSWORD = env("DPD_PASSWORD", default="")
# Courier webhooks (/webhooks/couriers/<code>/) are accepted only when signed with that courier's secret.
COURIER_WEBHOOK_SECRETS = {
    code: env(f"{code.upper()}_WEBHOOK_SECRET", default="") for code in ("local", "sameday", "fancourier", "cargus", "dpd")
}
# An AWB request the courier did not answer is tried again after 1, 2, 4… minutes, this many times.
SHIPPING_AWB_MAX_ATTEMPTS = env.int("SHIPPING_AWB_MAX_ATTEMPTS", default=6)
SHIPPING_AWB_RETRY_BASE_SECONDS = env.int("SHIPPING_AWB_RETRY_BASE_SECONDS", default=60)

# --- Storefront PWA (django-pwa manifest; service worker and offline page are ours) ----------
PWA_APP_NAME = "SNOBISTIC"
PWA_APP_DESCRIPTION = "Modă de lux autentificată: piese noi, outlet și pre-loved."
PWA_APP_THEME_COLOR = "#111111"
PWA_APP_BACKGROUND_COLOR = "#fbfaf7"
PWA_APP_DISPLAY = "standalone"
PWA_APP_ORIENTATION = "portrait"
PWA_APP_START_URL = "/?source=pwa"
PWA_APP_SCOPE = "/"
PWA_APP_LANG = "ro"
PWA_APP_DEBUG_MODE = False
PWA_APP_ICONS = [
    {"src": "/static/pwa/icons/icon-192.png", "sizes": "192x192", "type": "image/png", "purpose": "any"},
    {"src": "/static/pwa/icons/icon-512.png", "sizes": "512x512", "type": "image/png", "purpose": "any"},
    {"src": "/static/pwa/icons/maskable-512.png", "sizes": "512x512", "type": "image/png", "purpose": "maskable"},
]
PWA_APP_ICONS_APPLE = [{"src": "/static/pwa/icons/apple-touch-icon.png", "sizes": "180x180"}]
PWA_APP_SPLASH_SCREEN = []
# Anonymous catalogue pages are cached this many seconds (0: off); any listing save clears them.
STOREFRONT_CATALOGUE_CACHE_SECONDS = env.int("STOREFRONT_CATALOGUE_CACHE_SECONDS", default=60)
# Every catalogue page, a signed-in buyer's too, is built from two per-worker memories (doors/catalogue_cache.py):
# each listing's card, and which pieces a query shows in which order (0 turns either off).
STOREFRONT_CARD_CACHE_SECONDS = env.int("STOREFRONT_CARD_CACHE_SECONDS", default=60)
STOREFRONT_PUBLIC_ROWS_SECONDS = env.int("STOREFRONT_PUBLIC_ROWS_SECONDS", default=15)

# --- Exchange rates (marketplace.currency) ------------------------------------------------------
# BNR's daily reference rates, the ECB's as the fallback (README "Exchange rates, SMS and clean-ups").
CURRENCY_BNR_URL = env("CURRENCY_BNR_URL", default="https://www.bnr.ro/nbrfxrates.xml")
CURRENCY_ECB_URL = env("CURRENCY_ECB_URL", default="https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml")

# --- e-Factura (marketplace.wallet.anaf) -------------------------------------------------------
# "offline" (default) keeps each commission invoice's XML and marks it not sent; "anaf" uploads it to
# ANAF's e-Factura API when the OAuth application's id and secret and a refresh token are all set.
EFACTURA_PROVIDER = env("EFACTURA_PROVIDER", default="offline")
ANAF_CLIENT_ID = env("ANAF_CLIENT_ID", default="")
ANAF_CLIENT_SECRET = env("ANAF_CLIENT_SECRET", default="")
ANAF_REFRESH_TOKEN = env("ANAF_REFRESH_TOKEN", default="")
ANAF_ENVIRONMENT = env("ANAF_ENVIRONMENT", default="prod")  # "test": ANAF's test environment

# --- SMS (marketplace.notifications.sms) ---------------------------------------------------------
# "console" (default) logs the SMS; "smslink" sends through SMSLink.ro's SMS Gateway when both are set.
SMS_PROVIDER = env("SMS_PROVIDER", default="console")
SMSLINK_CONNECTION_ID = env("SMSLINK_CONNECTION_ID", default="")
SMSLINK_PASSWORD = env("SMSLINK_PASSWORD", default="")
SMSLINK_SENDER = env("SMSLINK_SENDER", default="")
# Push and SMS wait for 08:00 between 22:00 and 08:00 Europe/Bucharest (marketplace.notifications.quiet).
NOTIFICATIONS_QUIET_HOURS = env.bool("NOTIFICATIONS_QUIET_HOURS", default=True)

# --- Back offices (django-unfold) ---------------------------------------------------------
from config.unfold import UNFOLD, UNFOLD_VENDOR  # noqa: E402,F401
