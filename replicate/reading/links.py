"""Code links, and the official one told apart from the rest."""

from __future__ import annotations

import re

URL = re.compile(r"(?:https?://|www\.|(?<![\w.@])(?=github\.com/))[^\s<>\"'(){}\[\]]+", re.I)


CODE_HOSTS = re.compile(r"github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|"
                        r"sites\.google|code\.google|tensorflow/|pytorch", re.I)


OFFICIAL = re.compile(
    r"(?:our|the|all)\s+(?:source\s+)?(?:code|implementation|models?|software)[^.]{0,80}?"
    r"(?:is|are|will\s+be|has\s+been|have\s+been)\s+(?:publicly\s+|made\s+|open[- ]?sourced?\s+)?"
    r"(?:available|released|open[- ]sourced|at)|code\s*(?:is\s+)?(?:available\s+)?(?:at|:)\s*$"
    r"|(?:available|released)\s+at\s*(?:https?://)?$"
    r"|(?:code|implementations?|models?)[^.]{0,60}?(?:are|is)\s+(?:publicly\s+)?available"
    r"|(?:we|i)\s+(?:release|provide|publish|open[- ]source)[^.]{0,160}?\bat\s*(?:https?://)?$"
    r"|(?<![A-Za-z])code\b[^.]{0,150}?(?:open[- ]sourced|released|available|published)[^.]{0,120}?\b(?:at|in)\s*(?:https?://)?$"
    r"|\b(?:provide|release|publish|share|open[- ]source)\w*\s+(?:our|the)\s+(?:source\s+)?"
    r"(?:code|implementations?|models?|checkpoints?)[^.]{0,120}?\bat\s*(?:https?://)?$",
    re.I)


# Publishers' pages: links that reference lists print, never code or data.
BIBLIOGRAPHY = re.compile(r"aclanthology\.org|aclweb\.org/anthology|jmlr\.org|proceedings\.|"
                          r"papers\.nips\.cc|openreview\.net|link\.springer|ieeexplore|dl\.acm\.org|"
                          r"semanticscholar|sciencedirect|nature\.com/articles", re.I)


THEIRS = re.compile(r"\btheir\b|authors'|baseline|et al", re.I)


def join_urls(text: str) -> str:
    """Glue back URLs that a line break cut after a slash, hyphen, dot or underscore."""
    text = re.sub(r"(https?://\S*[/\-_])\n(?=[\w\-./~]+(?:\s|$))", r"\1", text)
    return re.sub(r"(https?://\S*\.)\n(?=[a-z][\w\-./~]*(?:\s|$))", r"\1", text)


def find_urls(texts: list[str]) -> list[str]:
    """URLs in the text, joined back where a line break split them, deduplicated."""
    urls: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for m in URL.finditer(join_urls(text)):
            url = m.group(0).rstrip(".,;:)]}'\"?")
            url = re.sub(r"(?<=[A-Za-z])\.\d$", "", url)  # a footnote mark glued on
            if url.startswith("www.") or url.lower().startswith("github.com"):
                url = "https://" + url
            if re.search(r"arxiv\.org|doi\.org|creativecommons", url, re.I) or BIBLIOGRAPHY.search(url):
                continue
            same = url.lower().rstrip("/").replace("http://", "https://")
            if same not in seen and re.match(r"https?://[^/\s]+\.[a-z]{2,}", url, re.I):
                seen.add(same)
                urls.append(url)
    return [u for u in urls if not any(o != u and o.startswith(u) for o in urls)]


def find_official_code(texts: list[str], urls: list[str]) -> str | None:
    """The code link the authors call their own, read from the words before it."""
    for text in texts:
        flat = re.sub(r"\s*\n\s*", " ", join_urls(text))
        for m in URL.finditer(flat):
            bare = m.group(0).split("://", 1)[-1].rstrip(".,;:)]}'\"?")
            url = next((u for u in urls if u.split("://", 1)[-1].startswith(bare)), None)
            if url is None or not CODE_HOSTS.search(url):
                continue
            before = flat[max(0, m.start() - 300): m.start()].rsplit(". ", 1)[-1]
            before = re.sub(r"(?:https?://|www\.)$", "", before)
            if OFFICIAL.search(before) and not THEIRS.search(before):
                return url
    return None
