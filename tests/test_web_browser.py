"""The map page in real headless Chromium (Debian's chromium driven by Playwright).

Skipped when chromium or Playwright is missing locally; fails instead when CI is set, so CI
cannot pass without running them. Screenshots go to artifacts/.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from frontline.model import Event
from frontline.store import open_store
from frontline.web.sample import fill_scenario

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_NAMES = ("chromium", "chromium-browser")


def _need(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (required in CI: apt-get install chromium; pip install playwright)")
    pytest.skip(reason)


def chromium_path() -> str:
    """Return the system chromium executable, or skip (fail in CI) when there is none."""
    found = os.environ.get("FRONTLINE_CHROMIUM") or next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if not found:
        _need("no chromium executable on PATH")
    return str(found)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Event]]]:
    """Serve the scenario store with uvicorn on a loopback port; yield the base URL and events."""
    try:
        import uvicorn

        from frontline.web.app import create_app
    except ImportError:
        _need("the web extra (fastapi, uvicorn) is not installed")
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('web') / 'map.db'}")
    found = fill_scenario(store)
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    if not server.started:
        pytest.fail("uvicorn did not start within 10 s")
    yield f"http://127.0.0.1:{port}", found
    server.should_exit = True
    thread.join(timeout=5)
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    path = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _need("playwright is not installed (pip install playwright; the browser is the system chromium)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=path, headless=True, args=["--no-sandbox"])
        yield b
        b.close()


class PageWatch:
    """A page with only loopback traffic allowed, and a record of errors, dialogs and CSP reports."""

    def __init__(self, browser: Any, base: str) -> None:
        self.context = browser.new_context(viewport={"width": 1366, "height": 768})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.blocked: list[str] = []

        def route(r: Any) -> None:
            # Offline on purpose: tiles fail, so the shipped outline basemap must carry the map.
            if r.request.url.startswith(base):
                r.continue_()
            else:
                self.blocked.append(r.request.url)
                r.abort()

        self.page.route("**/*", route)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)

        def on_dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", on_dialog)

    def real_errors(self) -> list[str]:
        # Aborted tile requests log as failed loads; they are expected offline.
        return [e for e in self.errors if "net::ERR_FAILED" not in e and "Failed to load resource" not in e]

    def close(self) -> None:
        self.context.close()


def _open(browser: Any, url: str, base: str) -> PageWatch:
    watch = PageWatch(browser, base)
    watch.page.goto(url)
    watch.page.wait_for_function("() => window.__frontline && window.__frontline.eventsDrawn >= 0 && window.__frontline.controlDay !== null", timeout=15000)
    return watch


def test_page_loads_with_events_control_legend_and_offline_basemap(browser: Any, scenario: tuple[str, list[Event]]) -> None:
    base, found = scenario
    watch = _open(browser, base + "/", base)
    page = watch.page
    try:
        assert page.evaluate("window.__frontline.eventsDrawn") == len(found)
        assert page.evaluate("window.__frontline.controlCount") == 4
        assert page.locator(".legend").inner_text().count("Battles") == 1
        # One mark per status, each drawn differently (shape, border, fill).
        looks = {}
        for status in ("assessed", "claimed", "contested", "besieged"):
            mark = page.locator(f"#map .ctl[data-status='{status}']")
            assert mark.count() == 1, status
            looks[status] = mark.evaluate(
                "e => { const s = getComputedStyle(e); return [s.borderStyle, s.borderRadius, s.transform, s.backgroundImage].join('|'); }"
            )
        assert len(set(looks.values())) == 4
        # Tiles are unreachable here, so the page falls back to the shipped country outlines.
        page.wait_for_function("() => window.__frontline.outlines > 100 && window.__frontline.tiles === 'offline'", timeout=10000)
        assert any("tile.openstreetmap.org" in u for u in watch.blocked)
        assert watch.real_errors() == []
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "web-map.png"))
    finally:
        watch.close()


def _mark_colour(page: Any, place: str) -> tuple[str, str]:
    loc = page.locator(f".ctl[data-place='{place}']")
    return loc.get_attribute("data-holder") or "", loc.evaluate("e => getComputedStyle(e).backgroundColor")


def test_slider_changes_control_colours(browser: Any, scenario: tuple[str, list[Event]]) -> None:
    base, _ = scenario
    watch = _open(browser, base + "/?at=2017-09-20", base)
    page = watch.page
    try:
        assert page.evaluate("window.__frontline.controlDay") == "2017-09-20"
        before = _mark_colour(page, "Al Mayadin")
        days = page.evaluate("window.__frontline.days()")
        slider = page.locator("#slider")
        slider.fill(str(days.index("2017-10-14")))  # fires the input event like a drag
        page.wait_for_function("() => window.__frontline.controlDay === '2017-10-14'", timeout=10000)
        after = _mark_colour(page, "Al Mayadin")
        assert before[0] == "ISIS" and after[0] == "Syrian government forces"
        assert before[1] != after[1]
        assert "at=2017-10-14" in page.url  # the view is in the URL, ready to share
        page.screenshot(path=str(ARTIFACTS / "web-map-slider.png"))
        assert watch.real_errors() == []
    finally:
        watch.close()


def test_click_shows_evidence_and_hostile_markup_stays_inert(browser: Any, scenario: tuple[str, list[Event]]) -> None:
    base, found = scenario
    hostile = next(e for e in found if "<script>" in e.text)
    watch = _open(browser, base + "/?ll=34.6,38.8&z=7", base)
    page = watch.page
    try:
        point = page.evaluate(f"window.__frontline.markerPoint('{hostile.id}')")
        assert point is not None
        page.mouse.click(point["x"], point["y"])
        page.wait_for_function(f"() => window.__frontline.detailShown === '{hostile.id}'", timeout=10000)
        mark = page.locator("#panel mark#evidence")
        assert mark.inner_text() == hostile.text  # the markup shows as the literal text it is
        panel = page.locator("#panel")
        assert "claimed" in panel.inner_text() and "Amaq" in panel.inner_text()
        assert panel.locator("img, script, b").count() == 0
        assert panel.locator("a[href^='javascript']").count() == 0
        page.wait_for_timeout(300)  # give any injected handler the chance to run
        assert page.evaluate("window.__pwned") is None
        assert watch.dialogs == []
        assert f"ev={hostile.id}" in page.url
        page.screenshot(path=str(ARTIFACTS / "web-map-evidence.png"))

        # A safe report gets a real link to its outlet's page.
        safe = next(e for e in found if "recaptured" in e.text)
        page.goto(base + f"/?ev={safe.id}")
        page.wait_for_function(f"() => window.__frontline.detailShown === '{safe.id}'", timeout=10000)
        assert page.locator("#panel mark#evidence").inner_text() == safe.text
        assert page.locator("#panel a").get_attribute("href") == "https://example.org/mayadin-army"
        assert watch.real_errors() == []
    finally:
        watch.close()


def test_filters_play_and_shared_url_restore_the_view(browser: Any, scenario: tuple[str, list[Event]]) -> None:
    base, found = scenario
    watch = _open(browser, base + "/", base)
    page = watch.page
    try:
        page.fill("#f-actor", "SDF")
        page.click("#filters button[type=submit]")
        page.wait_for_function("() => window.__frontline.eventsDrawn === 1", timeout=10000)
        page.select_option("#f-type", "Battles")
        page.fill("#f-from", "2017-09-01")
        page.fill("#f-to", "2017-09-30")
        page.fill("#f-actor", "")
        page.click("#filters button[type=submit]")
        page.wait_for_function("() => window.__frontline.controlDay === '2017-09-30'", timeout=10000)
        assert page.evaluate("window.__frontline.eventsDrawn") == 1  # only the September capture of Mayadin
        shared = page.url
        assert "type=Battles" in shared and "from=2017-09-01" in shared and "at=2017-09-30" in shared

        # Play steps the day forward from the start of the range.
        page.click("#play")
        page.wait_for_function("() => window.__frontline.controlDay > '2017-09-02'", timeout=10000)
        page.click("#play")

        # Opening the shared address elsewhere restores the same filters and day.
        other = _open(browser, shared, base)
        try:
            assert other.page.input_value("#f-type") == "Battles"
            assert other.page.input_value("#f-from") == "2017-09-01"
            assert other.page.evaluate("window.__frontline.controlDay") == "2017-09-30"
            assert other.page.evaluate("window.__frontline.eventsDrawn") == 1
        finally:
            other.close()
        assert watch.real_errors() == []
    finally:
        watch.close()
