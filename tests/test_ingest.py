"""Reading reports: every kind of bad input gives one clear line, good inputs in the same run still land."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from frontline.cli.main import build_cli
from frontline.errors import FetchError
from frontline.ingest.fetch import check_public_url
from frontline.ingest.sources import read_source

REPORT = (
    "Government forces capture Mayadin\n\n"
    "The Syrian army captured the city of Mayadin from ISIS on Saturday, the army command said, "
    "after two weeks of fighting on the western edge of the city."
)
OTHER_REPORT = (
    "ISIS retakes Qaryatayn\n\n"
    "Islamic State fighters captured the town of Qaryatayn in eastern Homs Province on Sunday, "
    "according to the Syrian Observatory for Human Rights."
)


def _only(spec: str, **kw: object) -> tuple[str | None, str | None]:
    items = list(read_source(spec, **kw))  # type: ignore[arg-type]
    assert len(items) == 1
    item = items[0]
    return (item.document.text if item.document else None), item.error


def test_plain_text_file_becomes_a_document(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    items = list(read_source(str(path)))
    assert items[0].document is not None
    assert items[0].document.title == "Government forces capture Mayadin"
    assert len(items[0].document.id) == 32


def test_empty_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("  \n\n", encoding="utf-8")
    text, error = _only(str(path))
    assert text is None and error is not None and "is empty" in error


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 40)
    text, error = _only(str(path))
    assert text is None and error is not None and "binary" in error


def test_non_utf8_text_is_read_as_windows_1252(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes((REPORT + " Erdo\u011fan aside, the caf\u00e9 was shelled.").encode("cp1252", errors="replace"))
    text, error = _only(str(path))
    assert error is None and text is not None
    assert "café" in text


def test_fifty_megabyte_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:
        f.truncate(50_000_000)
    text, error = _only(str(path))
    assert text is None and error is not None and "50.0 MB" in error and "FRONTLINE_MAX_BYTES" in error


def test_non_english_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ar.txt"
    path.write_text("سيطرت قوات الحكومة السورية على مدينة الميادين في ريف دير الزور الشرقي بعد معارك عنيفة مع تنظيم داعش", encoding="utf-8")
    text, error = _only(str(path))
    assert text is None and error is not None and "English" in error


def test_malformed_html_still_gives_its_main_text(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    body = "<p>" + REPORT.replace("\n\n", "</p><p>") + "</p>"
    path.write_text(
        "<html><head><title>Mayadin falls</title><body><div><article>" + body + "<p>unclosed <b>tags <i>here",
        encoding="utf-8",
    )
    text, error = _only(str(path))
    assert error is None and text is not None and "captured the city of Mayadin" in text


def test_html_without_text_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "blank.html"
    path.write_text("<html><body><div></div><script>var x = 1;</script></body></html>", encoding="utf-8")
    text, error = _only(str(path))
    assert text is None and error is not None and "no main text" in error


def test_jsonl_broken_line_fails_alone(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"url": "https://example.org/a", "title": "A", "date": "2017-10-14", "text": REPORT}),
        '{"title": "broken", "text": "no closing brace"',
        json.dumps({"title": "B", "text": OTHER_REPORT}),
        json.dumps({"title": "C", "date": "not a date at all qq", "text": OTHER_REPORT}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(read_source(str(path)))
    assert [i.error is None for i in items] == [True, False, True, False]
    assert "line 2" in (items[1].error or "")
    assert items[0].document is not None and items[0].document.published is not None
    assert items[0].document.published.isoformat() == "2017-10-14"
    assert items[2].document is not None and items[2].document.published is None


def test_private_urls_are_refused_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FRONTLINE_ALLOW_PRIVATE_URLS", raising=False)
    with pytest.raises(FetchError, match="private or local"):
        check_public_url("http://127.0.0.1:8000/report.html")
    with pytest.raises(FetchError, match="private or local"):
        check_public_url("http://100.100.100.200/latest/meta-data/")  # shared address space
    with pytest.raises(FetchError, match="only http and https"):
        check_public_url("file:///etc/passwd")
    with pytest.raises(FetchError, match="bad port"):
        check_public_url("http://example.org:99999/")


class _Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
        if self.path == "/report.html":
            body = f"<html><head><title>Mayadin</title></head><body><article><p>{REPORT}</p></article></body></html>".encode()
            kind = "text/html; charset=utf-8"
        elif self.path == "/bounce":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
            return
        elif self.path == "/file.pdf":
            body, kind = b"%PDF-1.4 not a report", "application/pdf"
        else:
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def local_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("FRONTLINE_ALLOW_PRIVATE_URLS", "1")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_url_html_page_is_read(local_server: str) -> None:
    text, error = _only(local_server + "/report.html")
    assert error is None and text is not None and "Mayadin" in text


def test_non_html_url_is_refused(local_server: str) -> None:
    text, error = _only(local_server + "/file.pdf")
    assert text is None and error is not None and "application/pdf" in error


def test_missing_page_and_unreachable_host_are_refused(local_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _, error = _only(local_server + "/nothing")
    assert error is not None and "HTTP 404" in error
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed_port = s.getsockname()[1]
    monkeypatch.setenv("FRONTLINE_FETCH_TIMEOUT", "2")
    _, error = _only(f"http://127.0.0.1:{closed_port}/x")
    assert error is not None and "cannot fetch" in error


def test_redirect_to_a_private_address_is_refused(local_server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    from frontline.ingest import fetch as fetch_module

    real_check = fetch_module.check_public_url
    monkeypatch.delenv("FRONTLINE_ALLOW_PRIVATE_URLS")

    def allow_test_server(url: str) -> None:
        if not url.startswith(local_server):
            real_check(url)

    monkeypatch.setattr(fetch_module, "check_public_url", allow_test_server)
    with pytest.raises(FetchError, match="private or local address"):
        fetch_module.fetch(local_server + "/bounce")


def test_ingest_batch_with_bad_files_and_repeats_loses_nothing(tmp_path: Path, db_url: str) -> None:
    good = tmp_path / "good"
    good.mkdir()
    (good / "a.txt").write_text(REPORT, encoding="utf-8")
    runner = CliRunner()
    cli = build_cli()
    first = runner.invoke(cli, ["ingest", str(good), "--db", db_url, "--published", "2017-10-15"])
    assert first.exit_code == 0, first.output
    assert "new: 1" in first.output

    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a-again.txt").write_text(REPORT, encoding="utf-8")
    (batch / "b.txt").write_text(OTHER_REPORT, encoding="utf-8")
    (batch / "empty.txt").write_text("", encoding="utf-8")
    (batch / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (batch / "lines.jsonl").write_text(json.dumps({"text": OTHER_REPORT}) + "\n{broken\n", encoding="utf-8")
    second = runner.invoke(cli, ["ingest", str(batch), "--db", db_url, "--published", "2017-10-02"])
    assert second.exit_code == 2
    assert "reports read: 3, new: 1, skipped: 2, failed: 3" in second.output

    from frontline.store import open_store

    counts = open_store(db_url).counts()
    assert counts["documents"] == 2
    events_after = counts["events"]
    third = runner.invoke(cli, ["ingest", str(good), str(batch), "--db", db_url])
    assert "new: 0" in third.output
    assert open_store(db_url).counts() == {**counts, "events": events_after}


def test_cli_errors_are_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(build_cli(), ["extract", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"error: {tmp_path / 'missing.txt'}: no such file"]


def test_dask_workers_store_the_same_events_as_one_process(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parent.parent / "examples"
    runner = CliRunner()
    cli = build_cli()
    single, parallel = f"sqlite:///{tmp_path / 'one.db'}", f"sqlite:///{tmp_path / 'many.db'}"
    assert runner.invoke(cli, ["ingest", str(examples), "--db", single]).exit_code == 0
    result = runner.invoke(cli, ["ingest", str(examples), "--db", parallel, "--workers", "2"])
    assert result.exit_code == 0, result.output
    from frontline.store import open_store

    one, many = open_store(single), open_store(parallel)
    assert one.counts() == many.counts()
    assert {e.id for e in one.events()} == {e.id for e in many.events()}


def test_a_name_that_resolves_to_a_private_address_on_connect_is_refused(
    local_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # DNS rebinding: the check before connecting saw a public address, the connection reached a local one.
    from frontline.ingest import fetch as fetch_module

    monkeypatch.delenv("FRONTLINE_ALLOW_PRIVATE_URLS")
    monkeypatch.setattr(fetch_module, "check_public_url", lambda url: None)
    with pytest.raises(FetchError, match=r"private or local address \(127\.0\.0\.1\)"):
        fetch_module.fetch(local_server + "/report.html")
