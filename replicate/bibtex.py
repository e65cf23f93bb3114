"""BibTeX for the papers of a workspace, in the form arXiv exports, with stable keys.

A paper's key (``vaswani2017attention``: first author's family name, year, first
significant title word) is chosen once, when the paper is added, unique among the
papers already there, and kept in its record (``cite_key``) so it never changes
when other papers arrive; the user may edit it there. Papers added before keys
were recorded get theirs in the order they were added, so the first keeps the
bare key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from . import record
from .errors import RecordError
from .record import Paper

_SMALL = {"a", "an", "the", "on", "of", "for", "in", "to", "with", "and", "towards", "toward",
          "via", "is", "are", "do", "does", "from", "by", "at", "as", "into", "how", "what",
          "when", "why", "we", "our", "can", "be"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# A journal reference that names a conference is a proceedings paper.
_PROCEEDINGS = re.compile(
    r"(?i)proceedings|proc\.|conference|workshop|symposium|\b(?:NeurIPS|NIPS|ICML|ICLR|CVPR|"
    r"ICCV|ECCV|ACL|EMNLP|NAACL|COLING|AAAI|IJCAI|KDD|SIGIR|SIGGRAPH|WWW|Interspeech|ICASSP|"
    r"UAI|AISTATS|COLT|CoRL|RSS|ICRA|IROS|MICCAI|BMVC|WACV|CHI)\b")
_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
            "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
            "^": r"\textasciicircum{}"}
_MATH = re.compile(r"(\$[^$]+\$)")


@dataclass
class Entry:
    arxiv_id: str
    key: str
    kind: str  # "misc", "article", "inproceedings"
    text: str


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _family(author: str) -> str:
    """"Ashish Vaswani", "Vaswani, Ashish", "Aaron van den Oord", "J. Smith Jr." -> the
    last word of the family name."""
    if "," in author and author.split(",")[1].strip().lower() not in _SUFFIXES:
        words = author.split(",")[0].split()
    else:
        words = [w for w in author.replace(",", " ").split() if w.lower() not in _SUFFIXES]
    return words[-1] if words else ""


def base_key(paper: Paper) -> str:
    """``vaswani2017attention``: the key before any suffix that keeps it unique."""
    first = _family(paper.authors[0]) if paper.authors else ""
    family = re.sub(r"[^a-z]", "", _ascii(first).lower())
    words = re.findall(r"[a-z0-9]+", _ascii(paper.title).lower())
    word = next((w for w in words if w not in _SMALL and not w.isdigit()),
                words[0] if words else "")
    return f"{family or 'anonymous'}{year(paper)}{word}"


def year(paper: Paper) -> str:
    """The year of the first version: arXiv's date, else the one its id holds (1706 -> 2017)."""
    if re.match(r"\d{4}", paper.published or ""):
        return paper.published[:4]
    m = re.search(r"(?:^|/)(\d{2})(\d{2})", paper.arxiv_id)
    if not m:
        return ""
    yy = int(m[1])
    return str(1900 + yy if yy >= 91 else 2000 + yy)


def unique_key(paper: Paper, taken: set[str]) -> str:
    """The paper's key, with ``b``, ``c`` ... added when another paper has it."""
    key = base = base_key(paper)
    n = 1
    while key in taken:
        n += 1
        key = base + _letters(n)
    return key


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out


def keys(papers: list[Paper]) -> dict[str, str]:
    """arXiv id -> key for every paper: its recorded key, else one given in the order the
    papers were added (so an earlier paper keeps the bare key)."""
    out = {p.arxiv_id: p.cite_key for p in papers if p.cite_key}
    taken = set(out.values())
    for p in sorted((p for p in papers if not p.cite_key), key=lambda p: (p.added, p.arxiv_id)):
        out[p.arxiv_id] = unique_key(p, taken)
        taken.add(out[p.arxiv_id])
    return out


def workspace_papers(papers_dir: Path) -> dict[Path, Paper]:
    """The records of the workspace that can be read, by repo (a broken one is `doctor`'s
    business)."""
    papers = {}
    for repo in record.paper_repos(papers_dir):
        try:
            papers[repo] = record.load(repo)
        except RecordError:
            continue
    return papers


def escape(text: str) -> str:
    """Text as BibTeX reads it: LaTeX's special characters escaped, ``$math$`` kept, words
    with capitals inside (``BERT``, ``ResNet``) braced so styles do not lower them."""
    parts = []
    for piece in _MATH.split(" ".join(text.split())):
        if _MATH.fullmatch(piece):
            parts.append(piece)
            continue
        piece = "".join(_SPECIAL.get(c, c) for c in piece)
        parts.append(re.sub(r"(?<![\\\w{])([A-Za-z]*[A-Z][A-Za-z]*[A-Z0-9][\w-]*)",
                            r"{\1}", piece))
    return "".join(parts)


def entry(paper: Paper, key: str) -> Entry:
    """The paper's entry: ``@misc`` as arXiv exports it, ``@article``/``@inproceedings``
    with the journal reference and DOI when arXiv has them."""
    kind = "misc"
    fields = [("title", "{" + escape(paper.title) + "}"),
              ("author", " and ".join(escape(a) for a in paper.authors) or "Anonymous"),
              ("year", year(paper))]
    if paper.journal_ref:
        kind = "inproceedings" if _PROCEEDINGS.search(paper.journal_ref) else "article"
        fields.append(("booktitle" if kind == "inproceedings" else "journal",
                       escape(paper.journal_ref)))
    if paper.doi:
        fields.append(("doi", paper.doi))
    fields += [("eprint", paper.arxiv_id), ("archivePrefix", "arXiv")]
    if paper.primary_category:
        fields.append(("primaryClass", paper.primary_category))
    fields.append(("url", f"https://arxiv.org/abs/{paper.arxiv_id}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return Entry(paper.arxiv_id, key, kind, f"@{kind}{{{key},\n{body}\n}}\n")


def entries(papers_dir: Path, texts: list[str] | None = None) -> list[Entry]:
    """Entries for the papers `texts` name (any form `record.locate` takes), else all, in
    the order asked (all: by folder name)."""
    papers = workspace_papers(papers_dir)
    repos = [record.locate(papers_dir, t) for t in texts] if texts else list(papers)
    # a named paper whose record is broken is loaded again, to say what is wrong with it
    chosen = [papers[repo] if repo in papers else record.load(repo) for repo in repos]
    all_keys = keys(list(papers.values()))
    seen: set[str] = set()
    out = []
    for p in chosen:
        if p.arxiv_id not in seen:
            seen.add(p.arxiv_id)
            out.append(entry(p, all_keys.get(p.arxiv_id) or base_key(p)))
    return out
