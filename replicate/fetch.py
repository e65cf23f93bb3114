"""Talk to arXiv: the Atom API for metadata, then the PDF and the LaTeX source (e-print).

One `Fetcher` per run, so arXiv's rate limit (one API request every few
seconds) holds across a whole batch. Every request has a timeout for each read
and a deadline for the whole answer; failed requests are retried with backoff
that never undercuts the rate limit and honours ``Retry-After`` up to a cap.

The API answer is read here rather than by the `arxiv` client: that client
parses a page at once (one entry with a bad date fails the whole batch) and
reads a web page as an empty feed (so a paper would be called unknown).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from . import __version__, cache
from .errors import BadPdf, BadValue, InvalidId, NetworkError, PaperNotFound, ReplicateError
from .ids import ArxivId, parse
from .record import Metadata

if TYPE_CHECKING:
    import requests

    from .settings import Settings

USER_AGENT = f"replicate/{__version__} (paper-replication workbench)"
RETRY_STATUSES = (403, 429, 500, 502, 503, 504)
WAIT_CAP = 4  # the longest Retry-After obeyed, in timeouts (120 s at the default 30 s)
DEADLINE = 10  # the longest one answer may take in all, in timeouts (5 minutes by default)
BATCH = 100  # ids per API request: long id_lists make URLs arXiv refuses (HTTP 414)
PATIENCE = 3  # seconds without an answer before the wait is explained (at most half a timeout)
EMPTY_FEED_RETRIES = 2  # arXiv sometimes answers a valid id_list with an empty feed
MAX_FEED_BYTES = 64 << 20
MAX_PDF_BYTES = 512 << 20
MAX_SOURCE_BYTES = 512 << 20  # the e-print as received (already un-gzipped by HTTP or not)
CHUNK = 64 * 1024

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV_NS = "{http://arxiv.org/schemas/atom}"
OPENSEARCH = "{http://a9.com/-/spec/opensearch/1.1/}"

Progress = Callable[[int, "int | None"], None]
Notify = Callable[[str], None]


def _collapse(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _paragraphs(text: str | None) -> str:
    """arXiv wraps abstracts at 80 columns; keep blank-line paragraphs, join the rest."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return "\n\n".join(_collapse(p) for p in parts if p.strip())


class _LongWait(NetworkError):
    """A second Retry-After beyond the cap: give up rather than wait again."""


def make_session(timeout: float, retries: int, delay: float,
                 notify: Notify | None = None, waiting: Notify | None = None
                 ) -> requests.Session:
    """A requests session whose every request has `timeout` and retries with backoff.

    A ``Retry-After`` up to ``WAIT_CAP`` timeouts is obeyed. A longer one is
    announced through `notify` and waited for once, capped; a second one gives up.
    A request still unanswered after ``PATIENCE`` seconds (or half a timeout) is
    explained through `waiting` ("waiting for export.arxiv.org (HTTP 503; retry 1 of
    3)"), and so is each retry after that.
    """
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
    from urllib3.util.retry import Retry

    cap = WAIT_CAP * timeout
    deadline = DEADLINE * timeout
    current = threading.local()  # the _Watch of the request this thread is making

    def watched(base: type[HTTPConnection]) -> type[HTTPConnection]:
        class Watched(base):  # type: ignore[valid-type,misc]
            # The status line and headers, like the body (see Fetcher._body), get no
            # longer than the deadline, however slowly they trickle in.
            def getresponse(self, *args: Any, **kwargs: Any) -> Any:
                fired = threading.Event()

                def cut() -> None:
                    fired.set()
                    with contextlib.suppress(OSError, AttributeError):
                        self.sock.shutdown(socket.SHUT_RDWR)

                timer = threading.Timer(deadline, cut)
                timer.daemon = True
                timer.start()
                try:
                    response = super().getresponse(*args, **kwargs)
                except Exception:
                    if fired.is_set():
                        raise self.too_slow() from None
                    raise
                finally:
                    timer.cancel()
                if fired.is_set():  # cut off mid-headers reads as their end
                    raise self.too_slow()
                return response

            def too_slow(self) -> NetworkError:
                scheme = "https" if isinstance(self, HTTPSConnection) else "http"
                port = "" if self.port == self.default_port else f":{self.port}"
                return NetworkError(f"{scheme}://{self.host}{port} answered too slowly (not "
                                    f"done after {_duration(deadline)}); try again later.")

        return Watched

    class _Pool(HTTPConnectionPool):
        ConnectionCls = watched(HTTPConnection)

    class _SecurePool(HTTPSConnectionPool):
        ConnectionCls = watched(HTTPSConnection)  # type: ignore[assignment]

    class _Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": _Pool, "https": _SecurePool}

    class _Retry(Retry):
        def __init__(self, *args: Any, long_waits: int = 0, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.long_waits = long_waits

        def new(self, **kw: Any) -> _Retry:
            kw.setdefault("long_waits", self.long_waits)
            return super().new(**kw)

        def increment(self, method: str | None = None, url: str | None = None,
                      response: Any = None, error: Exception | None = None,
                      *args: Any, **kwargs: Any) -> _Retry:
            again = super().increment(method, url, response, error, *args, **kwargs)
            watch = getattr(current, "watch", None)
            if watch is not None:
                watch.retrying(_problem(response, error))
            return again

        # A retry is a new request to arXiv: never sooner than the rate limit allows.
        def get_backoff_time(self) -> float:
            return max(float(delay), super().get_backoff_time())

        def sleep_for_retry(self, response: Any) -> bool:
            header = response.headers.get("Retry-After")
            if header is None:
                return False
            wanted = _seconds(header)
            if wanted is None or wanted <= cap:
                return super().sleep_for_retry(response)
            if self.long_waits:
                raise _LongWait(
                    f"arXiv asks to wait {_duration(wanted)} before the next request "
                    f"(HTTP {response.status}); try again after that."
                )
            self.long_waits += 1
            watch = getattr(current, "watch", None)
            if watch is not None:  # this wait is explained below, once
                watch.muted = True
            if notify:
                notify(f"arXiv asks to wait {_duration(wanted)} (HTTP {response.status}); "
                       f"waiting {_duration(cap)} once, then giving up")
            time.sleep(cap)
            return True

    class _Session(requests.Session):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any):  # type: ignore[override]
            kwargs.setdefault("timeout", timeout)
            if waiting is None:
                return super().request(method, url, *args, **kwargs)
            current.watch = _Watch(waiting, _host(url).split("://")[-1], retries,
                                   min(PATIENCE, timeout / 2))
            try:
                return super().request(method, url, *args, **kwargs)
            finally:
                current.watch.stop()
                current.watch = None

    retry = _Retry(
        total=retries,
        connect=retries,
        read=retries,
        status=retries,
        backoff_factor=max(delay, 0.5) if delay else 0,
        backoff_max=60,
        status_forcelist=RETRY_STATUSES,
        allowed_methods=frozenset({"GET", "HEAD"}),
        respect_retry_after_header=True,
        retry_after_max=cap,
        raise_on_status=False,
    )
    session = _Session()
    adapter = _Adapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


class _Watch:
    """One request's wait: silent at first, then said, with each retry after that."""

    def __init__(self, say: Notify, host: str, retries: int, patience: float) -> None:
        self.say, self.host, self.retries = say, host, retries
        self.retry, self.problem, self.late, self.muted = 0, "", False, False
        self._lock = threading.Lock()
        self._timer = threading.Timer(patience, self._late)
        self._timer.daemon = True
        self._timer.start()

    def message(self) -> str:
        said = [self.problem] if self.problem else []
        if self.retry:
            said.append(f"retry {self.retry} of {self.retries}")
        return f"waiting for {self.host}" + (f" ({'; '.join(said)})" if said else "")

    def _late(self) -> None:
        with self._lock:
            self.late = True
            if not self.muted:
                self.say(self.message())

    def retrying(self, problem: str) -> None:
        with self._lock:
            self.retry += 1
            self.problem = problem
            if self.late and not self.muted:
                self.say(self.message())

    def stop(self) -> None:
        self._timer.cancel()


def _problem(response: Any, error: Exception | None) -> str:
    """What went wrong with one try, in a few words."""
    from urllib3 import exceptions as ux

    if response is not None:
        return f"HTTP {response.status}"
    if isinstance(error, ux.NameResolutionError):
        return "host not found"
    if isinstance(error, ux.NewConnectionError):  # a subclass of ConnectTimeoutError
        return "cannot connect"
    if isinstance(error, ux.ConnectTimeoutError):
        return "connection timed out"
    if isinstance(error, (ux.ReadTimeoutError, TimeoutError)):
        return "no answer"
    return "connection broken"


def _seconds(header: str) -> float | None:
    """A Retry-After value in seconds: a number, or an HTTP date."""
    import email.utils

    text = header.strip()
    if text.isdigit():
        return float(text)
    when = email.utils.parsedate_tz(text)
    return None if when is None else max(0.0, email.utils.mktime_tz(when) - time.time())


def _duration(seconds: float) -> str:
    if seconds >= 5400:
        return f"{seconds / 3600:.0f} hours"
    if seconds >= 120:
        return f"{seconds / 60:.0f} minutes"
    return f"{seconds:g} s"


class Fetcher:
    """The arXiv client and downloader for one run.

    `notify` receives the few things a user should hear while waiting (a long
    ``Retry-After``, a damaged cached PDF downloaded again); `waiting`, what a
    request that goes unanswered for a few seconds is waiting for.
    """

    def __init__(self, settings: Settings, notify: Notify | None = None,
                 waiting: Notify | None = None) -> None:
        self.settings = settings
        self.notify = notify or (lambda message: None)
        self.session = make_session(settings.timeout, settings.retries, settings.delay,
                                    self.notify, waiting)
        self._last_api: float | None = None

    @property
    def deadline(self) -> float:
        """Seconds one answer may take in all, however slowly it trickles in."""
        return DEADLINE * self.settings.timeout

    # -- metadata -----------------------------------------------------------------------

    def metadata(self, ids: Sequence[ArxivId]) -> dict[ArxivId, Metadata | ReplicateError]:
        """Look up all `ids`, ``BATCH`` per request; each maps to its metadata or its error.

        Ids missing from an answer are asked again (arXiv's empty-feed glitch)
        before they are called unknown. A network failure fails every id not yet
        answered; an entry arXiv garbled fails its own paper only.
        """
        wanted = list(dict.fromkeys(ids))
        found: dict[ArxivId, Metadata | ReplicateError] = {}
        down: NetworkError | None = None
        for start in range(0, len(wanted), BATCH):
            batch = wanted[start:start + BATCH]
            if down is not None:  # arXiv is unreachable: do not wait out every batch
                found.update(dict.fromkeys(batch, down))
                continue
            answers = self._batch(batch)
            found.update(answers)
            down = next((e for e in answers.values() if isinstance(e, NetworkError)), None)
        return {i: found[i] for i in wanted}

    def _batch(self, wanted: list[ArxivId]) -> dict[ArxivId, Metadata | ReplicateError]:
        found: dict[ArxivId, Metadata | ReplicateError] = {}
        pending = wanted
        for _ in range(EMPTY_FEED_RETRIES + 1):
            if not pending:
                break
            try:
                entries, broken = self._query(pending)
            except _Rejected:
                if len(pending) == 1:
                    found[pending[0]] = InvalidId(
                        f"arXiv rejected '{pending[0]}' as malformed; check the id."
                    )
                    pending = []
                    break
                # One malformed id spoils the batch: ask for each id on its own.
                for one in pending:
                    found.update(self._batch([one]))
                return {i: found[i] for i in wanted}
            except NetworkError as e:
                found.update(dict.fromkeys(pending, e))
                pending = []
                break
            latest: dict[str, Metadata] = {}
            for m in entries:
                if m.arxiv_id not in latest or m.version > latest[m.arxiv_id].version:
                    latest[m.arxiv_id] = m
            exact = {(m.arxiv_id, m.version): m for m in entries}
            for one in pending:
                match = (latest.get(one.id) if one.version is None
                         else exact.get((one.id, one.version)))
                if match is None and one.id in broken:
                    found[one] = broken[one.id]
                elif match is not None:
                    found[one] = match
            pending = [i for i in pending if i not in found]
        for one in pending:
            found[one] = PaperNotFound(
                f"arXiv has no paper {one}; check the id at https://arxiv.org/abs/{one}."
            )
        return {i: found[i] for i in wanted}

    def _query(self, ids: Sequence[ArxivId]) -> tuple[list[Metadata], dict[str, ReplicateError]]:
        """One API request: the entries read, and the ids whose entry could not be read."""
        entries, broken, _ = self._feed({"id_list": ",".join(i.versioned for i in ids),
                                         "start": "0", "max_results": str(len(ids))})
        return entries, broken

    def search(self, query: str, start: int = 0, max_results: int = 10
               ) -> tuple[list[Metadata], int]:
        """One page of arXiv's answer to `search_query` (most relevant first), and how
        many papers match in all."""
        try:
            entries, _, total = self._feed({"search_query": query, "start": str(start),
                                            "max_results": str(max_results),
                                            "sortBy": "relevance"})
        except _Rejected:
            raise BadValue(f"arXiv rejected the search '{query}'; check its field "
                           "prefixes (ti:, au:, abs:, cat:) and quotes.") from None
        return entries, total

    def _feed(self, params: dict[str, str]
              ) -> tuple[list[Metadata], dict[str, ReplicateError], int]:
        """One API request, after the delay since the last: the entries read, the ids
        whose entry could not be read, and the total the feed says matched."""
        url = self.settings.api_url
        if self._last_api is not None:
            wait = self.settings.delay - (time.monotonic() - self._last_api)
            if wait > 0:
                time.sleep(wait)
        try:
            status, ctype, body = self._get(url, params, "arXiv's answer", MAX_FEED_BYTES)
        finally:
            self._last_api = time.monotonic()
        if status == 400:
            raise _Rejected()
        if status in (404, 405, 410, 414) or (400 < status < 500 and status not in
                                             RETRY_STATUSES):
            hint = ("ask for fewer papers at once" if status == 414 else
                    "check REPLICATE_ARXIV_API_URL or [arxiv] api_url in replicate.toml")
            raise NetworkError(f"arXiv's API at {url} answered HTTP {status}; {hint}.")
        if status != 200:
            raise NetworkError(
                f"arXiv answered HTTP {status} after {self.settings.retries + 1} tries; "
                "try again in a few minutes."
            )
        head = body[:512].lstrip().lower()
        if "html" in ctype.lower() or head.startswith((b"<!doctype html", b"<html")):
            raise NetworkError(
                "arXiv answered with a web page instead of the API's feed (it may be down "
                "for maintenance); try again later."
            )
        try:
            root = ET.fromstring(body)
        except ET.ParseError as e:
            raise NetworkError(
                f"arXiv's answer could not be read ({e}); try again later."
            ) from e
        entries: list[Metadata] = []
        broken: dict[str, ReplicateError] = {}
        for entry in root.iter(f"{ATOM}entry"):
            try:
                m = _to_metadata(entry)
            except _BadEntry as e:
                broken[e.arxiv_id] = e
                continue
            if m is not None:
                entries.append(m)
        try:
            total = int(root.findtext(f"{OPENSEARCH}totalResults") or len(entries))
        except ValueError:
            total = len(entries)
        return entries, broken, total

    # -- downloads ----------------------------------------------------------------------

    def pdf(self, arxiv_id: str, version: int, progress: Progress | None = None) -> Path:
        """The PDF of `arxiv_id` version `version`, from the cache or downloaded into it.

        Only a whole PDF that pypdf opens is kept; a bad download is deleted, and
        so is a cached copy that went bad since (it is downloaded again).
        """
        from . import pdf as pdfmod

        target = cache.pdf_file(self.settings, arxiv_id, version)
        if target.is_file():
            try:
                pdfmod.validate(target, label=str(target))
                return target
            except BadPdf:
                target.unlink(missing_ok=True)
                self.notify(f"the cached PDF {target} was damaged; downloading it again")
        name = f"{arxiv_id}v{version}"
        url = f"{self.settings.pdf_url.rstrip('/')}/{name}"
        with cache.part_file(target) as (tmp, out):
            ctype = self._download(url, out, "PDF", name, progress, MAX_PDF_BYTES)
            if "html" in ctype.lower():
                raise BadPdf(
                    f"arXiv sent a web page instead of the PDF of {name} (it may still be "
                    "processing or be withdrawn); try again later."
                )
            out.flush()
            pdfmod.validate(tmp, label=f"the PDF of {name}")
            os.replace(tmp, target)
        return target

    def source(self, arxiv_id: str, version: int, out: IO[bytes]) -> bool:
        """Download the e-print (LaTeX source) of one version into `out`, as received.

        False when arXiv has none (HTTP 404). What came back is told by its bytes,
        not its headers: see `replicate.source`.
        """
        name = f"{arxiv_id}v{version}"
        url = f"{self.settings.source_url.rstrip('/')}/{name}"
        try:
            self._download(url, out, "source", name, None, MAX_SOURCE_BYTES)
        except PaperNotFound:
            return False
        out.flush()
        return True

    def _download(self, url: str, out: IO[bytes], kind: str, name: str,
                  progress: Progress | None, limit: int) -> str:
        """Stream `url` into `out`; return its Content-Type. A body cut off is asked again."""
        for attempt in range(self.settings.retries + 1):
            out.seek(0)
            out.truncate()
            try:
                return self._download_once(url, out, kind, name, progress, limit)
            except _CutOff:
                # urllib3 already retried the request itself; only a cut-off body is ours.
                if attempt == self.settings.retries:
                    raise
                time.sleep(max(self.settings.delay, 0.5 * 2**attempt))
        raise AssertionError("unreachable")

    def _download_once(self, url: str, out: IO[bytes], kind: str, name: str,
                       progress: Progress | None, limit: int) -> str:
        import requests

        what = f"the {kind} of {name}"
        started = time.monotonic()
        try:
            with self.session.get(url, stream=True) as r:
                if r.status_code == 404:
                    raise PaperNotFound(
                        f"arXiv has no {kind} for {name} at {url}; check the version.")
                if r.status_code != 200:
                    raise NetworkError(
                        f"downloading {what} failed with HTTP {r.status_code}; try again later."
                    )
                encoded = bool(r.headers.get("Content-Encoding"))
                total = None if encoded else int(r.headers.get("Content-Length") or 0) or None
                done = 0
                for chunk in self._body(r, url, what, started):
                    done += len(chunk)
                    if done > limit:
                        raise NetworkError(
                            f"{what} is larger than {limit >> 20} MiB; check the address "
                            f"{url}."
                        )
                    out.write(chunk)
                    if progress:
                        progress(done, total)
                if total is not None and done < total:
                    raise _CutOff(f"{what} stopped after {done} of {total} bytes; try again.")
                return r.headers.get("Content-Type", "")
        except requests.RequestException as e:
            raise NetworkError(_network_message(url, e, what)) from e

    def _get(self, url: str, params: dict[str, str], what: str,
             limit: int) -> tuple[int, str, bytes]:
        """A whole (small) answer: status, Content-Type and body, within the deadline."""
        import requests

        started = time.monotonic()
        try:
            with self.session.get(url, params=params, stream=True) as r:
                body = bytearray()
                for chunk in self._body(r, url, what, started):
                    body += chunk
                    if len(body) > limit:
                        raise NetworkError(f"{what} is larger than {limit >> 20} MiB; "
                                           f"check the address {url}.")
                return r.status_code, r.headers.get("Content-Type", ""), bytes(body)
        except _CutOff as e:
            raise NetworkError(str(e)) from e
        except requests.RequestException as e:
            raise NetworkError(_network_message(url, e, what)) from e

    def _body(self, r: requests.Response, url: str, what: str,
              started: float) -> Iterator[bytes]:
        """The body in chunks as they arrive (un-gzipped if sent so), by the deadline.

        `read1` returns whatever has arrived, so a server that trickles a byte at a
        time is caught by the deadline instead of holding the run for hours.
        """
        import urllib3

        while True:
            if time.monotonic() - started > self.deadline:
                raise NetworkError(
                    f"{_host(url)} sent {what} too slowly (not done after "
                    f"{_duration(self.deadline)}); try again later."
                )
            try:
                chunk = r.raw.read1(CHUNK, decode_content=True)
            except (urllib3.exceptions.HTTPError, OSError) as e:
                raise _CutOff(_network_message(url, e, what)) from e
            if not chunk:
                return
            yield chunk


class _CutOff(NetworkError):
    """The body of a download broke off mid-way: the one failure urllib3 does not retry."""


class _Rejected(Exception):
    """arXiv answered HTTP 400: an id it considers malformed."""


class _BadEntry(ReplicateError):
    """One entry of an API answer that cannot be read: its paper fails, not the batch."""

    def __init__(self, arxiv_id: str, message: str) -> None:
        super().__init__(message)
        self.arxiv_id = arxiv_id


def _host(url: str) -> str:
    return re.sub(r"^(https?://[^/]+).*$", r"\1", url)


def _network_message(url: str, e: Exception, what: str = "the answer") -> str:
    import requests
    import urllib3

    host = _host(url)
    if isinstance(e, requests.Timeout) or "timed out" in str(e).lower():
        return f"{host} did not answer in time, even after retries; try again later."
    if isinstance(e, (requests.exceptions.ChunkedEncodingError, urllib3.exceptions.HTTPError)):
        return f"the connection to {host} broke off while sending {what}; try again."
    return f"cannot reach {host} ({type(e).__name__}); check your connection and try again."


def _to_metadata(entry: ET.Element) -> Metadata | None:
    """One ``<entry>`` as `Metadata`; None for error entries ('incorrect id format')."""
    entry_id = entry.findtext(f"{ATOM}id") or ""
    if "/api/errors" in entry_id:
        return None
    m = re.search(r"/abs/(.+)$", entry_id.strip())
    try:
        parsed = parse(m[1]) if m else None
    except InvalidId:
        parsed = None
    if parsed is None:
        return None

    def date(tag: str) -> str:
        text = (entry.findtext(f"{ATOM}{tag}") or "").strip()
        if not text:
            return ""
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise _BadEntry(parsed.id, f"arXiv's entry for {parsed} has a malformed {tag} "
                            f"date ({text[:40]!r}); try again later.") from None
        when = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
        return when.astimezone(timezone.utc).isoformat()

    primary = entry.find(f"{ARXIV_NS}primary_category")
    return Metadata(
        arxiv_id=parsed.id,
        version=parsed.version or 1,
        title=_collapse(entry.findtext(f"{ATOM}title")),
        authors=[_collapse(a.findtext(f"{ATOM}name")) for a in entry.iter(f"{ATOM}author")],
        abstract=_paragraphs(entry.findtext(f"{ATOM}summary")),
        published=date("published"),
        updated=date("updated"),
        primary_category=(primary.get("term") or "") if primary is not None else "",
        categories=[c.get("term") or "" for c in entry.iter(f"{ATOM}category") if c.get("term")],
        doi=_collapse(entry.findtext(f"{ARXIV_NS}doi")) or None,
        journal_ref=_collapse(entry.findtext(f"{ARXIV_NS}journal_ref")) or None,
        comment=_collapse(entry.findtext(f"{ARXIV_NS}comment")) or None,
    )
