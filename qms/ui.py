"""Where apps plug into the shared page frame: menu entries and home-page panels.

Each app registers in its AppConfig.ready(), so base.html and the home page never
need to know which apps exist.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class NavItem:
    label: str  # lazy-translated
    url_name: str
    order: int = 100
    visible: Callable = staticmethod(lambda user: user.is_authenticated)


@dataclass(frozen=True)
class HomePanel:
    template_name: str
    context: Callable  # (request) -> dict, or None to hide the panel
    order: int = 100


NAV_ITEMS: list[NavItem] = []
HOME_PANELS: list[HomePanel] = []


def register_nav(item: NavItem) -> None:
    if item.url_name not in {i.url_name for i in NAV_ITEMS}:
        NAV_ITEMS.append(item)
        NAV_ITEMS.sort(key=lambda i: i.order)


def register_home_panel(panel: HomePanel) -> None:
    if panel.template_name not in {p.template_name for p in HOME_PANELS}:
        HOME_PANELS.append(panel)
        HOME_PANELS.sort(key=lambda p: p.order)


def nav_for(user) -> list[NavItem]:
    return [item for item in NAV_ITEMS if item.visible(user)]
