"""A loopback imitation of arXiv: the Atom API, PDFs and e-prints, with faults on demand.

Feeds follow the format of arXiv's current answers (see ../shared/corpus/api/):
namespaces declared once on ``<feed>``, entry ids ``http://arxiv.org/abs/IDvN``,
unknown ids simply absent (an empty feed has totalResults 0), and a malformed id
answered with HTTP 400 and an error feed.

    with ArxivServer() as server:
        server.add_paper("1706.03762", 5, title="Attention Is All You Need", pdf=pdf_bytes,
                         source=tar_gz_bytes)        # the e-print, served as given
        server.fail("api", "503", retry_after="1")   # the next API request is refused once
        ...                                          # point REPLICATE_ARXIV_* at server.api_url
        server.api_requests()                        # what was asked, with arrival times

Searches (``search_query``) are answered from the papers added: ``field:word`` terms
joined by AND, OR and ANDNOT, paged by ``start`` and ``max_results`` (see `search`).

E-prints are served at ``/e-print/IDvN`` with the bytes, Content-Type and
Content-Encoding given to `add_paper` (the tests build every form: gzipped tar,
gzipped single .tex, ``x-eprint-tar`` with ``Content-Encoding: x-gzip``, a PDF).

Fault kinds (`fail(route, kind, times=1, **opts)`, consumed in arrival order per route;
routes ``"api"``, ``"pdf"`` and ``"source"``; with ``path="1512.03385"`` a fault waits
for a request whose path holds that text):
``"429"``/``"503"`` (``Retry-After: retry_after``, default ``"0"``; ``None`` omits it),
``"403"``, ``"500"``, ``"reset"`` (connection closed with a TCP reset, no answer),
``"stall"`` (request read, then silence until the server closes or ``seconds`` pass),
``"empty"`` (API: HTTP 200 empty feed), ``"html"`` (HTTP 200 web page; ``content_type``
may disguise it as a PDF), ``"truncated"`` (PDF: first half, matching Content-Length) and
``"short-read"`` (PDF: full Content-Length, half the bytes, then the connection closes),
``"404"``/``"414"`` (that status with a web page), ``"trickle"`` (the normal answer,
one byte every ``every`` seconds, default 0.1) and ``"slow-head"`` (a status line and a
header that never end, a byte every ``every`` seconds).
"""

from __future__ import annotations

import base64
import hashlib
import http.server
import re
import socket
import struct
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit
from xml.sax.saxutils import escape, quoteattr

NEW_ID = re.compile(r"^\d{4}\.\d{4,5}$")
OLD_ID = re.compile(r"^[a-z]+(-[a-z]+)?(\.[A-Z]{2})?/\d{7}$")
VERSIONED = re.compile(r"^(?P<id>.+?)(?:v(?P<v>\d+))?$")

ROUTES = ("api", "pdf", "source")
KINDS = ("429", "503", "403", "500", "404", "414", "reset", "stall", "empty", "html",
         "truncated", "short-read", "trickle", "slow-head")
_PDF_ONLY = ("truncated", "short-read")
NAMESPACES = ('xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
              'xmlns:arxiv="http://arxiv.org/schemas/atom" '
              'xmlns="http://www.w3.org/2005/Atom"')
SCHEME = "http://arxiv.org/schemas/atom"
BUSY_PAGE = b"<!DOCTYPE html><html><body><h1>Rate exceeded.</h1></body></html>"
WAIT_PAGE = (b"<!DOCTYPE html><html><head><title>arXiv</title></head><body>"
             b"<p>The PDF is being generated; please wait.</p></body></html>")
NOT_FOUND_PAGE = b"<!DOCTYPE html><html><body><h1>Not Found</h1></body></html>"


@dataclass
class Entry:
    """One version of one paper, as the API describes it."""

    arxiv_id: str
    version: int
    title: str
    authors: list[str]
    abstract: str
    published: str
    updated: str
    primary_category: str
    categories: list[str]
    comment: str | None = None
    journal_ref: str | None = None
    doi: str | None = None
    pdf: bytes | None = None
    source: bytes | None = None
    source_type: str = "application/gzip"
    source_encoding: str | None = None


@dataclass
class Request:
    """One request as the server saw it: `at` is its `time.monotonic()` arrival time."""

    method: str
    path: str
    query: dict[str, list[str]]
    at: float
    fault: str | None = None  # the fault kind this request was answered with, if any


@dataclass
class _Fault:
    kind: str
    opts: dict[str, Any] = field(default_factory=dict)


class ArxivServer:
    """Start with `with ArxivServer() as server:`; its `api_url`, `pdf_url`, `source_url`."""

    def __init__(self) -> None:
        self.papers: dict[str, list[Entry]] = {}
        self.raw_feeds: dict[str, tuple[int, bytes]] = {}
        self.faults: dict[str, list[_Fault]] = {route: [] for route in ROUTES}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._arrived = threading.Condition()
        self._httpd = _Server(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._httpd.serve_forever,
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        port = self._httpd.server_address[1]
        self.base = f"http://127.0.0.1:{port}"
        self.api_url = f"{self.base}/api/query"
        self.pdf_url = f"{self.base}/pdf"
        self.source_url = f"{self.base}/e-print"

    def __enter__(self) -> ArxivServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Release stalled requests and stop serving; returns promptly."""
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    # -- content --------------------------------------------------------------------------

    def add_paper(
        self,
        arxiv_id: str,
        version: int = 1,
        *,
        title: str = "A Paper",
        authors: list[str] | None = None,
        abstract: str = "An abstract.",
        comment: str | None = None,
        journal_ref: str | None = None,
        doi: str | None = None,
        primary_category: str = "cs.LG",
        categories: list[str] | None = None,
        published: str = "2017-06-12T17:57:34Z",
        updated: str | None = None,
        pdf: bytes | None = None,
        source: bytes | None = None,
        source_type: str = "application/gzip",
        source_encoding: str | None = None,
    ) -> None:
        """Serve version `version` of `arxiv_id` (replacing that version if already served).

        Unversioned lookups answer with the highest version added; ``IDvN`` answers
        with version N only if it was added. Without `pdf`, the PDF route says 404;
        without `source`, so does the e-print route. `source` is sent as given, with
        `source_type` and, if set, ``Content-Encoding: source_encoding``.
        """
        entry = Entry(arxiv_id, version, title, list(authors or ["A. Author"]), abstract,
                      published, updated or published, primary_category,
                      list(categories or [primary_category]), comment, journal_ref, doi, pdf,
                      source, source_type, source_encoding)
        with self._lock:
            versions = self.papers.setdefault(arxiv_id, [])
            versions[:] = [e for e in versions if e.version != version] + [entry]
            versions.sort(key=lambda e: e.version)

    def add_raw_feed(self, id_list: str, body: bytes, status: int = 200) -> None:
        """Answer API requests whose id_list is exactly `id_list` with `body` (a recorded feed)."""
        with self._lock:
            self.raw_feeds[id_list] = (status, body)

    def fail(self, route: str, kind: str, times: int = 1, **opts: Any) -> None:
        """The next `times` requests to `route` ("api", "pdf" or "source") fail with `kind`."""
        if route not in ROUTES:
            raise ValueError(f"route must be one of {ROUTES}, not {route!r}")
        if kind not in KINDS or (route != "pdf" and kind in _PDF_ONLY) or (
                route != "api" and kind == "empty"):
            raise ValueError(f"no fault {kind!r} for route {route!r}")
        with self._lock:
            self.faults[route].extend(_Fault(kind, dict(opts)) for _ in range(times))

    def wait_for(self, prefix: str, timeout: float = 10.0) -> bool:
        """Block until a request whose path starts with `prefix` has arrived."""
        with self._arrived:
            return self._arrived.wait_for(
                lambda: any(r.path.startswith(prefix) for r in self.requests), timeout)

    def api_requests(self) -> list[Request]:
        """The API requests so far, in arrival order."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith("/api/")]

    def pdf_requests(self) -> list[Request]:
        """The PDF requests so far, in arrival order."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith("/pdf/")]

    def source_requests(self) -> list[Request]:
        """The e-print requests so far, in arrival order."""
        with self._lock:
            return [r for r in self.requests if r.path.startswith("/e-print/")]

    # -- answers --------------------------------------------------------------------------

    def _lookup(self, wanted: str) -> Entry | None:
        m = VERSIONED.match(wanted)
        assert m
        with self._lock:
            versions = self.papers.get(m["id"]) or self.papers.get(_drop_subject(m["id"]))
            if not versions:
                return None
            if m["v"] is None:
                return versions[-1]
            return next((e for e in versions if e.version == int(m["v"])), None)

    def feed(self, id_list: list[str], start: int = 0, max_results: int = 10) -> tuple[int, bytes]:
        """Status and body of arXiv's answer to `id_list` (one page of it)."""
        for raw in id_list:
            base = VERSIONED.match(raw)["id"]  # type: ignore[index]
            if not (NEW_ID.match(base) or OLD_ID.match(base)):
                return 400, error_feed(raw)
        entries = [e for e in (self._lookup(i) for i in id_list) if e is not None]
        page = entries[start:start + max_results]
        return 200, atom_feed(page, ",".join(id_list), start=start, max_results=max_results,
                              total=len(entries))

    def search(self, search_query: str, start: int = 0, max_results: int = 10
               ) -> tuple[int, bytes]:
        """Status and body of arXiv's answer to `search_query` (one page of it).

        Terms are ``field:word`` or ``field:"a phrase"`` (``ti``, ``au``, ``abs``, ``cat``,
        ``all``) joined by AND, OR and ANDNOT, read left to right (parentheses are
        ignored); a term matches when each of its words is a word of the field. Papers
        come in the order they were added, latest version of each.
        """
        with self._lock:
            papers = [versions[-1] for versions in self.papers.values()]
        found = [e for e in papers if _matches(e, search_query)]
        page = found[start:start + max_results]
        return 200, atom_feed(page, "", start=start, max_results=max_results,
                              total=len(found), search_query=search_query)

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # headers and body in two writes: no 40 ms stall

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                parts = urlsplit(self.path)
                query = parse_qs(parts.query, keep_blank_values=True)
                route = ("api" if parts.path.startswith("/api/") else
                         "source" if parts.path.startswith("/e-print/") else "pdf")
                with server._lock:
                    queue = server.faults[route]
                    index = next((n for n, f in enumerate(queue)
                                  if f.opts.get("path", parts.path) in parts.path), None)
                    fault = queue.pop(index) if index is not None else None
                    server.requests.append(Request("GET", parts.path, query, time.monotonic(),
                                                   fault.kind if fault else None))
                with server._arrived:
                    server._arrived.notify_all()
                self.fault = fault
                if parts.path == "/api/query":
                    self.api(query, fault)
                elif parts.path.startswith("/pdf/"):
                    self.pdf(parts.path[len("/pdf/"):], fault)
                elif parts.path.startswith("/e-print/"):
                    self.eprint(parts.path[len("/e-print/"):], fault)
                else:
                    self.send(404, NOT_FOUND_PAGE, "text/html; charset=utf-8")

            def api(self, query: dict[str, list[str]], fault: _Fault | None) -> None:
                id_list = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
                start = _int(query, "start", 0)
                max_results = _int(query, "max_results", 10)
                if self.common_fault(fault):
                    return
                if fault and fault.kind == "empty":
                    body = atom_feed([], ",".join(id_list), start=start, max_results=max_results)
                    self.send(200, body, "application/atom+xml; charset=utf-8")
                    return
                key = ",".join(id_list)
                with server._lock:
                    raw = server.raw_feeds.get(key)
                if raw is not None:
                    status, body = raw
                elif query.get("search_query", [""])[0].strip():
                    status, body = server.search(query["search_query"][0], start, max_results)
                else:
                    status, body = server.feed(id_list, start, max_results)
                self.send(status, body, "application/atom+xml; charset=utf-8")

            def pdf(self, name: str, fault: _Fault | None) -> None:
                if self.common_fault(fault):
                    return
                entry = server._lookup(name)
                if entry is None or entry.pdf is None or VERSIONED.match(name)["v"] is None:
                    self.send(404, NOT_FOUND_PAGE, "text/html; charset=utf-8")
                    return
                body = entry.pdf
                if fault and fault.kind == "truncated":
                    self.send(200, body[: len(body) // 2], "application/pdf")
                elif fault and fault.kind == "short-read":
                    self.send_response(200)
                    self.send_header("Content-Type", "application/pdf")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                else:
                    self.send(200, body, "application/pdf")

            def eprint(self, name: str, fault: _Fault | None) -> None:
                if self.common_fault(fault):
                    return
                entry = server._lookup(name)
                if entry is None or entry.source is None or VERSIONED.match(name)["v"] is None:
                    self.send(404, NOT_FOUND_PAGE, "text/html; charset=utf-8")
                    return
                headers = {}
                if entry.source_encoding:
                    headers["Content-Encoding"] = entry.source_encoding
                self.send(200, entry.source, entry.source_type, headers)

            def common_fault(self, fault: _Fault | None) -> bool:
                """Faults any route may show; True when the answer has been given."""
                if fault is None:
                    return False
                if fault.kind in ("404", "414"):
                    self.send(int(fault.kind), NOT_FOUND_PAGE, "text/html; charset=utf-8")
                    return True
                if fault.kind in ("429", "403", "500", "503"):
                    headers = {}
                    retry_after = fault.opts.get("retry_after", "0")
                    if fault.kind in ("429", "503") and retry_after is not None:
                        headers["Retry-After"] = str(retry_after)
                    self.send(int(fault.kind), BUSY_PAGE, "text/html; charset=utf-8", headers)
                    return True
                if fault.kind == "html":
                    ctype = fault.opts.get("content_type", "text/html; charset=utf-8")
                    self.send(200, WAIT_PAGE, ctype)
                    return True
                if fault.kind == "reset":
                    # SO_LINGER 0: close() sends a TCP reset instead of an orderly goodbye.
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                               struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.connection.close()
                    return True
                if fault.kind == "slow-head":
                    head = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"." * 100_000
                    for i in range(len(head)):
                        try:
                            self.wfile.write(head[i:i + 1])
                            self.wfile.flush()
                        except OSError:
                            break
                        if server._stop.wait(fault.opts.get("every", 0.1)):
                            break
                    self.close_connection = True
                    return True
                if fault.kind == "stall":
                    server._stop.wait(fault.opts.get("seconds", 30))
                    self.close_connection = True
                    return True
                return False

            def send(self, status: int, body: bytes, ctype: str,
                     headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                fault = getattr(self, "fault", None)
                if fault is None or fault.kind != "trickle":
                    self.wfile.write(body)
                    return
                every = fault.opts.get("every", 0.1)
                for i in range(len(body)):
                    self.wfile.write(body[i:i + 1])
                    self.wfile.flush()
                    if server._stop.wait(every):
                        break
                self.close_connection = True

        return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients that hang up (as they do on timeouts) are normal here, not noise."""
        import sys

        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


def _int(query: dict[str, list[str]], name: str, default: int) -> int:
    try:
        return int(query[name][0])
    except (KeyError, IndexError, ValueError):
        return default


_TERM = re.compile(r'(\w+):("[^"]*"?|[^\s()"]+)|\b(AND|OR|ANDNOT)\b')


def _field_text(e: Entry, name: str) -> str:
    fields = {"ti": e.title, "au": " ".join(e.authors), "abs": e.abstract,
              "cat": " ".join(e.categories)}
    return fields.get(name) or " ".join(fields.values())


def _matches(e: Entry, search_query: str) -> bool:
    result: bool | None = None
    operator = "AND"
    for m in _TERM.finditer(search_query):
        if m[3]:
            operator = m[3]
            continue
        have = set(re.findall(r"[\w.]+", _field_text(e, m[1]).lower()))
        wanted = re.findall(r"[\w.]+", m[2].strip('"').lower())
        hit = bool(wanted) and all(w in have for w in wanted)
        if result is None:
            result = hit
        elif operator == "AND":
            result = result and hit
        elif operator == "OR":
            result = result or hit
        else:
            result = result and not hit
        operator = "AND"
    return bool(result)


def _drop_subject(arxiv_id: str) -> str:
    return re.sub(r"^([a-z-]+)\.[A-Z]{2}/", r"\1/", arxiv_id)


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def atom_feed(entries: list[Entry], id_list: str, *, start: int = 0, max_results: int = 10,
              total: int | None = None, search_query: str = "") -> bytes:
    """An arXiv API answer listing `entries` for a request for `id_list` (or a search)."""
    query = (f"search_query={search_query}&id_list={id_list}&start={start}"
             f"&max_results={max_results}")
    link = "https://arxiv.org/api/query?" + urlencode(
        {"search_query": search_query, "start": start, "max_results": max_results,
         "id_list": id_list}, safe="/,")
    feed_id = base64.b64encode(hashlib.sha1(query.encode()).digest()).decode().rstrip("=")
    items = "".join(_entry_xml(e) for e in entries)
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<feed {NAMESPACES}>\n"
        f"  <id>https://arxiv.org/api/{feed_id}</id>\n"
        f"  <title>arXiv Query: {escape(query)}</title>\n"
        f"  <updated>{_now()}</updated>\n"
        f'  <link href={quoteattr(link)} type="application/atom+xml"/>\n'
        f"  <opensearch:itemsPerPage>{max_results}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(entries) if total is None else total}"
        "</opensearch:totalResults>\n"
        f"  <opensearch:startIndex>{start}</opensearch:startIndex>\n"
        f"{items}</feed>\n"
    ).encode()


def _entry_xml(e: Entry) -> str:
    """One ``<entry>``, children in the order arXiv's current API writes them."""
    vid = f"{e.arxiv_id}v{e.version}"
    cats = "".join(f"    <category term={quoteattr(c)} scheme={quoteattr(SCHEME)}/>\n"
                   for c in e.categories)
    comment = (f"    <arxiv:comment>{escape(e.comment)}</arxiv:comment>\n"
               if e.comment else "")
    journal = (f"    <arxiv:journal_ref>{escape(e.journal_ref)}</arxiv:journal_ref>\n"
               if e.journal_ref else "")
    authors = "".join(f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n"
                      for a in e.authors)
    doi = ""
    if e.doi:
        doi = (f"    <arxiv:doi>{escape(e.doi)}</arxiv:doi>\n"
               f'    <link rel="related" href={quoteattr("https://doi.org/" + e.doi)} '
               'title="doi"/>\n')
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{vid}</id>\n"
        f"    <title>{escape(e.title)}</title>\n"
        f"    <updated>{e.updated}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{vid}" rel="related" type="application/pdf" '
        'title="pdf"/>\n'
        f"    <summary>{escape(e.abstract)}</summary>\n"
        f"{cats}"
        f"    <published>{e.published}</published>\n"
        f"{comment}"
        f"    <arxiv:primary_category term={quoteattr(e.primary_category)}/>\n"
        f"{journal}{authors}{doi}"
        "  </entry>\n"
    )


def error_feed(bad_id: str) -> bytes:
    """arXiv's HTTP 400 answer to an id_list holding the malformed id `bad_id`."""
    when = _now()
    error_id = f"https://arxiv.org/api/errors#incorrect_id_format_for_{bad_id}"
    return (
        "<?xml version='1.0' encoding='UTF-8'?>\n"
        f"<feed {NAMESPACES}>\n"
        "  <id>https://arxiv.org/</id>\n"
        "  <title>arXiv Search Results</title>\n"
        f"  <updated>{when}</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        "  <entry>\n"
        f"    <id>{escape(error_id)}</id>\n"
        "    <title>Error</title>\n"
        f"    <updated>{when}</updated>\n"
        f'    <link href={quoteattr(error_id)} rel="alternate" type="text/html"/>\n'
        f"    <summary>incorrect id format for {escape(bad_id)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
        "  </entry>\n"
        "</feed>\n"
    ).encode()
