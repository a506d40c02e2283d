"""The JSON API in-process (httpx over ASGI): endpoints, the one error shape, security limits, schemathesis."""

from __future__ import annotations

import http.server
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import jsonschema
import pytest

fastapi = pytest.importorskip("fastapi", reason="the web extra is not installed")

from anyio.from_thread import BlockingPortal, start_blocking_portal  # noqa: E402

from frontline.model import Event  # noqa: E402
from frontline.store import Store, open_store  # noqa: E402
from frontline.web.app import create_app  # noqa: E402
from frontline.web.sample import fill_scenario  # noqa: E402

TOKEN = "test-token-123"

ERROR_SCHEMA = {
    "type": "object",
    "required": ["error"],
    "additionalProperties": False,
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message", "status"],
            "additionalProperties": False,
            "properties": {
                "code": {"type": "string", "pattern": "^[a-z_]+$"},
                "message": {"type": "string", "minLength": 10},
                "status": {"type": "integer"},
            },
        }
    },
}


class Client:
    """A synchronous face over httpx.AsyncClient on an ASGI app (no network, no server)."""

    def __init__(self, app: Any, portal: BlockingPortal) -> None:
        self.app = app
        self.portal = portal

    def request(self, method: str, url: str, **kwargs: Any) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app, raise_app_exceptions=False)
            async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
                return await client.request(method, url, **kwargs)

        return self.portal.call(go)

    def get(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", url, **kwargs)


@pytest.fixture(scope="module")
def portal() -> Iterator[BlockingPortal]:
    with start_blocking_portal() as p:
        yield p


@pytest.fixture(scope="module")
def scenario_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, list[Event]]]:
    store = open_store(f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}")
    found = fill_scenario(store)
    yield store, found
    store.close()


@pytest.fixture(scope="module")
def api(scenario_store: tuple[Store, list[Event]], portal: BlockingPortal) -> Client:
    return Client(create_app(scenario_store[0], ingest_token=""), portal)


def _by_text(found: list[Event], needle: str) -> Event:
    return next(e for e in found if needle in e.text)


def assert_error(response: httpx.Response, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    jsonschema.validate(body, ERROR_SCHEMA)
    assert body["error"]["status"] == status
    if code is not None:
        assert body["error"]["code"] == code
    return body


# ---- events ------------------------------------------------------------------------------


def test_events_filters_and_pages(api: Client, scenario_store: tuple[Store, list[Event]]) -> None:
    _, found = scenario_store
    everything = api.get("/api/events").json()
    assert [e["id"] for e in everything["items"]] == [
        e.id for e in sorted(found, key=lambda e: (e.date_start, e.id))
    ]
    assert everything["next_offset"] is None

    paged: list[str] = []
    offset: int | None = 0
    while offset is not None:
        page = api.get("/api/events", params={"limit": 2, "offset": offset}).json()
        assert len(page["items"]) <= 2
        paged += [e["id"] for e in page["items"]]
        offset = page["next_offset"]
    assert paged == [e["id"] for e in everything["items"]]

    october = api.get("/api/events", params={"since": "2017-10-01", "until": "2017-10-31"}).json()["items"]
    assert {e["date_start"] for e in october} == {"2017-10-01", "2017-10-10", "2017-10-14"}
    claimed = api.get("/api/events", params={"claim_status": "claimed"}).json()["items"]
    assert [e["location"] for e in claimed] == ["Al Qaryatayn"]
    gov = api.get("/api/events", params={"actor": "government", "type": "regains"}).json()["items"]
    assert [e["id"] for e in gov] == [_by_text(found, "recaptured").id]
    # A box around Mayadin only (Deir ez-Zor city is 45 km north-west, Qaryatayn 300 km west).
    boxed = api.get("/api/events", params={"bbox": "40.3,34.8,40.6,35.2"}).json()["items"]
    assert {e["location"] for e in boxed} == {"Al Mayadin"}

    rows = api.get("/api/map/events").json()
    assert len(rows["rows"]) == len(found) and rows["truncated"] is False
    at = rows["fields"].index("claim_status")
    assert sorted(r[at] for r in rows["rows"]) == ["claimed"] + ["reported"] * (len(found) - 1)


@pytest.mark.parametrize(
    "params",
    [{}, {"since": "2017-10-02"}, {"until": "2017-10-01"}, {"actor": "isis"}, {"type": "Battles"},
     {"type": "overtakes"}, {"claim_status": "claimed"}, {"bbox": "39,34,41,36"}, {"actor": "SDF", "until": "2017-10-10"}],
)
def test_map_rows_match_event_pages(api: Client, params: dict[str, str]) -> None:
    # The map reads the events table directly; it must select exactly what the paged endpoint does.
    paged = [e["id"] for e in api.get("/api/events", params={**params, "limit": 500}).json()["items"]]
    body = api.get("/api/map/events", params=params).json()
    assert [r[0] for r in body["rows"]] == paged
    assert api.get("/api/map/events", params={**params, "limit": 1}).json()["truncated"] is (len(paged) > 1)


def test_event_detail_carries_outlet_link_and_evidence(api: Client, scenario_store: tuple[Store, list[Event]]) -> None:
    _, found = scenario_store
    event = _by_text(found, "recaptured")
    body = api.get(f"/api/events/{event.id}").json()
    assert body["event"]["actor1"] == "Syrian government forces"
    assert body["document"]["publisher"] == "Reuters"
    assert body["document"]["url"] == "https://example.org/mayadin-army"
    evidence = body["evidence"]
    assert evidence["sentence"] == event.text
    assert evidence["before"].endswith("\n\n") and evidence["after"].startswith(" The army said")
    assert_error(api.get("/api/events/nope"), 404, "not_found")


def test_documents_list_and_evidence_spans(api: Client, scenario_store: tuple[Store, list[Event]]) -> None:
    _, found = scenario_store
    listing = api.get("/api/documents").json()
    assert len(listing["items"]) == 4
    assert listing["items"][0]["published"] == "2017-10-14"  # newest first
    hostile = _by_text(found, "Amaq said")
    doc = api.get(f"/api/documents/{hostile.document_id}").json()
    assert doc["text"].startswith("Claims from Homs <b")  # stored and served as text, untouched
    [span] = doc["evidence"]
    assert doc["text"][span["start"]:span["end"]] == hostile.text
    assert span["claim_status"] == "claimed"
    assert api.get("/api/documents", params={"q": "retakes"}).json()["items"][0]["title"] == "Army retakes Mayadin"
    assert_error(api.get("/api/documents/0000000000000000"), 404, "not_found")


# ---- incidents and control ----------------------------------------------------------------


def test_incidents_list_members_and_sources(api: Client, scenario_store: tuple[Store, list[Event]]) -> None:
    _, found = scenario_store
    page = api.get("/api/incidents").json()
    assert len(page["items"]) == len(found)  # every scenario event is a different act
    mayadin = api.get("/api/incidents", params={"place": "Mayadin", "since": "2017-10-01"}).json()["items"]
    assert len(mayadin) == 1
    inc = mayadin[0]
    event = _by_text(found, "recaptured")
    assert inc["event_ids"] == [event.id]
    assert inc["events"][0]["text"] == event.text
    assert inc["documents"][0]["url"] == "https://example.org/mayadin-army"
    assert api.get(f"/api/incidents/{inc['id']}").json()["id"] == inc["id"]
    assert_error(api.get("/api/incidents/inc-none"), 404, "not_found")
    assert_error(api.get("/api/incidents", params={"corroboration": "rumour"}), 422, "invalid_request")


def test_control_at_a_date_geojson_and_timeline(api: Client) -> None:
    def holders(day: str) -> dict[str, tuple[str, str]]:
        states = api.get("/api/control", params={"at": day}).json()["states"]
        return {s["place"]: (s["holder"], s["status"]) for s in states}

    assert holders("2017-08-15") == {}
    assert holders("2017-09-10") == {"Al Mayadin": ("ISIS", "assessed")}
    assert holders("2017-10-14") == {
        "Al Mayadin": ("Syrian government forces", "assessed"),
        "Al Qaryatayn": ("ISIS", "claimed"),  # one partisan outlet's word: claimed, not assessed
        "Deir ez-Zor": ("Syrian government forces", "besieged"),
        "Ar Raqqah": ("ISIS", "contested"),
    }
    raqqa = api.get("/api/control", params={"at": "2017-10-14", "place": "Raqqa"}).json()["states"]
    assert [(s["holder"], s["challenger"]) for s in raqqa] == [("ISIS", "SDF")]
    geo = api.get("/api/control/geojson", params={"at": "2017-10-14"})
    assert geo.headers["content-type"].startswith("application/geo+json")
    features = geo.json()["features"]
    assert {f["properties"]["place"] for f in features} == {"Al Mayadin", "Al Qaryatayn", "Deir ez-Zor", "Ar Raqqah"}
    assert features[0]["geometry"]["type"] == "Point"

    timeline = api.get("/api/places/Mayadin/timeline").json()["places"]
    assert [(c["previous"], c["holder"], c["day"]) for c in timeline[0]["changes"]] == [
        (None, "ISIS", "2017-09-01"),
        ("ISIS", "Syrian government forces", "2017-10-14"),
    ]
    assert_error(api.get("/api/places/Atlantis/timeline"), 404, "not_found")


def test_control_follows_new_reports_without_restart(tmp_path: Path, portal: BlockingPortal) -> None:
    from frontline.web.sample import scenario_reports

    store = open_store(f"sqlite:///{tmp_path / 'grow.db'}")
    reports = scenario_reports()
    doc, found = reports[0]
    store.add_report(doc, found, [{"name": "ISIS"}, {"name": "Syrian government forces"}])
    client = Client(create_app(store), portal)
    first = client.get("/api/control", params={"at": "2017-10-20", "place": "Mayadin"}).json()["states"]
    assert [s["holder"] for s in first] == ["ISIS"]
    doc, found = reports[1]  # the government retakes the town
    store.add_report(doc, found, [])
    second = client.get("/api/control", params={"at": "2017-10-20", "place": "Mayadin"}).json()["states"]
    assert [s["holder"] for s in second] == ["Syrian government forces"]
    store.close()


# ---- the one error shape and the headers ---------------------------------------------------------


def test_every_error_has_one_shape(api: Client, scenario_store: tuple[Store, list[Event]], portal: BlockingPortal) -> None:
    cases: list[tuple[httpx.Response, int]] = [
        (api.get("/no/such/page"), 404),
        (api.get("/api/events/missing"), 404),
        (api.get("/api/events", params={"limit": 0}), 422),
        (api.get("/api/events", params={"limit": "many"}), 422),
        (api.get("/api/events", params={"since": "yesterday"}), 422),
        (api.get("/api/events", params={"claim_status": "rumoured"}), 422),
        (api.get("/api/events", params={"bbox": "1,2,3"}), 400),
        (api.get("/api/events", params={"bbox": "10,50,5,40"}), 400),
        (api.get("/api/control", params={"at": "2017-13-01"}), 422),
        (api.post("/api/events"), 405),
        (api.post("/api/ingest", json={"text": "x"}), 403),
        (api.post("/api/ingest", content=b"{not json", headers={"content-type": "application/json"}), 422),
        (api.get("/static/nothing.js"), 404),
    ]
    for response, status in cases:
        assert_error(response, status)
    assert cases[9][0].json()["error"]["code"] == "method_not_allowed"
    assert "FRONTLINE_INGEST_TOKEN" in cases[10][0].json()["error"]["message"]
    # An unexpected failure inside an endpoint still answers in the same shape, without details.
    broken = create_app(scenario_store[0])
    broken.state.backend.store = None
    response = Client(broken, portal).get("/api/events")
    body = assert_error(response, 500, "internal_error")
    assert "Traceback" not in body["error"]["message"]


def test_security_headers_on_page_api_and_errors(api: Client) -> None:
    for response in (api.get("/"), api.get("/api/health"), api.get("/nowhere"), api.get("/static/app.js")):
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
    page = api.get("/")
    assert page.status_code == 200 and "/leaflet/leaflet.js" in page.text
    assert api.get("/leaflet/leaflet.js").status_code == 200  # served from the installed package
    outlines = api.get("/static/basemap/countries.geojson").json()
    assert len(outlines["features"]) > 150
    schema = api.get("/openapi.json").json()
    assert {"/api/events", "/api/incidents", "/api/control", "/api/ingest"} <= set(schema["paths"])


# ---- ingest --------------------------------------------------------------------------------


@pytest.fixture()
def ingest_api(tmp_path: Path, portal: BlockingPortal) -> Client:
    return Client(create_app(f"sqlite:///{tmp_path / 'ingest.db'}", ingest_token=TOKEN, max_body_bytes=4000), portal)


AUTH = {"Authorization": f"Bearer {TOKEN}"}


def test_ingest_needs_the_token(ingest_api: Client) -> None:
    assert_error(ingest_api.post("/api/ingest", json={"text": "x"}), 401, "unauthorized")
    assert_error(ingest_api.post("/api/ingest", json={"text": "x"}, headers={"Authorization": "Bearer wrong"}), 401)
    assert_error(ingest_api.post("/api/ingest", json={}, headers=AUTH), 400, "bad_input")
    assert_error(ingest_api.post("/api/ingest", json={"text": "a", "url": "https://example.org"}, headers=AUTH), 400)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8000/admin", "http://10.1.2.3/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "file:///etc/passwd"],
)
def test_ingest_refuses_private_loopback_and_link_local_urls(ingest_api: Client, url: str) -> None:
    body = assert_error(ingest_api.post("/api/ingest", json={"url": url}, headers=AUTH), 400)
    assert body["error"]["code"] in ("fetch_failed", "bad_input")


def test_ingest_limits_body_size_declared_or_streamed(ingest_api: Client) -> None:
    big = json.dumps({"text": "x" * 5000})
    assert_error(ingest_api.post("/api/ingest", content=big, headers={**AUTH, "content-type": "application/json"}), 413, "too_large")

    def chunks() -> Iterator[bytes]:
        # No content-length: the limit must hold while the body streams in.
        data = big.encode()
        for i in range(0, len(data), 1000):
            yield data[i:i + 1000]

    async def achunks() -> Any:
        for c in chunks():
            yield c

    response = ingest_api.post("/api/ingest", content=achunks(), headers={**AUTH, "content-type": "application/json"})
    assert_error(response, 413, "too_large")


class _SlowOrBig(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            time.sleep(3)
        body = b"<html><body><p>" + b"Fighting in Mayadin. " * (2000 if self.path == "/big" else 5) + b"</p></body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def private_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("FRONTLINE_ALLOW_PRIVATE_URLS", "1")
    monkeypatch.setenv("FRONTLINE_FETCH_TIMEOUT", "1")
    monkeypatch.setenv("FRONTLINE_MAX_BYTES", "10000")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _SlowOrBig)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_ingest_url_download_times_out_and_is_size_limited(ingest_api: Client, private_server: str) -> None:
    started = time.monotonic()
    body = assert_error(ingest_api.post("/api/ingest", json={"url": private_server + "/slow"}, headers=AUTH), 400)
    assert time.monotonic() - started < 2.5 and "no answer within 1 s" in body["error"]["message"]
    body = assert_error(ingest_api.post("/api/ingest", json={"url": private_server + "/big"}, headers=AUTH), 400)
    assert "larger than 10000 bytes" in body["error"]["message"]


def test_ingest_text_stores_events_and_keeps_markup_as_text(ingest_api: Client) -> None:
    text = (
        "Army retakes Mayadin <script>alert(1)</script>\n\n"
        "Syrian government forces captured the town of Mayadin in Deir ez-Zor province from ISIS on Saturday, "
        "the army said. <img src=x onerror=alert(2)> Residents said fighting continued on the outskirts."
    )
    response = ingest_api.post(
        "/api/ingest", json={"text": text, "publisher": "SANA", "published": "2017-10-14"}, headers=AUTH
    )
    assert response.status_code == 200, response.text
    [doc] = response.json()["documents"]
    assert doc["new"] is True and doc["events"] >= 1
    again = ingest_api.post("/api/ingest", json={"text": text, "published": "2017-10-14"}, headers=AUTH).json()
    assert again["documents"][0]["new"] is False
    stored = ingest_api.get(f"/api/documents/{doc['id']}").json()
    assert "<script>alert(1)</script>" in stored["text"] and stored["publisher"] == "SANA"
    events = ingest_api.get("/api/events", params={"document_id": doc["id"]}).json()["items"]
    assert any(
        e["sub_event_type"] == "Government regains territory" and e["actor1"] == "Syrian government forces"
        and e["latitude"] is not None and abs(e["latitude"] - 35.02) < 0.1
        for e in events
    )


def test_serve_command_is_registered_and_checks_its_options() -> None:
    from click.testing import CliRunner

    from frontline.cli.main import build_cli

    runner = CliRunner()
    help_text = runner.invoke(build_cli(), ["serve", "--help"]).output
    assert "--db" in help_text and "--host" in help_text and "--port" in help_text
    bad = runner.invoke(build_cli(), ["serve", "--port", "70000"])
    assert bad.exit_code == 2 and "70000" in bad.output


# ---- schemathesis ----------------------------------------------------------------------------


def test_schemathesis_finds_no_server_errors_and_no_schema_drift(scenario_store: tuple[Store, list[Event]]) -> None:
    schemathesis = pytest.importorskip("schemathesis")
    from hypothesis import HealthCheck, Phase, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    # Beyond "no 500s": every answer has a documented status, content type and body shape.
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]

    app = create_app(scenario_store[0], ingest_token="")
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=25, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck), phases=[Phase.explicit, Phase.generate])
        def run(case: Any) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{case.method} {case.formatted_path} {case.query}: {response.status_code} {response.text[:200]}")
            case.validate_response(response, checks=checks)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collect every operation's failure before failing
            failures.append(f"{operation.label}: {type(exc).__name__}: {str(exc)[:300]}")
    assert operations >= 12
    assert failures == []


# ---- the offline basemap builder ---------------------------------------------------------------


def _write_shapefile(base: Path, name: str, rings: list[list[tuple[float, float]]]) -> Path:
    """Write a one-record polygon shapefile (+ dBASE table with NAME and ADM0_A3) by hand."""
    import struct

    points = [p for ring in rings for p in ring]
    parts = []
    at = 0
    for ring in rings:
        parts.append(at)
        at += len(ring)
    body = struct.pack("<i4d2i", 5, 0, 0, 0, 0, len(parts), len(points))
    body += struct.pack(f"<{len(parts)}i", *parts) + b"".join(struct.pack("<2d", *p) for p in points)
    record = struct.pack(">2i", 1, len(body) // 2) + body
    header = struct.pack(">7i", 9994, 0, 0, 0, 0, 0, (100 + len(record)) // 2) + struct.pack("<2i4d4d", 1000, 5, *([0.0] * 8))
    shp = base / "countries.shp"
    shp.write_bytes(header + record)
    fields = [(b"NAME", 20), (b"ADM0_A3", 3)]
    dbf_header_len = 32 + 32 * len(fields) + 1
    record_len = 1 + sum(n for _, n in fields)
    dbf = struct.pack("<4BIHH20x", 3, 100, 1, 1, 1, dbf_header_len, record_len)
    for fname, size in fields:
        dbf += fname.ljust(11, b"\x00") + b"C" + b"\x00" * 4 + bytes([size, 0]) + b"\x00" * 14
    dbf += b"\x0d" + b" " + name.encode().ljust(20) + b"SYR" + b"\x1a"
    shp.with_suffix(".dbf").write_bytes(dbf)
    return shp


def test_basemap_builder_reads_polygons_and_names(tmp_path: Path) -> None:
    from frontline.web.basemap import countries_geojson

    square = [(36.0, 33.0), (42.0, 33.0), (42.0, 37.3), (36.0, 37.3), (36.0, 33.0)]
    islet = [(35.123, 34.987), (35.2, 34.987), (35.2, 35.1), (35.123, 34.987)]
    shp = _write_shapefile(tmp_path, "Syria", [square, islet])
    collection = countries_geojson(shp, digits=1)
    [feature] = collection["features"]
    assert feature["properties"] == {"name": "Syria", "iso_a3": "SYR"}
    rings = [polygon[0] for polygon in feature["geometry"]["coordinates"]]
    assert rings[0] == [list(p) for p in square]
    assert rings[1] == [[35.1, 35.0], [35.2, 35.0], [35.2, 35.1], [35.1, 35.0]]  # rounded to 0.1°


def test_page_cache_serves_new_reports_once_the_data_changes(tmp_path: Path) -> None:
    from frontline.store import open_store
    from frontline.web.api import Backend
    from frontline.web.sample import synthetic_reports

    store = open_store(f"sqlite:///{tmp_path / 'cache.db'}")
    backend = Backend(store)
    backend.pages = type(backend.pages)(backend, ttl=0.0)
    reports = list(synthetic_reports(20, seed=3, per_report=10))
    doc, found = reports[0]
    store.add_report(doc, found)
    first = backend.pages.get("k", lambda: [e.id for e in store.events()])
    assert first.body == backend.pages.get("k", lambda: ["not rebuilt"]).body
    doc2, found2 = reports[1]
    store.add_report(doc2, found2)
    refreshed = backend.pages.get("k", lambda: [e.id for e in store.events()])
    assert refreshed.body != first.body
