"""Content-Security-Policy: every page carries it, no template needs inline script or style,
and real pages in a browser break none of it."""

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.documents.factories import PASSWORD, UserFactory

ROOT = Path(__file__).resolve().parents[2]
# E-mails and PDFs are never run by a browser under our policy: they may style inline.
NOT_BROWSER_PAGES = ("/email/", "/pdf/")
INLINE = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def templates():
    found = []
    for folder in [ROOT / "templates", *ROOT.glob("*/templates")]:
        if ".venv" in folder.parts:
            continue
        found += [
            path
            for path in folder.rglob("*.html")
            if not any(part in path.as_posix() for part in NOT_BROWSER_PAGES)
        ]
    return sorted(found)


def test_there_are_templates_to_check():
    assert len(templates()) > 30


@pytest.mark.parametrize("template", templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_needs_inline_script_or_style(template):
    text = template.read_text()
    text = re.sub(r"{% comment %}.*?{% endcomment %}", "", text, flags=re.DOTALL)
    found = [name for name, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(ROOT)} has {', '.join(found)}"


def assert_strict_policy(response):
    policy = response["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";") if part.strip())
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe" not in policy


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/accounts/login/", "/api/docs/", "/api/v1/documents/", "/"])
def test_every_answer_to_a_stranger_carries_the_policy(path):
    response = Client().get(path)
    assert response.status_code in (200, 302, 401)
    assert_strict_policy(response)


@pytest.mark.django_db
def test_signed_in_pages_and_the_api_carry_the_policy():
    browser = Client()
    browser.force_login(UserFactory(officer=True))
    for path in ["/", reverse("accounts:security"), "/api/v1/documents/", "/api/docs/"]:
        response = browser.get(path)
        assert response.status_code == 200, path
        assert_strict_policy(response)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_real_pages_run_without_a_policy_violation(page):
    from qms.reference_data import reference_data_ensure

    reference_data_ensure()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    officer = UserFactory(officer=True, is_staff=True, is_superuser=True)
    # the language switch works from its static script
    page.goto("/accounts/login/")
    page.select_option("select[name=language]", "vi")
    page.wait_for_selector("html[lang=vi]")
    page.select_option("select[name=language]", "en")
    page.wait_for_selector("html[lang=en]")
    page.fill("input[name=username]", officer.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    for path in ["/", "/accounts/security/", "/admin/", "/admin/auth/user/", "/api/docs/"]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    # the API docs rendered from their separate script
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .info")
    assert not violations, violations


def test_a_pdf_may_be_shown_by_the_browsers_own_viewer_and_nothing_else_relaxes(rf):
    from django.http import HttpResponse

    from qms.content_security import ContentSecurityPolicyMiddleware

    def respond(content_type):
        middleware = ContentSecurityPolicyMiddleware(
            lambda request: HttpResponse(b"x", content_type=content_type)
        )
        return middleware(rf.get("/renditions/versions/1/pdf/"))["Content-Security-Policy"]

    pdf, page = respond("application/pdf"), respond("text/html")
    assert "object-src 'self'" in pdf and "script-src 'self'" in pdf and "frame-ancestors 'none'" in pdf
    assert "object-src 'none'" in page
