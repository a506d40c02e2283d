"""Fetch a URL safely: size and time limits, no private addresses unless allowed."""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from frontline import settings
from frontline.errors import FetchError

MAX_REDIRECTS = 5


@dataclass(frozen=True, slots=True)
class Fetched:
    """What a URL returned."""

    url: str
    content_type: str
    body: bytes


def check_public_url(url: str) -> None:
    """Refuse URLs that are not http(s) or that point at private, loopback or link-local hosts."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"{url}: only http and https URLs can be fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError(f"{url}: bad port in the URL ({exc})") from exc
    if settings.get("allow_private_urls") == "1":
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise FetchError(f"{url}: cannot resolve host {parts.hostname} ({exc.strerror})") from exc
    for info in infos:
        _refuse_private(url, str(info[4][0]))


def _refuse_private(url: str, host: str) -> None:
    """Raise FetchError when `host` (an IP address) is not a public one."""
    address = ipaddress.ip_address(host)
    # is_global also rules out shared (100.64/10) space, where some clouds keep their metadata service.
    if not address.is_global or address.is_reserved or address.is_multicast:
        raise FetchError(
            f"{url}: refusing to fetch a private or local address ({address}); "
            "set FRONTLINE_ALLOW_PRIVATE_URLS=1 to allow it"
        )


def _check_peer(response: httpx.Response) -> None:
    """Refuse a response whose connection ended at a private address.

    The name was checked before connecting, but the client resolves it again and a hostile DNS
    server may answer differently the second time: the address actually connected to is what counts.
    Nothing of such a response is read.
    """
    if settings.get("allow_private_urls") == "1":
        return
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if not peer:
        raise FetchError(f"{response.request.url}: cannot tell which address answered; refusing to read it")
    _refuse_private(str(response.request.url), str(peer[0]))


def _redirect_check(first: str) -> Callable[[httpx.Request], None]:
    """Return a hook that checks every request a fetch makes, redirects included, after the first."""

    def check(request: httpx.Request) -> None:
        # The first URL was checked before the client opened; a redirect must not bounce us inward.
        if str(request.url) != first:
            check_public_url(str(request.url))

    return check


def fetch(url: str) -> Fetched:
    """Download a page or feed within the `fetch_timeout` (total seconds) and `max_bytes` settings."""
    check_public_url(url)
    limit = settings.get_int("max_bytes")
    timeout = settings.get_float("fetch_timeout")
    deadline = time.monotonic() + timeout
    headers = {"User-Agent": "frontline/0.1 (conflict event extraction)"}
    try:
        with httpx.Client(
            timeout=timeout,
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
            headers=headers,
            event_hooks={"request": [_redirect_check(url)], "response": [_check_peer]},
        ) as client, client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise FetchError(f"{url}: the server answered HTTP {response.status_code}")
            chunks: list[bytes] = []
            size = 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchError(f"{url}: page is larger than {limit} bytes (FRONTLINE_MAX_BYTES)")
                if time.monotonic() > deadline:
                    # A server that drips bytes slowly must not hold the ingest past its limit.
                    raise FetchError(f"{url}: download took longer than {timeout:g} s")
                chunks.append(chunk)
            content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
            return Fetched(url=str(response.url), content_type=content_type, body=b"".join(chunks))
    except httpx.TimeoutException as exc:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from exc
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot fetch ({exc.__class__.__name__}: {exc})") from exc
