"""A polite HTTP client for following feeds: robots.txt, a per-host delay, timeouts, retries, conditional GET.

One :class:`PoliteClient` serves a whole watch (every poll), so that what it learns about a host (its
robots.txt, when it was last asked something) carries from one request to the next::

    client = PoliteClient(delay=1.0, timeout=10.0, retries=3)
    answer = client.get("https://example.org/feed.xml", etag=saved_etag, last_modified=saved_date)
    if answer.not_modified: ...             # 304: nothing new since the validators were saved
    client.close()

``sleep`` and ``clock`` are arguments so that tests can watch the waits without waiting.
"""

from __future__ import annotations

import time
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Callable, Optional
from urllib.parse import urlsplit

import httpx

from onrecord.errors import FetchError
from onrecord.ingest.read import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, USER_AGENT
from onrecord.settings import WATCH_HOST_DELAY, WATCH_RETRIES

# Statuses worth asking again later (a busy or briefly broken server); any other 4xx/5xx is final.
RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
# A Retry-After longer than this is not waited for: the item fails now and the next poll tries again.
MAX_RETRY_AFTER = 120.0
ROBOTS_TTL = 3600.0
# A robots.txt that could not be read (5xx, offline) keeps its host closed this long, then is asked again.
ROBOTS_FAILURE_TTL = 300.0


class RobotsDisallowed(FetchError):
    """robots.txt of the host does not let onrecord fetch this URL."""


@dataclass
class Answer:
    """One HTTP answer: 200 with the body, or 304 (``not_modified``) with none."""

    url: str  # the final URL, after redirects
    status: int
    data: bytes = b""
    content_type: Optional[str] = None
    etag: Optional[str] = None
    last_modified: Optional[str] = None
    retry_after: Optional[str] = None  # of a 429/503 answer

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class _Robots:
    parser: Optional[urllib.robotparser.RobotFileParser]  # None: every path is closed (see reason)
    expires: float
    reason: str = ""


@dataclass
class PoliteClient:
    """GETs with robots.txt honoured, at most one request per ``delay`` seconds to a host, and retries.

    Args:
        delay: seconds between two requests to the same host (a robots.txt ``Crawl-delay`` that asks
            for more wins).
        timeout: seconds allowed per request (connect, read).
        retries: further attempts after a timeout, a dropped connection, 429 or 5xx.
        backoff: the first wait before retrying, doubled at each further attempt (or the server's
            ``Retry-After``, when it gives one of at most :data:`MAX_RETRY_AFTER` seconds).
        max_bytes: refuse larger bodies (checked while streaming).
        user_agent: sent with every request and matched against robots.txt.
    """

    delay: float = WATCH_HOST_DELAY
    timeout: float = DEFAULT_TIMEOUT
    retries: int = WATCH_RETRIES
    backoff: float = 1.0
    max_bytes: int = DEFAULT_MAX_BYTES
    user_agent: str = USER_AGENT
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    requests: int = 0  # every request sent, robots.txt and retries included
    _last_request: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, _Robots] = field(default_factory=dict)
    _client: Optional[httpx.Client] = None

    # -- public -------------------------------------------------------------------------------------
    def get(
        self, url: str, *, etag: Optional[str] = None, last_modified: Optional[str] = None, accept: Optional[str] = None
    ) -> Answer:
        """GET ``url``; with ``etag``/``last_modified`` a conditional GET that may answer 304.

        Raises :class:`RobotsDisallowed` when robots.txt forbids it, :class:`FetchError` (one line) when
        it fails after the retries.
        """
        self.check_robots(url)
        headers = {"Accept": accept or "*/*"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get_with_retries(url, headers)

    def check_robots(self, url: str) -> None:
        """Raise :class:`RobotsDisallowed` unless the host's robots.txt lets this client fetch ``url``."""
        robots = self._robots_of(url)
        if robots.parser is None:
            raise RobotsDisallowed(url, f"robots.txt {robots.reason}")
        if not robots.parser.can_fetch(self.user_agent, url):
            raise RobotsDisallowed(url, "robots.txt disallows it")

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    # -- robots.txt ------------------------------------------------------------------------------
    def _robots_of(self, url: str) -> _Robots:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is not None and cached.expires > self.clock():
            return cached
        robots_url = origin + "/robots.txt"
        parser = urllib.robotparser.RobotFileParser(robots_url)
        try:
            answer = self._get_with_retries(robots_url, {"Accept": "text/plain"}, statuses_ok=True)
        except FetchError as exc:
            cached = _Robots(None, self.clock() + ROBOTS_FAILURE_TTL, f"could not be read ({exc.problem})")
        else:
            # The conventions of urllib.robotparser.read(): 401/403 close the site, another 4xx opens it.
            if answer.status in (401, 403):
                parser.disallow_all = True
                cached = _Robots(parser, self.clock() + ROBOTS_TTL)
            elif 400 <= answer.status < 500:
                parser.allow_all = True
                cached = _Robots(parser, self.clock() + ROBOTS_TTL)
            elif answer.status >= 500:
                cached = _Robots(None, self.clock() + ROBOTS_FAILURE_TTL, f"could not be read (HTTP {answer.status})")
            else:
                parser.parse(answer.data.decode("utf-8", errors="replace").splitlines())
                cached = _Robots(parser, self.clock() + ROBOTS_TTL)
        self._robots[origin] = cached
        return cached

    def _host_delay(self, url: str) -> float:
        robots = self._robots.get("{0.scheme}://{0.netloc}".format(urlsplit(url)))
        asked = robots.parser.crawl_delay(self.user_agent) if robots and robots.parser else None
        try:
            return max(self.delay, float(asked or 0))
        except (TypeError, ValueError):
            return self.delay

    # -- requests --------------------------------------------------------------------------------
    def _http(self) -> httpx.Client:
        if self._client is None:
            self._client = httpx.Client(
                timeout=self.timeout, follow_redirects=True, headers={"User-Agent": self.user_agent}
            )
        return self._client

    def _wait_for_host(self, url: str) -> None:
        host = urlsplit(url).netloc
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self._host_delay(url) - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    def _get_with_retries(self, url: str, headers: dict, *, statuses_ok: bool = False) -> Answer:
        """GET with up to ``retries`` further attempts; ``statuses_ok`` returns final 4xx/5xx answers instead of raising."""
        attempt = 0
        while True:
            wait = self.backoff * (2**attempt)
            try:
                answer = self._get_once(url, headers)
            except httpx.TimeoutException:
                problem = f"timed out after {self.timeout:g} s"
            except httpx.TransportError as exc:
                problem = f"cannot connect ({_first_line(exc)})"
            else:
                if answer.status not in RETRY_STATUSES:
                    if answer.status >= 400 and not statuses_ok:
                        raise FetchError(url, f"HTTP {answer.status}")
                    return answer
                problem = f"HTTP {answer.status}"
                asked = _seconds(answer.retry_after)
                wait = asked if asked is not None else wait
            if attempt >= self.retries or wait > MAX_RETRY_AFTER:
                if statuses_ok and problem.startswith("HTTP "):
                    return Answer(url, int(problem.split()[1]))
                tries = f" ({attempt + 1} attempts)" if attempt else ""
                raise FetchError(url, problem + tries)
            attempt += 1
            self.sleep(wait)

    def _get_once(self, url: str, headers: dict) -> Answer:
        self._wait_for_host(url)
        self.requests += 1
        with self._http().stream("GET", url, headers=headers) as response:
            status = response.status_code
            if status == 304 or status >= 400:
                return Answer(str(response.url), status, retry_after=response.headers.get("retry-after"))
            declared = response.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_bytes:
                raise FetchError(url, f"too large ({int(declared):,} bytes, limit {self.max_bytes:,})")
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > self.max_bytes:
                    raise FetchError(url, f"too large (more than {self.max_bytes:,} bytes)")
                chunks.append(chunk)
            return Answer(
                str(response.url),
                status,
                b"".join(chunks),
                response.headers.get("content-type"),
                response.headers.get("etag"),
                response.headers.get("last-modified"),
            )


def _seconds(value: Optional[str]) -> Optional[float]:
    """A Retry-After given in seconds (an HTTP date is rare enough to fall back to the backoff)."""
    try:
        return max(0.0, float(value)) if value is not None else None
    except ValueError:
        return None


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
