"""Where apps plug into the shared pages: menu entries and panels.

Each app registers in its AppConfig.ready(), so base.html, the home page and the
document and version pages never need to know which apps exist. Panel slots:
"home" (context(request)), "document" (context(request, document)), "version"
(context(request, version)), "effective_version" (context(request, version): how to read
the effective version on the document page; the template is included twice, with
``part`` "actions" and "viewer"), "sign" (context(request, version): what is signed,
on the sign page) and "master_list" (context(request, external)). A context function returns a dict, or None to hide.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.utils.translation import pgettext_lazy


def _authenticated(user):
    return user.is_authenticated


@dataclass(frozen=True)
class NavItem:
    label: str  # lazy-translated
    url_name: str
    order: int = 100
    visible: Callable = field(default=_authenticated)
    # Optional user -> label, for an entry whose label carries a figure ("Inbox (3)").
    label_for: Callable | None = None
    # Which menu group it sits in: one of NAV_GROUPS' keys.
    group: str = "documents"
    # Also shown in the page header, beside the search box (inbox count, my tasks).
    in_header: bool = False


@dataclass(frozen=True)
class Panel:
    template_name: str
    context: Callable
    order: int = 100


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
    count: Callable  # user -> int, or None to hide the tile for this user
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
    """(tile, figure, url) for the tiles this user has a figure for."""
    shown = []
    for tile in TILES:
        figure = tile.count(user)
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


def nav_for(user) -> list[NavItem]:
    return [
        replace(item, label=item.label_for(user)) if item.label_for else item
        for item in NAV_ITEMS
        if item.visible(user)
    ]


def panels_for(slot: str, request, *args) -> list[tuple[str, dict]]:
    """(template, context) pairs of the slot's panels that have something to show."""
    shown = []
    for panel in PANELS[slot]:
        context = panel.context(request, *args)
        if context is not None:
            shown.append((panel.template_name, context))
    return shown
