"""What every page shows: favicon and logo, badge contrast, and the list pages on any screen
(result count, readable placeholders, number and date cells that never break, card labels)."""

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from qms.context_processors import HEADER_SEARCH
from tests.documents.factories import UserFactory, make_document
from tests.nonconformities.factories import Cast, report

CSS_FILES = [
    Path(settings.BASE_DIR, "static/css/qms.css"),
    *sorted(Path(settings.BASE_DIR).glob("*/static/*/*.css")),
]
RULE_RE = re.compile(r"([^{}]+)\{([^{}]*)\}")
HEX_RE = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def _declarations(body: str) -> dict[str, str]:
    pairs = (part.split(":", 1) for part in body.split(";") if ":" in part)
    return {name.strip(): value.strip() for name, value in pairs}


def _colour(value: str, variables: dict[str, str]) -> str:
    value = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)
    found = HEX_RE.search(value)
    assert found, f"not a hex colour: {value}"
    digits = found.group(1)
    return "".join(c * 2 for c in digits) if len(digits) == 3 else digits


def _luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def badge_colours() -> dict[str, tuple[str, str]]:
    """Every .badge selector in our stylesheets -> (text colour, background), defaults from
    .badge and body, CSS variables resolved from :root in qms.css."""
    rules = []
    for path in CSS_FILES:
        text = re.sub(r"/\*.*?\*/", "", path.read_text(), flags=re.S)
        rules += [(selector.strip(), _declarations(body)) for selector, body in RULE_RE.findall(text)]
    variables = {k: v for selector, decls in rules if selector == ":root" for k, v in decls.items()}
    body = next(decls for selector, decls in rules if selector == "body" and "color" in decls)
    base = next(decls for selector, decls in rules if selector == ".badge")
    default_text = _colour(base.get("color", body["color"]), variables)
    default_background = _colour(base["background"], variables)
    badges = {".badge": (default_text, default_background)}
    for selector, decls in rules:
        for one in selector.split(","):
            one = one.strip()
            if one.startswith(".badge.") and ("color" in decls or "background" in decls):
                badges[one] = (
                    _colour(decls["color"], variables) if "color" in decls else default_text,
                    _colour(decls["background"], variables) if "background" in decls else default_background,
                )
    return badges


def test_the_contrast_formula_matches_wcag():
    assert contrast_ratio("000000", "ffffff") == pytest.approx(21)
    assert contrast_ratio("9a6700", "fff4d6") == pytest.approx(4.44, abs=0.01)


def test_every_badge_reaches_wcag_aa_contrast():
    # given every badge colour pair of our stylesheets
    badges = badge_colours()
    assert {".badge.draft", ".badge.in_review", ".badge.effective", ".badge.nc-contained"} <= set(badges)
    # then each reaches 4.5:1 (text against background)
    too_low = {
        selector: round(contrast_ratio(text, background), 2)
        for selector, (text, background) in badges.items()
        if contrast_ratio(text, background) < 4.5
    }
    assert too_low == {}


@pytest.mark.django_db
def test_every_page_links_a_favicon_that_is_served(client):
    page = client.get(reverse("public_feedback")).content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in page
    found = finders.find("favicon.svg")
    assert found is not None
    assert ElementTree.parse(found).getroot().tag == "{http://www.w3.org/2000/svg}svg"


@pytest.mark.django_db
def test_the_header_shows_the_organisation_logo_on_signed_in_pages(client):
    client.force_login(UserFactory(staff=True))
    page = client.get(reverse("documents:list")).content.decode()
    header = page[page.index('<header class="topbar">') : page.index("</header>")]
    assert f'src="/static/{settings.QMS_ORGANISATION_LOGO}"' in header
    assert settings.QMS_ORGANISATION_NAME in header
    assert finders.find(settings.QMS_ORGANISATION_LOGO) is not None


def _has_tag(page: str, tag: str, css_class: str) -> bool:
    """An element <tag> whose class list holds css_class (other classes may come with it)."""
    return re.search(rf'<{tag} class="(?:[^"]* )?{css_class}(?: [^"]*)?"', page) is not None


def _cells(page: str, css_class: str) -> list[str]:
    return re.findall(rf'<td class="[^"]*\b{css_class}\b[^"]*" data-label="[^"]+">', page)


@pytest.mark.django_db
def test_the_document_list_counts_its_results_and_reads_well_on_a_phone(client):
    # given two documents an officer sees
    officer = UserFactory(officer=True)
    make_document(officer=officer, title="Quy trình một")
    make_document(officer=officer, title="Quy trình hai")
    client.force_login(officer)
    # when the list is shown
    page = client.get(reverse("documents:list")).content.decode()
    # then it says how many, its selects have a readable empty choice, filters fold on phones
    assert "2 results" in page
    assert "---------" not in page
    assert "— any —" in page
    assert _has_tag(page, "details", "filter-panel") and "<summary>Filters</summary>" in page
    # and numbers never break, every cell carries its column's label for the phone cards
    assert _has_tag(page, "table", "cards")
    assert len(_cells(page, "num")) == 2
    assert 'data-label="Title"' in page


@pytest.mark.django_db
def test_the_nonconformity_list_counts_its_results_and_reads_well_on_a_phone(client):
    cast = Cast()
    report(cast)
    client.force_login(cast.officer)
    page = client.get(reverse("nonconformities:list")).content.decode()
    assert "1 result" in page and "1 results" not in page
    assert "---------" not in page
    assert len(_cells(page, "num")) == 1
    assert len(_cells(page, "date")) == 1
    assert _has_tag(page, "details", "filter-panel")


@pytest.mark.django_db
def test_the_result_count_is_translated(client):
    cast = Cast()
    report(cast)
    client.force_login(cast.officer)
    page = client.get(reverse("nonconformities:list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<p class="result-count" role="status">1 kết quả</p>' in page


@pytest.mark.django_db
def test_forms_offer_a_readable_empty_choice(client):
    cast = Cast()
    client.force_login(cast.officer)
    page = client.get(reverse("nonconformities:report")).content.decode()
    assert "---------" not in page
    assert "— choose —" in page


@pytest.mark.django_db
def test_the_menu_is_grouped_with_a_search_box_and_a_real_menu_button(client):
    # given a QMS officer (issue 16 item 6: 19 links in two rows, no search box, a hidden
    # checkbox as the phone menu toggle)
    client.force_login(UserFactory(officer=True))
    page = client.get(reverse("reviews:due")).content.decode()
    header = page[page.index('<header class="topbar">') : page.index("</header>")]
    # then every signed-in page has a search box (its target set in one place)
    url_name, parameter = HEADER_SEARCH
    assert f'<form class="header-search" role="search" action="{reverse(url_name)}" method="get">' in header
    assert f'type="search" id="header-search-q" name="{parameter}"' in header
    # and my tasks and the inbox are in the header
    assert ">My tasks</a>" in header and ">Inbox" in header
    # and the phone menu opens with a button that says what it controls, not a checkbox
    assert re.search(
        r'<button class="btn nav-toggle[^"]*" type="button"[^>]*aria-controls="sidebar" aria-expanded="false"',
        header,
    )
    assert 'type="checkbox"' not in header
    # and the menu is a navigation landmark grouped by what people do, in menu order
    sidebar = page[page.index('<nav id="sidebar"') : page.index("</nav>", page.index('<nav id="sidebar"'))]
    groups = re.findall(r'<h2 class="nav-group" id="nav-group-\w+">([^<]+)</h2>', sidebar)
    assert groups[:2] == ["Documents", "My work"] and "Admin" in groups
    assert groups.index("Improvement") < groups.index("Admin")
    # and the page says where it is
    assert 'aria-current="page">Periodic review</a>' in sidebar
    assert (
        '<a class="skip-link visually-hidden-focusable" href="#main">' in page and '<main id="main"' in page
    )
