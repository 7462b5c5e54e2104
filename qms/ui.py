"""Where apps plug into the shared pages: menu entries and panels.

Each app registers in its AppConfig.ready(), so base.html, the home page and the
document and version pages never need to know which apps exist. Panel slots:
"home" (context(request)), "document" (context(request, document)), "version"
(context(request, version)), "effective_version" (context(request, version): how to read
the effective version on the document page; the template is included twice, with
``part`` "actions" and "viewer"), "sign" (context(request, version): what is signed,
on the sign page) and "master_list" (context(request, external)). A context function returns a dict, or None to hide.

Small questions asked on every page (may this user see the audits menu? how many unread
messages? has this document any nonconformity?) are asked together, in one query
(``ask``): a menu entry's ``visible``, its ``figure`` and a tile's ``count`` may answer
with an SQL expression (``Exists``, ``SubqueryCount``) instead of a value, and a panel may
declare ``facts`` (request, obj) -> {name: expression}, answered with the slot's other
panels' and the menu's in one query and handed to its context as ``facts=`` (issue 12: a
page's query count does not grow with the number of installed apps).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from django.db.models import IntegerField, Subquery, Value
from django.db.models.expressions import BaseExpression
from django.db.models.functions import NullIf
from django.urls import get_script_prefix, reverse
from django.utils.translation import pgettext_lazy


def _authenticated(user):
    return user.is_authenticated


@dataclass(frozen=True)
class NavItem:
    label: str  # lazy-translated
    url_name: str
    order: int = 100
    # user -> bool, or an SQL boolean expression (asked with the menu's other questions)
    visible: Callable = field(default=_authenticated)
    # For an entry whose label carries a figure ("Inbox (3)"): figure is user -> int or an
    # SQL expression of it, label_for is figure -> label.
    figure: Callable | None = None
    label_for: Callable | None = None
    # Which menu group it sits in: one of NAV_GROUPS' keys.
    group: str = "documents"
    # Also shown in the page header, beside the search box (inbox count, my tasks).
    in_header: bool = False

    @property
    def url(self) -> str:
        """The entry's address, reversed once per process (menu URLs take no arguments);
        every page shows the whole menu."""
        return _nav_url(get_script_prefix(), self.url_name)


@lru_cache(maxsize=512)
def _nav_url(script_prefix: str, url_name: str) -> str:
    return reverse(url_name)


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: Callable
    order: int = 100
    # (request, *args) -> {name: SQL expression}: asked in the page's one query of small
    # questions; context is then called with facts={name: answer}.
    facts: Callable | None = None


class SubqueryCount(Subquery):
    """COUNT(*) of a queryset as a scalar subquery (for ``ask``)."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) _count)"
    output_field = IntegerField()

    def __init__(self, queryset, **extra):
        super().__init__(queryset.order_by().values("pk"), **extra)


def count_or_hidden(queryset):
    """A tile's figure as SQL: the queryset's COUNT, NULL (the tile hidden) when it is 0."""
    return NullIf(SubqueryCount(queryset), Value(0))


def is_expression(value) -> bool:
    return isinstance(value, BaseExpression)


def ask(user, questions: dict) -> dict:
    """Answer several scalar SQL expressions (EXISTS, counts, an id) in one query, read off
    the user's own row; values that are not expressions come back as they are."""
    answers = {name: value for name, value in questions.items() if not is_expression(value)}
    expressions = {name: value for name, value in questions.items() if is_expression(value)}
    if not expressions:
        return answers
    row = None
    if getattr(user, "is_authenticated", False):
        from django.contrib.auth import get_user_model

        row = (
            get_user_model()
            .objects.filter(pk=user.pk)
            .annotate(**{f"q_{name}": value for name, value in expressions.items()})
            .values(*(f"q_{name}" for name in expressions))
            .first()
        )
    for name in expressions:
        answers[name] = row[f"q_{name}"] if row else None
    return answers


# Menu groups, by what people do, in menu order: key -> label.
NAV_GROUPS: dict[str, object] = {
    "documents": pgettext_lazy("menu group", "Documents"),
    "work": pgettext_lazy("menu group", "My work"),
    "audits": pgettext_lazy("menu group", "Audits"),
    "improvement": pgettext_lazy("menu group", "Improvement"),
    "admin": pgettext_lazy("menu group", "Admin"),
    "public": pgettext_lazy("menu group", "Public services"),
}


@dataclass(frozen=True)
class Tile:
    """A figure on the home page (to read, to sign, actions overdue...), linking to its list."""

    label: str  # lazy-translated
    # user -> int, None to hide the tile for this user, or an SQL expression of either
    # (SubqueryCount, count_or_hidden): the expressions of all tiles are one query
    count: Callable
    url: Callable  # user -> URL of the filtered list the figure counts
    order: int = 100
    tone: str = "neutral"  # "neutral", "warn" (something to do), "bad" (late)


NAV_ITEMS: list[NavItem] = []
TILES: list[Tile] = []
# Lifecycle actions whose form another app provides (e.g. withdrawal with an electronic
# signature): the version page then leaves out its plain form for them.
ACTIONS_WITH_OWN_PAGE: set[str] = set()
PANELS: dict[str, list[Panel]] = defaultdict(list)


def register_nav(item: NavItem) -> None:
    if item.url_name not in {i.url_name for i in NAV_ITEMS}:
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)


def register_tile(tile: Tile) -> None:
    if tile.label not in {t.label for t in TILES}:
        TILES.append(tile)
        TILES.sort(key=lambda t: t.order)


def tiles_for(user) -> list[tuple[Tile, int, str]]:
    """(tile, figure, url) for the tiles this user has a figure for; the figures given as
    SQL expressions are counted together in one query, and kept for
    QMS_HOME_FIGURES_CACHE_SECONDS (forgotten like the menu: ``user_cache_forget``)."""
    figures = _kept(TILES_CACHE_PREFIX, "QMS_HOME_FIGURES_CACHE_SECONDS", user)
    if figures is None or len(figures) != len(TILES):
        figures = ask(user, {str(i): tile.count(user) for i, tile in enumerate(TILES)})
        _keep(TILES_CACHE_PREFIX, "QMS_HOME_FIGURES_CACHE_SECONDS", user, figures)
    shown = []
    for i, tile in enumerate(TILES):
        figure = figures[str(i)]
        if figure is not None:
            shown.append((tile, figure, tile.url(user)))
    return shown


def nav_groups_for(user, items: list[NavItem] | None = None) -> list[tuple[str, object, list[NavItem]]]:
    """The user's menu as (group key, group label, items), empty groups left out.

    ``items``: the user's nav_for(user), when the caller has it already."""
    items = nav_for(user) if items is None else items
    return [
        (key, label, [i for i in items if i.group == key])
        for key, label in NAV_GROUPS.items()
        if any(i.group == key for i in items)
    ]


def register_panel(slot: str, panel: Panel) -> None:
    panels = PANELS[slot]
    if panel.template_name not in {p.template_name for p in panels}:
        panels.append(panel)
        panels.sort(key=lambda p: p.order)


def register_action_with_own_page(action: str) -> None:
    ACTIONS_WITH_OWN_PAGE.add(action)


def _nav_questions(user, reach: dict | None = None) -> dict:
    """The menu's questions: which entries the user may reach (``v<i>``; left out when
    ``reach`` holds them already) and the figures of the entries they reach (``f<i>``)."""
    questions = {}
    for i, item in enumerate(NAV_ITEMS):
        if reach is None:
            questions[f"v{i}"] = item.visible(user)
        if item.figure is not None and (reach is None or reach.get(item.url_name)):
            questions[f"f{i}"] = item.figure(user)
    return questions


def _nav_from(reach: dict, answers: dict) -> list[NavItem]:
    items = []
    for i, item in enumerate(NAV_ITEMS):
        if not reach.get(item.url_name):
            continue
        if item.figure is not None and item.label_for is not None:
            item = replace(item, label=item.label_for(answers.get(f"f{i}") or 0))
        items.append(item)
    return items


# Which menu entries a user may reach follows from their roles and assignments, which
# change rarely; it is kept in the cache for QMS_MENU_CACHE_SECONDS (issue 12: the menu's
# fifty-odd questions were the largest part of every page), and the home page's figures
# for QMS_HOME_FIGURES_CACHE_SECONDS. The menu's own figures ("Inbox (3)") are asked on
# every page. The user's own writes (any POST, PUT, PATCH or DELETE, sign-in included:
# UserCacheMiddleware) and a change of their groups or permissions (qms.apps) forget
# both; a change made by someone else (an audit of their department, a new version to
# read) shows within the time.
MENU_CACHE_PREFIX = "qms:menu-reach:"
TILES_CACHE_PREFIX = "qms:home-figures:"


def _kept(prefix: str, setting: str, user):
    from django.conf import settings

    if not getattr(settings, setting, 0) or not getattr(user, "is_authenticated", False):
        return None
    from django.core.cache import cache

    return cache.get(f"{prefix}{user.pk}")


def _keep(prefix: str, setting: str, user, value) -> None:
    from django.conf import settings

    if getattr(settings, setting, 0) and getattr(user, "is_authenticated", False):
        from django.core.cache import cache

        cache.set(f"{prefix}{user.pk}", value, getattr(settings, setting))


def _reach_cached(user) -> dict | None:
    reach = _kept(MENU_CACHE_PREFIX, "QMS_MENU_CACHE_SECONDS", user)
    # (kept before a deployment changed the menu: asked again)
    return reach if reach is not None and len(reach) == len(NAV_ITEMS) else None


def _reach_from(user, answers: dict) -> dict:
    """{url name: bool} from the answers of ``_nav_questions(user)``, kept for next time."""
    reach = {item.url_name: bool(answers[f"v{i}"]) for i, item in enumerate(NAV_ITEMS)}
    _keep(MENU_CACHE_PREFIX, "QMS_MENU_CACHE_SECONDS", user, reach)
    return reach


def user_cache_forget(user_ids) -> None:
    """Forget the kept menus and home figures of these users: their next page asks afresh."""
    from django.core.cache import cache

    keys = [
        f"{prefix}{pk}"
        for pk in user_ids
        if pk is not None
        for prefix in (MENU_CACHE_PREFIX, TILES_CACHE_PREFIX)
    ]
    if keys:
        cache.delete_many(keys)


class UserCacheMiddleware:
    """A user's own write may change what they reach and their figures (they joined a
    team, signed, read a document): what is kept for them is forgotten after any request
    that is not a read."""

    SAFE = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE:
            user = getattr(request, "user", None)
            if getattr(user, "is_authenticated", False):
                user_cache_forget([user.pk])
        return response


def nav_for(user, request=None) -> list[NavItem]:
    """The user's menu entries; with ``request``, computed once per request (a page's
    panels may have asked the menu's questions already, in their own query)."""
    cached = getattr(request, "_qms_nav", None) if request is not None else None
    if cached is not None:
        return cached
    reach = _reach_cached(user)
    answers = ask(user, _nav_questions(user, reach))
    items = _nav_from(reach if reach is not None else _reach_from(user, answers), answers)
    if request is not None:
        request._qms_nav = items
    return items


def panels_for(slot: str, request, *args) -> list[tuple[str, dict]]:
    """(template, context) pairs of the slot's panels that have something to show.

    The panels' facts, and the menu's questions when not asked yet in this request, are
    answered in one query."""
    panels = PANELS[slot]
    questions = {}
    for i, panel in enumerate(panels):
        if panel.facts is not None:
            questions.update({f"p{i}_{name}": q for name, q in (panel.facts(request, *args) or {}).items()})
    user = getattr(request, "user", None)
    ask_nav = user is not None and getattr(request, "_qms_nav", None) is None
    reach = _reach_cached(user) if ask_nav else None
    if ask_nav:
        questions.update({f"nav_{name}": q for name, q in _nav_questions(user, reach).items()})
    answers = ask(user, questions) if questions else {}
    if ask_nav:
        nav_answers = {name[4:]: value for name, value in answers.items() if name.startswith("nav_")}
        request._qms_nav = _nav_from(
            reach if reach is not None else _reach_from(user, nav_answers), nav_answers
        )
    shown = []
    for i, panel in enumerate(panels):
        if panel.facts is not None:
            prefix = f"p{i}_"
            facts = {name[len(prefix) :]: value for name, value in answers.items() if name.startswith(prefix)}
            context = panel.context(request, *args, facts=facts)
        else:
            context = panel.context(request, *args)
        if context is not None:
            shown.append((panel.template_name, context))
    return shown
