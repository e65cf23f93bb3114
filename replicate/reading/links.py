"""Code links, and the official one told apart from the rest.

Links come from the Document: the LaTeX source's \\url, \\href and footnotes
(`Document.urls`), or the PDF's page texts, where a line break can cut a URL in
two. The official one is the link the authors call their own ("our code is
available at"), or, failing that, a repository named after the paper's system.
"""

from __future__ import annotations

import re

from .. import vocab
from .document import REFERENCES, Document
from .outline import without_references

# hosts a paper prints without the scheme: "github.com/me/x", a footnote's "3huggingface.co/mvp"
_BARE_HOSTS = r"(?:github\.com|gitlab\.com|huggingface\.co)/"
URL = re.compile(rf"(?:https?://|www\.|(?<![A-Za-z.@/])(?={_BARE_HOSTS}))[^\s<>\"'(){{}}\[\]]+", re.I)


# where repositories live (a review copy's anonymous mirror too); code can also sit on a
# project's pages
_REPOSITORIES = r"github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|anonymous\.4open\.science"
REPOSITORY_HOSTS = re.compile(_REPOSITORIES, re.I)
CODE_HOSTS = re.compile(_REPOSITORIES + r"|sites\.google|code\.google|tensorflow/|pytorch", re.I)
# a PDF's links worth reading when the page does not print them (`pdf.page_links`)
LINK_HOSTS = re.compile(rf"^https?://(?:www\.)?(?:{_REPOSITORIES}|drive\.google\.com|sites\.google\.com)/",
                        re.I)


OFFICIAL = re.compile(
    r"(?:our|the|all)\s+(?:developed\s+|accompanying\s+)?(?:source\s+)?"
    r"(?:code|implementation|models?|software)[^.]{0,80}?"
    r"(?:is|are|will\s+be|has\s+been|have\s+been)\s+(?:publicly\s+|made\s+|open[- ]?sourced?\s+)?"
    r"(?:available|released|open[- ]sourced|at)|code\s*(?:is\s+)?(?:available\s+)?(?:at|:)\s*$"
    r"|(?:available|released)\s+(?:under\s+[^.]{0,60}?\s)?at\s*(?:https?://)?$"  # "under the MIT License at"
    # "Code and pre-trained models at https://..."
    r"|(?<![A-Za-z])code\s+and\s+(?:pre-?trained\s+)?(?:models?|data(?:sets?)?|weights|checkpoints)"
    r"\s+(?:are\s+)?(?:(?:publicly\s+)?available\s+)?(?:at|:)\s*$"
    # "The complete training script, as well as the modified versions of X ... are available"
    r"|(?:code|implementations?|models?|scripts?)[^.]{0,80}?(?:are|is)\s+(?:publicly\s+)?available"
    r"|(?:shared|our|the)\s+(?:code\s+)?(?:repository|repo)\s+(?:is\s+)?(?:located|available|hosted)\s+(?:at|on)\s*$"
    # a footnote: "1Implementation available on https://..."
    r"|(?<![A-Za-z])(?:source\s+code|code|implementation)\s+(?:is\s+)?(?:publicly\s+)?available\s+"
    r"(?:on|at|from)\s*$"
    r"|(?:we|i)\s+(?:release|provide|publish|open[- ]source)[^.]{0,160}?\bat\s*(?:https?://)?$"
    r"|(?<![A-Za-z])code\b[^.]{0,150}?(?:open[- ]sourced|released|available|published)[^.]{0,120}?\b(?:at|in)\s*(?:https?://)?$"
    r"|\b(?:provide|release|publish|share|open[- ]source)\w*\s+(?:our|the)\s+(?:source\s+)?"
    r"(?:code|implementations?|models?|checkpoints?)[^.]{0,120}?\b(?:at|in)\s*(?:https?://)?$"
    # "1Our implementation of the GAT layer may be found at: https://..."
    r"|(?:our|the|all)\s+(?:source\s+)?(?:code|implementation)\b[^.]{0,80}?\b(?:may|can)\s+be\s+"
    r"(?:found|accessed|downloaded|obtained)\s+(?:online\s+)?(?:at|on|from|here)\s*:?\s*$",
    re.I)
# said so plainly, the code's own page need not be a code host: "all the code is online at
# https://pjreddie.com/yolo/"
OWN_PAGE = re.compile(r"(?i)\b(?:our|all\s+(?:the\s+|of\s+our\s+)?|the)\s*(?:source\s+)?code"
                      r"(?:\s+and\s+(?:the\s+)?(?:data(?:sets?)?|models?))?\s+(?:is|are|will\s+be)\s+"
                      r"(?:publicly\s+|made\s+)?(?:online|available|released)\s+(?:at|on|from)\s*:?\s*$")


# Publishers' pages: links that reference lists print, never code or data.
BIBLIOGRAPHY = re.compile(r"aclanthology\.org|aclweb\.org/anthology|jmlr\.org|proceedings\.|"
                          r"papers\.nips\.cc|openreview\.net|link\.springer|ieeexplore|dl\.acm\.org|"
                          r"semanticscholar|sciencedirect|nature\.com/articles", re.I)


THEIRS = re.compile(r"\btheir\b|authors'|baseline|et al", re.I)


def join_urls(text: str) -> str:
    """Glue back URLs that a line break cut after a slash, hyphen, dot or underscore."""
    # a host name cut at a dot ("www.nlm.nih.\ngov/mesh"); past the host, a dot at the
    # line end closes the sentence ("github.com/me/counting.\noperation as ...")
    text = re.sub(r"((?:https?://|www\.)[^\s/]*\.)\n(?=[a-z][\w\-./~]*(?:\s|$))", r"\1", text)
    text = re.sub(r"\b(https?:)[ \t]*\n[ \t]*(?=//)", r"\1", text)  # "https:" at a line's end
    # then the path, cut after a slash, hyphen or underscore, maybe more than once
    for _ in range(3):
        # not a page's number under a footnote ("very_deep/" then "1")
        text, n = re.subn(r"((?:https?://|www\.)\S*[/\-_])\n(?!\d{1,3}\s*$)(?=[\w\-./~]+(?:\s|$))",
                          r"\1", text, flags=re.M)
        if not n:
            break
    return text


def _texts(doc: Document, comment: str) -> list[str]:
    """Where links are printed: abstract, arXiv comment, and the paper without its
    reference list (the PDF's page texts keep the line breaks that cut URLs)."""
    if doc.origin == "pdf" and doc.pages:
        body, _ = without_references(doc.pages)
    else:
        body = [b.text for b in doc.blocks if b.zone != REFERENCES]
    return [doc.abstract, comment, *body]


def find_urls(doc: Document, comment: str = "") -> list[str]:
    """URLs in the paper and its arXiv comment, the LaTeX source's \\url, \\href and
    footnote links, and the PDF's links to code, joined back where a line break split them,
    deduplicated."""
    texts = [*_texts(doc, comment), *doc.urls, *(url for _, url, _ in doc.links)]
    urls: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for m in URL.finditer(join_urls(text)):
            url = m.group(0).rstrip(".,;:)]}'\"?")
            url = re.sub(r"(?<=[A-Za-z])\.\d$", "", url)  # a footnote mark glued on
            if url.startswith("www.") or REPOSITORY_HOSTS.match(url):
                url = "https://" + url
            if re.search(r"arxiv\.org|doi\.org|creativecommons", url, re.I) or BIBLIOGRAPHY.search(url):
                continue
            same = url.lower().rstrip("/").replace("http://", "https://")
            if same not in seen and re.match(r"https?://[^/\s]+\.[a-z]{2,}", url, re.I):
                seen.add(same)
                urls.append(url)
    # a URL another begins with is a PDF line's broken piece of it; not in a LaTeX source,
    # whose "github.com/me/x" and "github.com/me/x/blob/..." are two links
    if doc.origin == "latex":
        return urls
    return [u for u in urls if not any(o != u and o.startswith(u) for o in urls)]


def own_names(doc: Document) -> list[str]:
    """The paper's own system as it names it ("LoRA: ...", "Momentum Contrast (MoCo)"),
    spelling-free, in the order `tables.method_names` reads them from the title and abstract."""
    from .tables import method_names  # tables reads datasets, which reads this module

    names = [vocab.key(n) for n in method_names(doc.title, doc.abstract)]
    return list(dict.fromkeys(n for n in names if len(n) >= 3))


def find_official_code(doc: Document, urls: list[str], comment: str = "") -> str | None:
    """The code link the authors call their own, read from the words before it or before
    the mark of its footnote; else the one repository named after the paper's system
    ("github.com/facebookresearch/moco")."""
    found = (_said_official([comment, *_texts(doc, "")], urls) or _footnoted(doc, urls)
             or _anchored(doc, urls))
    if found:
        return found
    # the title's name first; then the title itself ("neural_collaborative_filtering")
    titles = [vocab.key(t) for t in re.split(r":\s+", doc.title) if len(t.split()) >= 2]
    for name in [*own_names(doc), *titles]:
        named = [u for u in urls if REPOSITORY_HOSTS.search(u) and _named_after(u, name)]
        if len(named) == 1:
            return named[0]
    return None


def _named_after(url: str, name: str) -> bool:
    """ "github.com/allenai/specter", "github.com/multilexsum/dataset",
    "github.com/me/longeval-summarization" and ".../google-research/tree/master/tft" are named
    after SPECTER, Multi-LexSum, LongEval and TFT."""
    # the owner, the repository, and a monorepo's folder ("google-research/tree/master/tft")
    path = url.rstrip("/").split("/")[3:]
    parts = [vocab.key(p) for p in path[:2] + path[-1:]]
    return any(p == name or len(name) >= 4 and p.startswith(name) for p in parts)


# a footnote that is a link: "3https://github.com/me/x", "¶https://...", "1www..."
_FOOTNOTE_LINK = re.compile(rf"(?m)^(?P<mark>\d{{1,2}}|[*†‡§¶])\s?(?P<url>(?:https?://|www\.|{_BARE_HOSTS})\S+)")
# the sentence its mark ends: "we have released our two best-performing models1"
_OWN_RELEASE = re.compile(
    r"(?i)(?:\b(?:our|the)\s+(?:(?:complete|full|entire|training|source)\s+){0,2}"
    r"(?:code|implementation|models?|software|scripts?)|"
    r"^\s*(?:source|model)\s+code)\b[^.]{0,120}?"
    r"\b(?:available|released|open[- ]sourced|online|published)\b"
    r"|\b(?:release|publish|open[- ]source)[ds]?\s+(?:our|the)\b[^.]{0,80}?\b(?:code|implementation|models?)\b")


def _footnoted(doc: Document, urls: list[str]) -> str | None:
    """The link in a footnote whose mark closes a sentence that releases the paper's own
    code or models ("Our code ... is available3", footnote "3huggingface.co/mvp")."""
    if doc.origin != "pdf":
        return None  # a LaTeX footnote's link is read in the sentence it belongs to
    for page in without_references(doc.pages)[0]:
        page = join_urls(page)
        for m in _FOOTNOTE_LINK.finditer(page):
            url = _found(m["url"], urls)
            if url is None:
                continue
            for ref in re.finditer(rf"(?<=[A-Za-z.,)])\s?{re.escape(m['mark'])}(?=[\s,.;:]|$)", page):
                before = re.sub(r"\s+", " ", page[max(0, ref.start() - 300):ref.start()]).rstrip(". ")
                sentence = re.split(r"(?<=[.!?]) (?=[A-Z])", before)[-1]
                if _OWN_RELEASE.search(sentence) and not THEIRS.search(sentence):
                    return url
    return None


_WHERE = re.compile(r"(?i)\s+(?:the\s+following|our|the|its)\s+(?:(?:GitHub|GitLab|public)\s+)?"
                    r"(?:URL|link|address|repository|"
                    r"(?:project(?:'s)?\s+)?(?:website|web\s?page|home\s?page|page|site))\s*:?\s*$")


# the line a link to code is set on, when the page does not print the URL: "We provide
# both PyTorch and Torch implementations", "we provide our code at this link"
_ANCHOR_CODE = re.compile(r"(?i)\bour\s+(?:[\w-]+\s+){0,3}?(?:code|implemen\w*|source)\b"
                          r"|\bwe\s+(?:provide|release|share|publish|open[- ]source|make)\b[^.]{0,80}?"
                          r"\b(?:code|implemen\w*|source)|\b(?:code|implementations?)\b[^.]{0,60}?"
                          r"\b(?:available|released|provided)\b")
_ANCHOR_MODELS = re.compile(r"(?i)\b(?:our|the)\b[^.]{0,60}?\bmodels?\b[^.]{0,40}?\b(?:available|released)\b")


def _anchored(doc: Document, urls: list[str]) -> str | None:
    """A link the page does not print, on a line that speaks of the paper's code (then of
    its models): the first, in page order."""
    text = " ".join(doc.pages).replace("\n", "")
    hidden = [(line, url) for _, url, line in doc.links
              if not printed(url, text) and not THEIRS.search(line)]
    for rx in (_ANCHOR_CODE, _ANCHOR_MODELS):
        found = next((url for line, url in hidden if rx.search(line) and url in urls), None)
        if found:
            return found
    return None


def _found(printed_url: str, urls: list[str]) -> str | None:
    """The URL of `urls` a URL as printed in the text is (scheme and closing marks aside)."""
    bare = printed_url.split("://", 1)[-1].rstrip(".,;:)]}'\"?")
    hosted = [u for u in urls if u.split("://", 1)[-1].startswith(bare)]
    # the link itself before a longer one it begins ("github.com/me/x/blob/...")
    return next((u for u in hosted if u.split("://", 1)[-1].rstrip("/") == bare.rstrip("/")),
                hosted[0] if hosted else None)


def printed(url: str, text: str) -> bool:
    """Whether a page's `text` prints the link `url` (with or without its scheme)."""
    return url.split("://", 1)[-1].rstrip("/") in text


def _said_official(texts: list[str], urls: list[str]) -> str | None:
    for text in texts:
        flat = re.sub(r"\s*\n\s*", " ", join_urls(text))
        for m in URL.finditer(flat):
            url = _found(m.group(0), urls)
            if url is None or BIBLIOGRAPHY.search(url):
                continue
            before = flat[max(0, m.start() - 300): m.start()].rsplit(". ", 1)[-1]
            before = re.sub(r"(?:https?://|www\.)$", "", before)
            # "at the following URL:", "on the project website:" say no more than "at"
            before = _WHERE.sub(" ", before)
            said = CODE_HOSTS.search(url) and OFFICIAL.search(before) or OWN_PAGE.search(before)
            if not said and (sentence := _bracketed_in(flat, m.start())):
                before = sentence  # "All our code is available as part of X. (https://...)"
                said = CODE_HOSTS.search(url) and _OWN_RELEASE.search(sentence)
            if said and not THEIRS.search(before):
                return _respectively(flat, m.end(), before, urls) or url
    return None


# "Our dataset and system are publicly available at URL1 and URL2": the second is the code
_DATA_THEN_CODE = re.compile(r"(?i)\b(?:data(?:sets?)?|corpus|corpora|treebanks?|benchmarks?)\s+and\s+"
                             r"(?:the\s+)?(?:code|system|software|implementation|models?|tools?)\b")
_AND_URL = re.compile(rf"\s*,?\s+and\s+(?P<url>{URL.pattern})", re.I)


def _respectively(flat: str, end: int, before: str, urls: list[str]) -> str | None:
    """The code's link of two the sentence gives in the order it names data, then code."""
    then = _AND_URL.match(flat, end)
    if then is None or not _DATA_THEN_CODE.search(before):
        return None
    return _found(then["url"].rstrip(".,;"), urls)


def _bracketed_in(flat: str, start: int) -> str | None:
    """The sentence a link set in brackets belongs to (a LaTeX footnote: "our code
    (https://...) is online", "... to run our experiments. (https://...)"), else None."""
    head = flat[max(0, start - 300):start].rstrip()
    if not head.endswith("("):
        return None
    head = head[:-1].rstrip()
    if head.endswith("."):  # set after the sentence's stop
        return re.split(r"(?<=[.!?]) ", head[:-1])[-1]
    tail = flat[start:start + 300].split(")", 1)[-1]
    return re.split(r"(?<=[.!?]) ", head)[-1] + " " + re.split(r"(?<=[.!?])(?: |$)", tail)[0]
