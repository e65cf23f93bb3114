"""A paper's LaTeX source from arXiv: download the e-print, tell what it is, unpack it safely.

arXiv serves an e-print as a gzipped tar (most papers), a gzipped single ``.tex``
(one-file submissions) or the PDF itself (PDF-only submissions), sometimes
labelled ``application/x-eprint-tar`` with ``Content-Encoding: x-gzip`` so that
the HTTP client has already unzipped it. Headers are not trusted: the bytes say
which it is. Archives are hostile input: no absolute paths, no ``..``, no links
or devices, and bounded counts and sizes, so a tar bomb is one clear note, never
a full disk. The unpacked source lives in the cache, by id and version, never in
the paper repo (it is the authors', like the PDF).
"""

from __future__ import annotations

import contextlib
import gzip
import os
import shutil
import tarfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, TYPE_CHECKING

from . import cache
from .errors import NetworkError, PaperNotFound, ReplicateError

if TYPE_CHECKING:
    from .fetch import Fetcher

MAX_MEMBERS = 10_000  # entries in one archive
MAX_DECLARED = 1 << 30  # bytes of all entries together, figures included (never written)
MAX_KEPT = 64 << 20  # bytes written to the cache: the text files a reader reads
SINGLE_NAME = "main.tex"  # a one-file submission arrives without its name
# Figures and other binaries: counted, never unpacked (no reader reads them).
SKIPPED = frozenset({
    ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp", ".svg", ".pdf",
    ".eps", ".ps", ".mp4", ".mov", ".avi", ".zip", ".gz", ".tgz", ".tar", ".npy", ".npz",
    ".pkl", ".pt", ".pth", ".ckpt", ".h5", ".mat", ".fig", ".psd", ".ai", ".xcf",
})


class BadSource(ReplicateError):
    """An e-print that is no usable LaTeX source (a PDF only, or an unsafe archive)."""


@dataclass
class Source:
    """The unpacked source folder, or None with the reason the user is told."""

    folder: Path | None
    note: str | None = None


def get(fetcher: Fetcher, arxiv_id: str, version: int) -> Source:
    """The cached source of one version, downloading and unpacking it the first time.

    Never raises for a missing or bad source: the paper is then read from its PDF,
    and `note` says why. Only a network failure is tried again by a later run.
    """
    settings = fetcher.settings
    folder = cache.source_dir(settings, arxiv_id, version)
    marker = cache.no_source_file(settings, arxiv_id, version)
    name = f"{arxiv_id}v{version}"
    if folder.is_dir():
        return Source(folder)
    if marker.is_file():
        return Source(None, _note(_read_marker(marker) or f"arXiv has no LaTeX source for {name}"))
    try:
        with cache.part_file(folder) as (part, out):
            if not fetcher.source(arxiv_id, version, out):
                raise BadSource(f"arXiv has no LaTeX source for {name}")
            out.seek(0)
            unpack(out, folder, part.with_name(part.name + ".d"), name)
    except BadSource as e:
        _write_marker(marker, str(e))
        return Source(None, _note(str(e)))
    except (NetworkError, PaperNotFound) as e:
        return Source(None, _note(f"the LaTeX source of {name} could not be downloaded "
                                  f"({str(e).rstrip('.')})"))
    except OSError as e:
        return Source(None, _note(f"the LaTeX source of {name} could not be unpacked into "
                                  f"{folder.parent} ({e.strerror})"))
    return Source(folder)


def _note(reason: str) -> str:
    return f"read from the PDF: {reason}"


def _read_marker(marker: Path) -> str:
    try:
        return marker.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return ""


def _write_marker(marker: Path, reason: str) -> None:
    from .files import write_atomic

    with contextlib.suppress(OSError):  # only a shortcut for the next run
        write_atomic(marker, reason + "\n")


def sniff(head: bytes) -> str:
    """What an e-print is, from its first bytes (at least 512, un-gzipped if it was gzip).

    One of ``"tar"``, ``"pdf"``, ``"html"``, ``"tex"`` or ``"unknown"``.
    """
    if len(head) > 262 and head[257:262] == b"ustar":
        return "tar"
    stripped = head.lstrip()
    if stripped.startswith(b"%PDF-"):
        return "pdf"
    lowered = stripped[:512].lower()
    if lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    if b"\0" not in head and (b"\\" in head or b"%" in head):
        return "tex"
    return "unknown"


def unpack(data: IO[bytes], dest: Path, staging: Path, name: str) -> None:
    """Unpack the e-print in `data` into the folder `dest`, through the folder `staging`.

    Raises `BadSource` for anything that is not a safe, bounded LaTeX source.
    """
    gzipped = data.read(2) == b"\x1f\x8b"
    data.seek(0)
    stream: IO[bytes] = gzip.GzipFile(fileobj=data, mode="rb") if gzipped else data
    try:
        head = stream.read(1024)
    except (OSError, EOFError, zlib.error) as e:
        raise BadSource(f"the LaTeX source of {name} is a damaged gzip file ({e})") from e
    kind = sniff(head)
    if kind == "pdf":
        raise BadSource(f"arXiv has only the PDF of {name}, no LaTeX source")
    if kind == "html":
        raise BadSource(f"arXiv sent a web page instead of the LaTeX source of {name}")
    if kind == "unknown" and not (not gzipped and _is_old_tar(data)):
        raise BadSource(f"the e-print of {name} is neither a tar archive nor a TeX file")
    staging.mkdir(parents=True)
    try:
        if kind == "tex":
            rest = stream.read(MAX_KEPT + 1 - len(head))
            if len(head) + len(rest) > MAX_KEPT:
                raise BadSource(f"the LaTeX source of {name} is larger than "
                                f"{MAX_KEPT >> 20} MiB; it was not unpacked")
            _write(staging / SINGLE_NAME, head + rest)
        else:
            data.seek(0)
            _untar(data, staging, name)
        try:
            os.rename(staging, dest)
        except OSError:
            if not dest.is_dir():  # another run unpacked it first: keep theirs
                raise
    except (OSError, EOFError, zlib.error, tarfile.TarError) as e:
        if isinstance(e, OSError) and e.errno is not None:
            raise  # the disk, not the archive: no space, no permission
        raise BadSource(f"the LaTeX source of {name} is a damaged archive ({e})") from e
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _is_old_tar(data: IO[bytes]) -> bool:
    """A pre-POSIX tar has no magic; tarfile checks its header checksum."""
    data.seek(0)
    try:
        with tarfile.open(fileobj=data, mode="r:"):
            return True
    except tarfile.TarError:
        return False
    finally:
        data.seek(0)


def _untar(data: IO[bytes], staging: Path, name: str) -> None:
    """Write the regular text files of a tar into `staging`, refusing anything unsafe."""
    members = declared = kept = 0
    with tarfile.open(fileobj=data, mode="r:*") as tar:
        for member in tar:
            members += 1
            declared += max(member.size, 0)
            if members > MAX_MEMBERS:
                raise BadSource(f"the LaTeX source of {name} holds more than {MAX_MEMBERS:,} "
                                "files; it was not unpacked")
            if declared > MAX_DECLARED:
                raise BadSource(f"the LaTeX source of {name} unpacks to more than "
                                f"{MAX_DECLARED >> 30} GiB; it was not unpacked")
            parts = _safe_parts(member.name, name)
            if not parts:
                continue
            if member.isdir():
                with contextlib.suppress(FileExistsError, NotADirectoryError):
                    _mkdir(staging, parts)
                continue
            if not member.isfile():  # links, devices, fifos: never created
                continue
            if PurePosixPath(parts[-1]).suffix.lower() in SKIPPED:
                continue
            kept += member.size
            if kept > MAX_KEPT:
                raise BadSource(f"the LaTeX source of {name} is larger than "
                                f"{MAX_KEPT >> 20} MiB; it was not unpacked")
            source = tar.extractfile(member)
            if source is None:
                continue
            try:
                target = _mkdir(staging, parts[:-1]) / parts[-1]
                out = target.open("xb")
            except (FileExistsError, NotADirectoryError):
                continue  # a name given twice, or a file where a folder should be
            with source, out:
                shutil.copyfileobj(source, out)
            target.chmod(0o644)


def _safe_parts(member: str, name: str) -> list[str]:
    """The path parts of a member, or `BadSource` if it would land outside the folder."""
    text = member.replace("\\", "/")
    if text.startswith("/") or (len(text) > 1 and text[1] == ":"):
        raise BadSource(f"the LaTeX source of {name} holds an absolute path ({member[:80]!r}); "
                        "it was not unpacked")
    parts = [p for p in text.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise BadSource(f"the LaTeX source of {name} holds a path leading out of its folder "
                        f"({member[:80]!r}); it was not unpacked")
    return parts


def _mkdir(root: Path, parts: list[str]) -> Path:
    folder = root.joinpath(*parts) if parts else root
    folder.mkdir(mode=0o755, parents=True, exist_ok=True)
    return folder


def _write(path: Path, data: bytes) -> None:
    with path.open("xb") as out:
        out.write(data)
    path.chmod(0o644)
