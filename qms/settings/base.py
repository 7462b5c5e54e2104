"""Settings shared by every environment; every value comes from qms.env."""

import datetime
import os
import sys

import xstatic.pkg.bootstrap
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from qms.env import BASE_DIR, INSECURE_SECRET_KEY, env, file_storage

DEBUG = env("DEBUG")
SECRET_KEY = env("SECRET_KEY")
if not DEBUG and SECRET_KEY == INSECURE_SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. With DEBUG off the application refuses to start on "
        "the built-in development key: set SECRET_KEY to a long random value "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )
ALLOWED_HOSTS = env("ALLOWED_HOSTS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "axes",
    "csp",
    "django_htmx",
    "qms",
    "organisation",
    "accounts",
    "documents",
    "notifications",
    "signatures",
    "approvals",
    "audits",
    "nonconformities",
    "renditions",
    "django_celery_beat",
    "reviews",
    "reminders",
    "procedures",
    "objectives",
    "risks",
    "dossiers",
    "management_reviews",
    "search",
    "transfer",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "qms.content_security.ContentSecurityPolicyMiddleware",
    "accounts.clients.ClientMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # A user's own write forgets their kept menu and home figures (qms.ui).
    "qms.ui.UserCacheMiddleware",
    # request.htmx: a view answers an htmx request with the fragment it replaces.
    "django_htmx.middleware.HtmxMiddleware",
    "qms.filters.RefuseNulBytes",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "qms.urls"
# Django's widgets in Bootstrap classes, errors as invalid-feedback (qms/forms_renderer.py).
FORM_RENDERER = "qms.forms_renderer.BootstrapFormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qms.context_processors.qms",
            ],
        },
    },
]

WSGI_APPLICATION = "qms.wsgi.application"

DATABASES = {"default": env.db("DATABASE_URL")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent requests and worker processes on SQLite wait for the write lock instead of
    # failing at once: a busy timeout, and transactions that take the write lock when they
    # begin (IMMEDIATE). With SQLite's default DEFERRED mode a transaction that has read and
    # then writes cannot wait for another writer (SQLite answers "database is locked" at once,
    # whatever the timeout): CI saw it when send_reminders ran beside two worker processes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(timeout=20, transaction_mode="IMMEDIATE")
else:
    # A worker keeps its connection between requests for up to DB_CONN_MAX_AGE seconds,
    # checked before reuse: opening one costs PostgreSQL a backend process and the request
    # ~8 ms (measured on this machine; as much as a page's queries). 0: one per request.
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Parallel workers take ~3-10 ms to start. With PostgreSQL's default (1,000) the planner
    # started them for pages' ten-row queries (a visibility rule's hashed subplans made the
    # plain plan look dear): the home page's "recently effective" took 12 ms instead of
    # 0.3 ms. At 10,000 they are left to scans big enough to repay them. 0: the server's own.
    # Queries are sent with their parameters apart (server-side binding), and one run a
    # second time on a connection is prepared: PostgreSQL then plans it once per connection
    # instead of on every request. The visibility rule's subqueries took 2-4 ms to plan
    # and 0.3 ms to run (EXPLAIN ANALYZE of a version's download). false: behind a pooler
    # that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
    if env.bool("DB_SERVER_SIDE_BINDING", default=True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(server_side_binding=True, prepare_threshold=2)
    parallel_setup_cost = env.int("DB_PARALLEL_SETUP_COST", default=10000)
    if parallel_setup_cost:
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options", f"-c parallel_setup_cost={parallel_setup_cost}"
        )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # ModelBackend behind the shared lockout of sign-in, API and signing (accounts.services).
    "accounts.backends.LockoutBackend",
    "guardian.backends.ObjectPermissionBackend",
]
ANONYMOUS_USER_NAME = None  # guardian: no anonymous user row; anonymous sees nothing.
GUARDIAN_RAISE_403 = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)

# Brute-force protection (django-axes records, counted by accounts.services): this many
# wrong passwords lock the (account, address) pair for LOGIN_LOCKOUT_MINUTES after the
# last one, whichever way they came (sign-in page, API Basic auth, token endpoint,
# password re-entry for signing). From other addresses the account is only slowed down.
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env.int("LOGIN_LOCKOUT_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.handlers.LockoutHandler"
AXES_CLIENT_IP_CALLABLE = "accounts.clients.client_address"
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_RESET_ON_SUCCESS = False  # accounts.services clears the pair itself on success
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # a refused attempt is not a guess
AXES_VERBOSE = False
# An account with this many recent failures (from any address) gets one attempt per
# LOGIN_SLOW_SECONDS; an address with LOGIN_ADDRESS_SLOW_AFTER failures, one per second.
QMS_LOGIN_SLOW_AFTER = env.int("LOGIN_SLOW_AFTER", default=5)
QMS_LOGIN_SLOW_SECONDS = env.int("LOGIN_SLOW_SECONDS", default=10)
QMS_LOGIN_ADDRESS_SLOW_AFTER = env.int("LOGIN_ADDRESS_SLOW_AFTER", default=50)
# axes' middleware only turns axes' own lockout flag into a bare 429 page; ours are answered
# by the sign-in form, the API (429 with Retry-After) and the signing forms.
SILENCED_SYSTEM_CHECKS = ["axes.W002"]
# How long the menu entries a user may reach are kept (seconds; 0: asked on every page).
# Their own writes and a change of their groups or permissions forget them at once.
QMS_MENU_CACHE_SECONDS = env.int("MENU_CACHE_SECONDS", default=60)
# The same for the figures on the home page (to read, to sign, overdue...).
QMS_HOME_FIGURES_CACHE_SECONDS = env.int("HOME_FIGURES_CACHE_SECONDS", default=60)
# From how many documents in the register (PostgreSQL's estimate) a search that matches
# more than the list counts is read along the number index (documents.selectors).
QMS_SEARCH_ALONG_NUMBERS_FROM = env.int("SEARCH_ALONG_NUMBERS_FROM", default=500_000)
# API tokens expire this many days after they were issued (a new one is issued on request).
QMS_TOKEN_TTL = datetime.timedelta(days=env.int("TOKEN_TTL_DAYS", default=30))

# Content-Security-Policy (django-csp): everything from our own origin, no inline script or
# style anywhere (templates keep scripts and styles in static files; a test checks), no
# plugins, never framed. data: images for icons inside the CSS of the API docs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:"],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        # The document page shows the controlled PDF in a frame of our own PDF view.
        "frame-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF],
        "frame-ancestors": [CSP_NONE],
    }
}
# HTTPS: off by default (make run serves plain HTTP); production turns the redirect on.
# HSTS makes browsers refuse plain HTTP for this long: set it once HTTPS works for good.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)

LANGUAGE_CODE = env("LANGUAGE_CODE")
LANGUAGES = [("en", _("English")), ("vi", _("Tiếng Việt"))]
# Each app keeps its catalogue in <app>/locale; the top-level locale/ holds the strings of
# templates/ and qms/. makemessages files every string under the first LOCALE_PATHS entry
# whose parent contains it (that would be all of them), so it runs without the entry.
LOCALE_PATHS = [] if "makemessages" in sys.argv else [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["qms.formats"]
TIME_ZONE = env("TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Bootstrap 5.3 from its PyPI package (xstatic-bootstrap: versioned with Bootstrap, no npm
# build, nothing from a CDN), served under /static/vendor/bootstrap/ (css/, js/).
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/bootstrap", xstatic.pkg.bootstrap.BASE_DIR)]
STORAGES = {
    # Uploaded files are never served by URL: only the permission-checking views read them
    # (through the storage API, never a local path) and stream them out. FILE_STORAGE
    # picks where they live: "local" (MEDIA_ROOT, the default) or "s3" (any S3-compatible
    # object store: MinIO, Ceph, AWS...), so several app machines can share one store.
    "default": file_storage(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = env("MEDIA_ROOT")
# No URL route serves MEDIA_ROOT (files go out only through permission-checking views);
# Django still wants a MEDIA_URL value, e.g. for its test live server.
MEDIA_URL = "/_no-public-media/"
QMS_UPLOAD_MAX_BYTES = env("UPLOAD_MAX_BYTES")
# A DOCX, XLSX or ODT whose members unzip to more than this in all is refused (zip bomb).
QMS_UPLOAD_MAX_EXPANDED_BYTES = env("UPLOAD_MAX_EXPANDED_BYTES")
# Server folders an officer may name on the import page (transfer app), ":"-separated.
TRANSFER_IMPORT_ROOTS = [p for p in os.environ.get("TRANSFER_IMPORT_ROOTS", "").split(":") if p]
DATA_UPLOAD_MAX_MEMORY_SIZE = QMS_UPLOAD_MAX_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
QMS_ORGANISATION_NAME = env("ORGANISATION_NAME")
QMS_SITE_URL = env("SITE_URL")

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    # One cache for every process: rate limits (public feedback form) count across workers.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions read from that shared cache, written through to the database: one query
    # fewer on every page. (Not with a per-process cache: a sign-out in one process would
    # not reach the others.)
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Behind a reverse proxy, name the header holding the client address (e.g. HTTP_X_REAL_IP).
RATELIMIT_IP_META_KEY = env("RATELIMIT_IP_META_KEY", default=None)
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
# Without a broker, tasks run in-process so one command starts a working demo.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TIMEZONE = TIME_ZONE
# Beat reads its schedule from the database (django-celery-beat): officers see and change
# it in the admin. The daily reminder sweep is created by a reminders migration.
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Days before a periodic review date when the owner is reminded; and how many days
# overdue before the department head is told as well.
QMS_REMINDER_REVIEW_OFFSETS = env.list("REMINDER_REVIEW_OFFSETS", cast=int, default=[30, 7, 0])
QMS_REMINDER_ESCALATE_AFTER_DAYS = env.int("REMINDER_ESCALATE_AFTER_DAYS", default=14)
QMS_REMINDER_SIGNATURE_WAIT_DAYS = env.int("REMINDER_SIGNATURE_WAIT_DAYS", default=3)
QMS_REMINDER_ACKNOWLEDGEMENT_WAIT_DAYS = env.int("REMINDER_ACKNOWLEDGEMENT_WAIT_DAYS", default=7)
# The built-in indicator "feedback answered in time" counts answers within this many days.
QMS_FEEDBACK_ANSWER_DAYS = env.int("FEEDBACK_ANSWER_DAYS", default=10)

# PDF renditions: logo is a path among the static files; the manifest goes at the
# "start" or "end". A source larger than any of these limits, judged by what it expands
# to (stored size, PDF pages, unzipped DOCX members, its main text part or authored body,
# elements to lay out), renders in a Celery task with a time limit and this memory cap.
QMS_ORGANISATION_LOGO = env("ORGANISATION_LOGO", default="renditions/logo.svg")
QMS_RENDITION_MANIFEST_POSITION = env("RENDITION_MANIFEST_POSITION", default="start")
QMS_RENDITION_INLINE_MAX_BYTES = env.int("RENDITION_INLINE_MAX_BYTES", default=400 * 1024)
QMS_RENDITION_INLINE_MAX_PAGES = env.int("RENDITION_INLINE_MAX_PAGES", default=30)
QMS_RENDITION_INLINE_MAX_EXPANDED_BYTES = env.int(
    "RENDITION_INLINE_MAX_EXPANDED_BYTES", default=4 * 1024 * 1024
)
QMS_RENDITION_INLINE_MAX_TEXT_BYTES = env.int("RENDITION_INLINE_MAX_TEXT_BYTES", default=96 * 1024)
QMS_RENDITION_INLINE_MAX_ELEMENTS = env.int("RENDITION_INLINE_MAX_ELEMENTS", default=500)
QMS_RENDITION_MEMORY_LIMIT_MB = env.int("RENDITION_MEMORY_LIMIT_MB", default=2048)
# A build still waiting or building after this long is marked failed (the reader may try
# again); keep it above the worker's hard time limit (renditions.tasks.TIME_LIMIT, 300 s).
QMS_RENDITION_STUCK_AFTER_SECONDS = env.int("RENDITION_STUCK_AFTER_SECONDS", default=360)
# Build each version's controlled PDF in a worker when it becomes effective (readers only stamp).
QMS_RENDITION_BUILD_ON_EFFECTIVE = env.bool("RENDITION_BUILD_ON_EFFECTIVE", default=True)

# The empty choice of every filter's select (django-filter's default is "---------").
FILTERS_EMPTY_CHOICE_LABEL = _("— any —")

REST_FRAMEWORK = {
    # The first class names the scheme of the WWW-Authenticate header, so an anonymous
    # call answers 401 (not 403) and says how to authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.authentication.ExpiringTokenAuthentication",
        "accounts.authentication.LockoutBasicAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "qms.schema.QmsAutoSchema",
    "EXCEPTION_HANDLER": "qms.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "QMS document control API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Several models have a "status" or "result"; give each choice set its own schema name.
    "ENUM_NAME_OVERRIDES": {
        "VersionStatusEnum": "documents.workflow.DocumentStatus",
        "NonconformityStatusEnum": "nonconformities.workflow.NonconformityStatus",
        "FeedbackStatusEnum": "nonconformities.workflow.FeedbackStatus",
        "CorrectiveActionStateEnum": "nonconformities.models.CorrectiveAction.State",
        "VerificationResultEnum": "nonconformities.models.Verification.Result",
        "AuditStatusEnum": "audits.workflow.AuditStatus",
        "ChecklistResultEnum": "audits.models.ChecklistItem.Result",
        "ChangeRequestStatusEnum": "approvals.models.ChangeRequest.Status",
        "AcknowledgementStatusEnum": "approvals.models.Acknowledgement.Status",
        "SignatureMeaningEnum": "approvals.models.Meaning",
        "StageMeaningEnum": [("reviewed", "reviewed"), ("approved", "approved")],
        "ObjectiveStatusEnum": "objectives.workflow.ObjectiveStatus",
        "ObjectiveDirectionEnum": "objectives.workflow.Direction",
        "ObjectiveFrequencyEnum": "objectives.workflow.Frequency",
        "RiskStatusEnum": "risks.workflow.RiskStatus",
        "RiskKindEnum": "risks.workflow.RiskKind",
        "RiskActionEnum": "risks.workflow.RiskAction",
        "NonconformitySourceEnum": "nonconformities.models.Nonconformity.Source",
        "ManagementReviewStatusEnum": "management_reviews.workflow.ManagementReviewStatus",
        "ReviewDecisionKindEnum": "management_reviews.models.ReviewDecision.Kind",
        "CalendarExceptionKindEnum": "dossiers.models.CalendarException.Kind",
        "DossierImportSourceEnum": "dossiers.models.DossierImport.Source",
        "DossierOutcomeEnum": "dossiers.models.Outcome",
        "DossierChannelEnum": "dossiers.models.Channel",
        "PeriodicReviewOutcomeEnum": "reviews.models.Outcome",
        "ProcedureStatusEnum": "procedures.workflow.ProcedureStatus",
        "ProcedureLevelEnum": "procedures.models.Level",
        "ProcedureTimeUnitEnum": "procedures.models.TimeUnit",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
