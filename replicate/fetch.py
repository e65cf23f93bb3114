"""Talk to arXiv: metadata through the `arxiv` client, PDFs through `requests`.

One `Fetcher` per run, so arXiv's rate limit (one API request every few
seconds) holds across a whole batch. Every request has a timeout; failed
requests are retried with backoff that never undercuts the rate limit and
honours ``Retry-After``.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__
from .errors import BadPdf, InvalidId, NetworkError, PaperNotFound, ReplicateError
from .ids import ArxivId, parse
from .record import Metadata

if TYPE_CHECKING:
    import requests

    from .settings import Settings

USER_AGENT = f"replicate/{__version__} (paper-replication workbench)"
RETRY_STATUSES = (403, 429, 500, 502, 503, 504)
MAX_RETRY_AFTER = 120.0  # seconds; a longer Retry-After is capped rather than obeyed
EMPTY_FEED_RETRIES = 2  # arXiv sometimes answers a valid id_list with an empty feed

Progress = Callable[[int, "int | None"], None]


def _collapse(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


def _paragraphs(text: str | None) -> str:
    """arXiv wraps abstracts at 80 columns; keep blank-line paragraphs, join the rest."""
    parts = re.split(r"\n\s*\n", (text or "").strip())
    return "\n\n".join(_collapse(p) for p in parts if p.strip())


def make_session(timeout: float, retries: int, delay: float) -> requests.Session:
    """A requests session whose every request has `timeout` and retries with backoff."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.util.retry import Retry

    class _Retry(Retry):
        # A retry is a new request to arXiv: never sooner than the rate limit allows.
        def get_backoff_time(self) -> float:
            return max(float(delay), super().get_backoff_time())

    class _Session(requests.Session):
        def request(self, method: str, url: str, *args: Any, **kwargs: Any):  # type: ignore[override]
            kwargs.setdefault("timeout", timeout)
            return super().request(method, url, *args, **kwargs)

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
        retry_after_max=MAX_RETRY_AFTER,
        raise_on_status=False,
    )
    session = _Session()
    adapter = HTTPAdapter(max_retries=retry)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    session.headers["User-Agent"] = USER_AGENT
    return session


class Fetcher:
    """The arXiv client and PDF downloader for one run."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.session = make_session(settings.timeout, settings.retries, settings.delay)
        self._client: Any = None

    @property
    def client(self):  # -> arxiv.Client
        if self._client is None:
            import arxiv

            client = arxiv.Client(page_size=100, delay_seconds=self.settings.delay, num_retries=0)
            client.query_url_format = self.settings.api_url + "?{}"
            # The arxiv client makes its own session with no timeout; use ours.
            client._session = self.session
            self._client = client
        return self._client

    def metadata(self, ids: Sequence[ArxivId]) -> dict[ArxivId, Metadata | ReplicateError]:
        """Look up all `ids` in one API request; each maps to its metadata or its error.

        Ids missing from the answer are asked again (arXiv's empty-feed glitch)
        before they are called unknown. A network failure fails every id.
        """
        wanted = list(dict.fromkeys(ids))
        found: dict[ArxivId, Metadata | ReplicateError] = {}
        pending = wanted
        for _ in range(EMPTY_FEED_RETRIES + 1):
            if not pending:
                break
            try:
                results = self._query(pending)
            except _Rejected:
                if len(pending) == 1:
                    found[pending[0]] = InvalidId(
                        f"arXiv rejected '{pending[0]}' as malformed; check the id."
                    )
                    pending = []
                    break
                # One malformed id spoils the batch: ask for each id on its own.
                for one in pending:
                    found.update(self.metadata([one]))
                return {i: found[i] for i in wanted}
            except NetworkError as e:
                for one in pending:
                    found[one] = e
                pending = []
                break
            for one in pending:
                match = _match(one, results)
                if match is not None:
                    found[one] = match
            pending = [i for i in pending if i not in found]
        for one in pending:
            found[one] = PaperNotFound(
                f"arXiv has no paper {one}; check the id at https://arxiv.org/abs/{one}."
            )
        return {i: found[i] for i in wanted}

    def _query(self, ids: Sequence[ArxivId]) -> list[Metadata]:
        import arxiv
        import requests

        search = arxiv.Search(id_list=[i.versioned for i in ids], max_results=len(ids))
        try:
            # results() is lazy: the request happens while iterating.
            return [m for m in (_to_metadata(r) for r in self.client.results(search)) if m]
        except arxiv.HTTPError as e:
            if e.status == 400:
                raise _Rejected() from e
            raise NetworkError(
                f"arXiv answered HTTP {e.status} after {self.settings.retries + 1} tries; "
                "try again in a few minutes."
            ) from e
        except requests.RequestException as e:
            raise NetworkError(_network_message(self.settings.api_url, e)) from e
        except arxiv.ArxivError as e:
            raise NetworkError(f"arXiv's answer could not be used ({e}); try again later.") from e

    def pdf(self, arxiv_id: str, version: int, progress: Progress | None = None) -> Path:
        """The PDF of `arxiv_id` version `version`, from the cache or downloaded into it.

        Only a whole PDF that pypdf opens is kept; a bad download is deleted.
        """
        from . import pdf as pdfmod

        slug = arxiv_id.replace("/", "_")
        target = self.settings.cache_dir / "pdf" / f"{slug}v{version}.pdf"
        if target.is_file():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        name = f"{arxiv_id}v{version}"
        url = f"{self.settings.pdf_url.rstrip('/')}/{name}"
        fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{slug}v{version}.",
                                        suffix=".part")
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            for attempt in range(self.settings.retries + 1):
                try:
                    with tmp.open("wb") as out:
                        self._download(url, out, name, progress)
                    break
                except _CutOff:
                    # urllib3 already retried the request itself; only a cut-off body is ours.
                    if attempt == self.settings.retries:
                        raise
                    time.sleep(max(self.settings.delay, 0.5 * 2**attempt))
            pdfmod.validate(tmp, label=f"the PDF of {name}")
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
        return target

    def _download(self, url: str, out: Any, name: str, progress: Progress | None) -> None:
        import requests

        try:
            with self.session.get(url, stream=True) as r:
                if r.status_code == 404:
                    raise PaperNotFound(f"arXiv has no PDF for {name} at {url}; check the version.")
                if r.status_code != 200:
                    raise NetworkError(
                        f"downloading the PDF of {name} failed with HTTP {r.status_code}; "
                        "try again later."
                    )
                ctype = r.headers.get("Content-Type", "")
                if "html" in ctype.lower():
                    raise BadPdf(
                        f"arXiv sent a web page instead of the PDF of {name} (it may still be "
                        "processing or be withdrawn); try again later."
                    )
                total = int(r.headers.get("Content-Length") or 0) or None
                done = 0
                try:
                    for chunk in r.iter_content(chunk_size=64 * 1024):
                        out.write(chunk)
                        done += len(chunk)
                        if progress:
                            progress(done, total)
                except requests.RequestException as e:
                    raise _CutOff(_network_message(url, e, f"the PDF of {name}")) from e
                if total is not None and done < total:
                    raise _CutOff(
                        f"the PDF of {name} stopped after {done} of {total} bytes; try again."
                    )
        except requests.RequestException as e:
            raise NetworkError(_network_message(url, e, f"the PDF of {name}")) from e


class _CutOff(NetworkError):
    """The body of a download broke off mid-way: the one failure urllib3 does not retry."""


class _Rejected(Exception):
    """arXiv answered HTTP 400: an id it considers malformed."""


def _network_message(url: str, e: Exception, what: str = "the answer") -> str:
    import requests

    host = re.sub(r"^(https?://[^/]+).*$", r"\1", url)
    if isinstance(e, requests.Timeout) or "timed out" in str(e).lower():
        return f"{host} did not answer in time, even after retries; try again later."
    if isinstance(e, requests.exceptions.ChunkedEncodingError):
        return f"the connection to {host} broke off while sending {what}; try again."
    return f"cannot reach {host} ({type(e).__name__}); check your connection and try again."


def _to_metadata(result: Any) -> Metadata | None:
    """Convert an `arxiv.Result`; None for error entries such as 'incorrect id format'."""
    entry_id = str(result.entry_id)
    if "/api/errors" in entry_id:
        return None
    m = re.search(r"/abs/(.+)$", entry_id)
    try:
        parsed = parse(m[1]) if m else None
    except InvalidId:
        parsed = None
    if parsed is None:
        return None
    return Metadata(
        arxiv_id=parsed.id,
        version=parsed.version or 1,
        title=_collapse(result.title),
        authors=[_collapse(a.name) for a in result.authors],
        abstract=_paragraphs(result.summary),
        published=result.published.isoformat() if result.published else "",
        updated=result.updated.isoformat() if result.updated else "",
        primary_category=result.primary_category or "",
        categories=list(result.categories or []),
        doi=result.doi or None,
        journal_ref=_collapse(result.journal_ref) or None,
        comment=_collapse(result.comment) or None,
    )


def _match(wanted: ArxivId, results: list[Metadata]) -> Metadata | None:
    for m in results:
        if m.arxiv_id == wanted.id and (wanted.version is None or m.version == wanted.version):
            return m
    return None
