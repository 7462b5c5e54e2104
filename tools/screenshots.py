"""Screenshots of the main pages, as the demo users see them: `make screenshots`.

Starts the demo (a temporary SQLite database, migrate + seed_demo, runserver on a free
port), logs in as each demo user in Debian's Chromium (Playwright; nothing downloaded) and
writes each page at 1280 and 390 px wide into docs/screenshots/<page>-<width>.png.

    .venv/bin/python tools/screenshots.py                      # all pages, English
    .venv/bin/python tools/screenshots.py --lang vi --out /tmp/shots
    .venv/bin/python tools/screenshots.py --url http://127.0.0.1:8102   # a server already running
"""

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import sync_playwright

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "demo-qms-2026"  # demo/documents.py DEMO_PASSWORD
WIDTHS = (1280, 390)
MAX_HEIGHT = 2400  # px kept of a long page: the top is what a screenshot is for

# (file name, demo user or None for a visitor, path or a callable(page) that gets there)
PAGES = [
    ("home-officer", "officer", "/"),
    ("home-staff", "staff", "/"),
    ("documents", "officer", "/documents/"),
    ("document", "staff", "first:/documents/ table.cards tbody a"),
    ("my-tasks", "approver", "/approvals/tasks/"),
    ("sign", "approver", "first:/approvals/tasks/ main a[href*='/sign/']"),
    ("inbox", "staff", "/notifications/"),
    ("reviews-due", "officer", "/reviews/"),
    ("audits", "auditor", "/audits/"),
    ("nonconformities", "officer", "/nonconformities/"),
    ("nc-dashboard", "officer", "/nonconformities/dashboard/"),
    ("feedback", None, "/feedback/"),
    ("login", None, "/accounts/login/"),
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_demo(workdir: Path) -> tuple[subprocess.Popen, str]:
    env = {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{workdir / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
    }
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    for command in (["migrate", "--noinput", "-v0"], ["seed_demo"]):
        done = subprocess.run(manage + command, env=env, cwd=BASE_DIR, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-3000:]}")
    port = free_port()
    server = subprocess.Popen(
        manage + ["runserver", "--noreload", f"127.0.0.1:{port}"],
        env=env,
        cwd=BASE_DIR,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/feedback/", timeout=1)
            return server, url
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("the demo server did not start")


def log_in(context, url: str, username: str, lang: str):
    page = context.new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_load_state()
    return page


def open_page(page, url: str, target: str) -> bool:
    if target.startswith("first:"):
        listing, selector = target[len("first:") :].split(" ", 1)
        page.goto(url + listing)
        link = page.locator(selector).first
        if not link.count():
            return False
        link.click()
        page.wait_for_load_state()
        return True
    page.goto(url + target)
    return True


def compress(path: Path) -> None:
    """Keep the top MAX_HEIGHT px, 256 colours (screens are flat colours and text)."""
    with Image.open(path) as shot:
        image = shot.convert("RGB")
    image = image.crop((0, 0, image.width, min(image.height, MAX_HEIGHT)))
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def take(url: str, out: Path, lang: str, only: set[str]) -> list[Path]:
    written = []
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        contexts = {}
        for name, user, target in PAGES:
            if only and name not in only:
                continue
            if user not in contexts:
                context = browser.new_context(locale=lang, extra_http_headers={"Accept-Language": lang})
                contexts[user] = context
                page = log_in(context, url, user, lang) if user else context.new_page()
                contexts[user] = (context, page)
            context, page = contexts[user]
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                if not open_page(page, url, target):
                    print(f"skipped {name}: nothing to open")
                    break
                suffix = "" if lang == "en" else f"-{lang}"
                path = out / f"{name}{suffix}-{width}.png"
                # lazy images (the pages on the sign page) load when scrolled to
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                for _ in range(50):
                    if page.evaluate("[...document.images].every(i => i.complete)"):
                        break
                    page.wait_for_timeout(100)
                page.evaluate("window.scrollTo(0, 0)")
                page.screenshot(path=str(path), full_page=True, type="png")
                compress(path)
                written.append(path)
        browser.close()
    return written


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--url", help="a demo server already running (default: start one)")
    parser.add_argument("--out", default=str(BASE_DIR / "docs" / "screenshots"))
    parser.add_argument("--lang", default="en", choices=["en", "vi"])
    parser.add_argument("--only", nargs="*", default=[], help="page names (default: all)")
    args = parser.parse_args()
    server = None
    with tempfile.TemporaryDirectory(prefix="qms-shots-") as workdir:
        url = args.url
        if not url:
            server, url = start_demo(Path(workdir))
        try:
            written = take(url.rstrip("/"), Path(args.out), args.lang, set(args.only))
        finally:
            if server:
                server.terminate()
                server.wait(timeout=10)
    total = sum(p.stat().st_size for p in written)
    print(f"{len(written)} screenshots, {total // 1024} KB, in {args.out}")


if __name__ == "__main__":
    main()
