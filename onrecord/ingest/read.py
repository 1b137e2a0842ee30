"""Getting the raw bytes of one input — a file, stdin, a URL or bytes in hand — within a size limit.

The size limit is checked before the input is read into memory: a file by ``stat``, stdin and URLs by a
bounded read that stops one byte past the limit. The error names ``--max-bytes``, the flag that raises it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Optional, Union

from onrecord.errors import FetchError, InputError
from onrecord.settings import FETCH_TIMEOUT as DEFAULT_TIMEOUT
from onrecord.settings import MAX_BYTES as DEFAULT_MAX_BYTES
from onrecord.settings import MAX_REDIRECTS

USER_AGENT = "onrecord/0.1 (+https://github.com/onrecord; news attribution research)"

Source = Union[str, Path, bytes]


@dataclass
class RawInput:
    """The bytes of one input and what is known about where they came from."""

    data: bytes
    source: str  # how to name it to a user: a path, a URL, "<stdin>"
    url: Optional[str] = None
    content_type: Optional[str] = None  # from HTTP, when fetched
    meta: dict[str, str] = field(default_factory=dict)


def is_url(value: object) -> bool:
    return isinstance(value, str) and value.lower().startswith(("http://", "https://"))


def too_large(source: str, size: int | str, max_bytes: int) -> InputError:
    return InputError(
        source,
        f"too large ({size} bytes, limit {max_bytes:,}); raise the limit with --max-bytes "
        "(max_bytes= in Python) if this really is one article",
    )


def read_source(
    source: Source,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    source_name: Optional[str] = None,
    stdin: Optional[BinaryIO] = None,
    allow_private_urls: bool = True,
) -> RawInput:
    """Read ``source`` into a :class:`RawInput`.

    ``source`` is one of: bytes (named by ``source_name``); a ``str`` given together with ``source_name``
    (raw text); ``"-"`` for standard input; an ``http(s)://`` URL; a ``str`` that contains a line break
    (raw text, named ``<text>``); otherwise a file path.
    """
    if isinstance(source, bytes):
        name = source_name or "<bytes>"
        if len(source) > max_bytes:
            raise too_large(name, len(source), max_bytes)
        return RawInput(source, name)
    if isinstance(source, str) and (source_name is not None or ("\n" in source and not is_url(source))):
        name = source_name or "<text>"
        # surrogatepass: a lone surrogate becomes bytes that are not UTF-8, which decoding refuses in one line
        data = source.encode("utf-8", "surrogatepass")
        if len(data) > max_bytes:
            raise too_large(name, len(data), max_bytes)
        return RawInput(data, name)
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        name = source_name or "<stdin>"
        return RawInput(bounded_read(stream, name, max_bytes), name)
    if is_url(source):
        return fetch_url(str(source), max_bytes=max_bytes, timeout=timeout, allow_private=allow_private_urls)
    path = Path(source)
    if isinstance(source, str) and source.count(" ") >= 3 and not path.exists():
        # one line of prose, most likely, taken for a path: say how to pass text
        shown = source if len(source) <= 60 else source[:57] + "..."
        raise InputError(
            shown,
            "no such file (to pass article text rather than a path, give source_name=... "
            "or end the text with a line break)",
        )
    return read_file(path, max_bytes=max_bytes, name=source_name)


def bounded_read(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` from ``stream``; refuse (without reading the rest) when there is more."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large(name, f"more than {max_bytes:,}", max_bytes)
    return data


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, name: Optional[str] = None) -> RawInput:
    """Read one file, refusing missing paths, folders and files over ``max_bytes`` before reading them."""
    name = name or str(path)
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    if path.is_dir():
        raise InputError(name, "is a folder, not an article file (use `onrecord ingest` for folders)")
    if stat.st_size > max_bytes:
        raise too_large(name, f"{stat.st_size:,}", max_bytes)
    try:
        with path.open("rb") as fh:
            data = bounded_read(fh, name, max_bytes)  # the file may have grown since stat
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read ({exc.strerror or exc})") from None
    return RawInput(data, name)


def fetch_url(
    url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = DEFAULT_TIMEOUT, allow_private: bool = True
) -> RawInput:
    """GET ``url`` (following redirects) with a timeout, streaming so that the size limit holds.

    ``allow_private=False`` refuses every request, redirects included, to a host that resolves to a
    loopback, private, link-local or reserved address: a server that fetches for its users must not
    become their way into its own network. Redirects are followed one at a time so that each target
    is checked before it is asked, and the address actually connected to is checked again before
    the body is read (a name that resolves differently the second time gains nothing).

    Raises :class:`FetchError` with one line for each way it can fail: no network, refused connection,
    timeout, an HTTP error status, too large a body, a refused private address.
    """
    import httpx

    hooks = {} if allow_private else {"request": [lambda request: refuse_private_host(url, request.url.host)]}
    try:
        with httpx.Client(
            timeout=timeout,
            follow_redirects=False,
            headers={"User-Agent": USER_AGENT, "Accept": "text/html,text/plain;q=0.9,*/*;q=0.5"},
            event_hooks=hooks,
        ) as client:
            request = client.build_request("GET", url)
            for _hop in range(MAX_REDIRECTS + 1):
                response = client.send(request, stream=True)
                if not allow_private:
                    refuse_private_peer(url, response)
                if response.next_request is None:
                    break
                response.close()
                request = response.next_request
            else:
                raise FetchError(url, f"more than {MAX_REDIRECTS} redirects")
            try:
                if response.status_code >= 400:
                    raise FetchError(url, f"HTTP {response.status_code} {response.reason_phrase}".rstrip())
                declared = response.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    raise too_large(url, f"{int(declared):,}", max_bytes)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(url, too_large(url, f"more than {max_bytes:,}", max_bytes).problem)
                    chunks.append(chunk)
                final_url = str(response.url)
                content_type = response.headers.get("content-type")
            finally:
                response.close()
    except FetchError:
        raise
    except InputError as exc:
        raise FetchError(url, exc.problem) from None
    except httpx.TimeoutException:
        raise FetchError(url, f"timed out after {timeout:g} s (raise it with --timeout)") from None
    except httpx.ConnectError as exc:
        raise FetchError(url, f"cannot connect ({_reason(exc)}); are you offline?") from None
    except httpx.InvalidURL as exc:
        raise FetchError(url, f"invalid URL ({_reason(exc)})") from None
    except httpx.UnsupportedProtocol as exc:
        raise FetchError(url, f"unsupported URL ({exc})") from None
    except httpx.HTTPError as exc:
        raise FetchError(url, f"fetch failed ({exc.__class__.__name__}: {_reason(exc)})") from None
    meta = {"fetched_url": final_url} if final_url != url else {}
    return RawInput(b"".join(chunks), url, url=final_url, content_type=content_type, meta=meta)


def refuse_private_host(url: str, host: str) -> None:
    """Raise :class:`FetchError` when ``host`` resolves to an address that is not public."""
    import ipaddress
    import socket

    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host, None)}
    except (socket.gaierror, UnicodeError):
        return  # unresolvable: the request itself fails with its own clear message
    for address in sorted(addresses):
        ip = ipaddress.ip_address(address.split("%", 1)[0])
        if not is_public(ip):
            raise FetchError(
                url, f"refused: {host} is a private or local address ({ip}); this server fetches public addresses only"
            )


def is_public(ip) -> bool:
    """Whether ``ip`` is a global address, looking inside IPv4-mapped and NAT64 (64:ff9b::/96) forms."""
    import ipaddress

    if ip.version == 6:
        embedded = ip.ipv4_mapped
        if embedded is None and ip in ipaddress.ip_network("64:ff9b::/96"):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            return embedded.is_global
    return ip.is_global


def refuse_private_peer(url: str, response) -> None:
    """Raise :class:`FetchError` when the connection of ``response`` went to an address that is not public."""
    import ipaddress

    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer:
        ip = ipaddress.ip_address(str(peer[0]).split("%", 1)[0])
        if not is_public(ip):
            response.close()
            raise FetchError(
                url,
                f"refused: connected to a private or local address ({ip}); this server fetches public addresses only",
            )


def _reason(exc: Exception) -> str:
    text = str(exc).strip() or exc.__class__.__name__
    return text.splitlines()[0][:200]
