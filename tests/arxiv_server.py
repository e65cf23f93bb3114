"""A loopback imitation of arXiv: the Atom API and PDF downloads, with faults on demand.

Feeds follow the format of arXiv's real answers (see ../shared/corpus/api/): unknown
ids are simply absent, a malformed id gets HTTP 400 with an error feed.
"""

from __future__ import annotations

import http.server
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit
from xml.sax.saxutils import escape, quoteattr

NEW_ID = re.compile(r"^\d{4}\.\d{4,5}$")
OLD_ID = re.compile(r"^[a-z]+(-[a-z]+)?(\.[A-Z]{2})?/\d{7}$")
VERSIONED = re.compile(r"^(?P<id>.+?)(?:v(?P<v>\d+))?$")


@dataclass
class Entry:
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


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    at: float


@dataclass
class _Fault:
    kind: str
    opts: dict[str, Any] = field(default_factory=dict)


class ArxivServer:
    """Start with `with ArxivServer() as server:`; `api_url` and `pdf_url` point at it."""

    def __init__(self) -> None:
        self.papers: dict[str, list[Entry]] = {}
        self.raw_feeds: dict[str, tuple[int, bytes]] = {}
        self.faults: dict[str, list[_Fault]] = {"api": [], "pdf": []}
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._arrived = threading.Condition()
        self._httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        port = self._httpd.server_address[1]
        self.base = f"http://127.0.0.1:{port}"
        self.api_url = f"{self.base}/api/query"
        self.pdf_url = f"{self.base}/pdf"

    def __enter__(self) -> ArxivServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._stop.set()
        self._httpd.shutdown()
        self._httpd.server_close()

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
    ) -> None:
        """Serve `arxiv_id` version `version` (and, unless added, all earlier versions)."""
        entry = Entry(arxiv_id, version, title, authors or ["A. Author"], abstract, published,
                      updated or published, primary_category,
                      categories or [primary_category], comment, journal_ref, doi, pdf)
        with self._lock:
            versions = self.papers.setdefault(arxiv_id, [])
            versions[:] = [e for e in versions if e.version != version] + [entry]
            versions.sort(key=lambda e: e.version)

    def add_raw_feed(self, id_list: str, body: bytes, status: int = 200) -> None:
        """Answer a request whose id_list is exactly `id_list` with a recorded feed."""
        self.raw_feeds[id_list] = (status, body)

    def fail(self, route: str, kind: str, times: int = 1, **opts: Any) -> None:
        """The next `times` requests to `route` ("api" or "pdf") fail with `kind`."""
        with self._lock:
            self.faults[route].extend(_Fault(kind, opts) for _ in range(times))

    def wait_for(self, prefix: str, timeout: float = 10.0) -> bool:
        """Block until a request whose path starts with `prefix` has arrived."""
        with self._arrived:
            return self._arrived.wait_for(
                lambda: any(r.path.startswith(prefix) for r in self.requests), timeout)

    def api_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.startswith("/api/")]

    def pdf_requests(self) -> list[Request]:
        return [r for r in self.requests if r.path.startswith("/pdf/")]

    # -- answers --------------------------------------------------------------------------

    def _lookup(self, wanted: str) -> Entry | None:
        m = VERSIONED.match(wanted)
        assert m
        versions = self.papers.get(m["id"]) or self.papers.get(_drop_subject(m["id"]))
        if not versions:
            return None
        if m["v"] is None:
            return versions[-1]
        return next((e for e in versions if e.version == int(m["v"])), None)

    def feed(self, id_list: list[str]) -> tuple[int, bytes]:
        for raw in id_list:
            base = VERSIONED.match(raw)["id"]  # type: ignore[index]
            if not (NEW_ID.match(base) or OLD_ID.match(base)):
                return 400, error_feed(raw)
        entries = [e for e in (self._lookup(i) for i in id_list) if e is not None]
        return 200, atom_feed(entries, ",".join(id_list))

    def _handler(self) -> type[http.server.BaseHTTPRequestHandler]:
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's naming
                parts = urlsplit(self.path)
                query = parse_qs(parts.query)
                with server._lock:
                    server.requests.append(Request("GET", parts.path, query, time.monotonic()))
                with server._arrived:
                    server._arrived.notify_all()
                route = "api" if parts.path.startswith("/api/") else "pdf"
                with server._lock:
                    fault = server.faults[route].pop(0) if server.faults[route] else None
                if parts.path.startswith("/api/query"):
                    self.api(query, fault)
                elif parts.path.startswith("/pdf/"):
                    self.pdf(parts.path[len("/pdf/"):], fault)
                else:
                    self.send(404, b"not found", "text/plain")

            def api(self, query: dict[str, list[str]], fault: _Fault | None) -> None:
                id_list = [i for i in ",".join(query.get("id_list", [""])).split(",") if i]
                if self.common_fault(fault):
                    return
                if fault and fault.kind == "empty":
                    self.send(200, atom_feed([], ",".join(id_list)), "application/atom+xml")
                    return
                key = ",".join(id_list)
                if key in server.raw_feeds:
                    status, body = server.raw_feeds[key]
                else:
                    status, body = server.feed(id_list)
                self.send(status, body, "application/atom+xml; charset=utf-8")

            def pdf(self, name: str, fault: _Fault | None) -> None:
                if self.common_fault(fault):
                    return
                entry = server._lookup(name)
                if entry is None or entry.pdf is None or VERSIONED.match(name)["v"] is None:
                    self.send(404, b"<html><body>Not found</body></html>", "text/html")
                    return
                body = entry.pdf
                if fault and fault.kind == "html":
                    self.send(200, b"<!DOCTYPE html><html><body>Please wait</body></html>",
                              "text/html; charset=utf-8")
                elif fault and fault.kind == "truncated":
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

            def common_fault(self, fault: _Fault | None) -> bool:
                """Faults any route may show; True when the answer has been given."""
                if fault is None:
                    return False
                if fault.kind in ("429", "403", "500", "503"):
                    headers = {}
                    if fault.kind in ("429", "503"):
                        headers["Retry-After"] = str(fault.opts.get("retry_after", "0"))
                    self.send(int(fault.kind), b"<html>busy</html>", "text/html", headers)
                    return True
                if fault.kind == "reset":
                    self.close_connection = True
                    self.connection.close()
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
                self.wfile.write(body)

        return Handler


def _drop_subject(arxiv_id: str) -> str:
    return re.sub(r"^([a-z-]+)\.[A-Z]{2}/", r"\1/", arxiv_id)


def atom_feed(entries: list[Entry], id_list: str) -> bytes:
    items = "".join(_entry_xml(e) for e in entries)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" '
        'xmlns:arxiv="http://arxiv.org/schemas/atom">\n'
        f"  <id>https://arxiv.org/api/loopback</id>\n"
        f"  <title>arXiv Query: search_query=&amp;id_list={escape(id_list)}</title>\n"
        "  <updated>2024-11-10T00:00:00Z</updated>\n"
        f"  <opensearch:itemsPerPage>{max(len(entries), 1)}</opensearch:itemsPerPage>\n"
        f"  <opensearch:totalResults>{len(entries)}</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        f"{items}</feed>\n"
    ).encode()


def _entry_xml(e: Entry) -> str:
    vid = f"{e.arxiv_id}v{e.version}"
    authors = "".join(f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n"
                      for a in e.authors)
    optional = ""
    if e.doi:
        optional += f"    <arxiv:doi>{escape(e.doi)}</arxiv:doi>\n"
        optional += (f'    <link title="doi" href={quoteattr("https://doi.org/" + e.doi)} '
                     'rel="related"/>\n')
    if e.comment:
        optional += f"    <arxiv:comment>{escape(e.comment)}</arxiv:comment>\n"
    if e.journal_ref:
        optional += f"    <arxiv:journal_ref>{escape(e.journal_ref)}</arxiv:journal_ref>\n"
    cats = "".join(f'    <category term={quoteattr(c)} scheme="http://arxiv.org/schemas/atom"/>\n'
                   for c in e.categories)
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{vid}</id>\n"
        f"    <updated>{e.updated}</updated>\n"
        f"    <published>{e.published}</published>\n"
        f"    <title>{escape(e.title)}</title>\n"
        f"    <summary>  {escape(e.abstract)}\n</summary>\n"
        f"{authors}{optional}"
        f'    <link href="http://arxiv.org/abs/{vid}" rel="alternate" type="text/html"/>\n'
        f'    <link title="pdf" href="http://arxiv.org/pdf/{vid}" rel="related" '
        'type="application/pdf"/>\n'
        f'    <arxiv:primary_category term={quoteattr(e.primary_category)} '
        'scheme="http://arxiv.org/schemas/atom"/>\n'
        f"{cats}  </entry>\n"
    )


def error_feed(bad_id: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" '
        'xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">\n'
        "  <id>https://arxiv.org/</id>\n  <title>arXiv Search Results</title>\n"
        "  <updated>2024-11-10T00:00:00Z</updated>\n"
        "  <opensearch:itemsPerPage>1</opensearch:itemsPerPage>\n"
        "  <opensearch:totalResults>1</opensearch:totalResults>\n"
        "  <opensearch:startIndex>0</opensearch:startIndex>\n"
        "  <entry>\n"
        f"    <id>https://arxiv.org/api/errors#incorrect_id_format_for_{escape(bad_id)}</id>\n"
        "    <title>Error</title>\n"
        f"    <summary>incorrect id format for {escape(bad_id)}</summary>\n"
        "    <author>\n      <name>arXiv api core</name>\n    </author>\n"
        "  </entry>\n</feed>\n"
    ).encode()
