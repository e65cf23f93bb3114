"""How much of a replicator's hand labels the reading pass finds, on papers held out from tuning.

    python benchmarks/recall.py [--misses] [--pdf-only] [--corpus DIR --labels FILE] [ID ...]

The labels (benchmarks/labels.json) are of the corpus papers without claims goldens, which
were held out when the reading was first tuned (their misses have guided general fixes since,
so a fresh paper is the real test; 1605.06065v1 and 1411.3715 were added later, scored before
the fixes they prompted). They are written by hand from each paper's text: its
headline results, the settings needed to rerun it, its datasets, its official code
link and its numbered section headings. Each labelled paper of ../shared/corpus is
read as `add` reads it, from the PDF and, when the corpus has its LaTeX source, from
the source (a source that only wraps the PDF falls back to it, and is not counted
twice). Naming arXiv ids scores only those papers. `--corpus DIR --labels FILE` score
other papers laid out as the corpus is (DIR/<id>/paper.pdf, DIR/<id>/source/): the papers
of benchmarks/labels-github.json are public PDFs outside the corpus, each label saying where
it was taken from. The label's title stands in for arXiv's, which `add` has. Per paper
and in total it prints:

- claims: labelled results found among the first 15 claims, and whether at least 3
  of the first 5 claims are labelled results (only papers with 3 or more labels count);
- hyperparameters: labelled settings found among the first 20;
- datasets, the official code link, section headings: labelled ones found.

Matching is tolerant, and one found item answers one label at most:

- numbers are equal when they agree to 1e-6 after normalising a percentage (0.748 and
  74.8% are the same), or equal another printed form the label gives ("also": 4.8 for
  4.82); a speed-up label needs a claim in "×" or "%" or named as a speed-up;
- a setting matches when its value is the same number (parse_number: "1e-6", "10−6",
  "300,000", "400K") or, for words ("Adadelta", "SGD with momentum"), one value's
  letters contain the other's; and the names agree loosely: the same usual name in
  replicate/data/hyperparameters.csv, or a shared word of three letters or more
  ("hidden units (speech)" and "hidden size"), Greek letters spelled out (ε = epsilon);
- datasets match through the dataset normaliser (`vocab.canonical`: "JFT" is
  "JFT-300M"), else when one spelling-free name contains the other
  ("Wikipedia" in "English Wikipedia");
- the code link is right when it is the labelled link (case, scheme, a trailing slash
  or ".git" aside), or when the label says the paper has none and none is claimed;
- a heading matches when its number is the same and its title, letters only, is the
  labelled one, or a prefix of it of 8 letters or more (a PDF cuts a long heading at
  the line end); numbers may be roman with a lettered subsection ("VI-B Results"), which
  a label may give as printed ("B. Results") or with dots ("VI.B", "VI.B.1" for "VI-B1").
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import unicodedata
from pathlib import Path

from replicate import pdf, reading, vocab
from replicate.reading.hyperparameters import known_name, parse_number

ROOT = Path(__file__).resolve().parent
CORPUS = ROOT.parents[1] / "shared" / "corpus"
CLAIMS, HYPERPARAMETERS = 15, 20
GREEK = {"ε": "epsilon", "ϵ": "epsilon", "ρ": "rho", "β": "beta", "α": "alpha", "τ": "temperature",
         "λ": "lambda", "γ": "gamma", "μ": "mu", "η": "learning rate"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*", metavar="ARXIV_ID", help="score only these papers")
    parser.add_argument("--misses", action="store_true", help="list what was missed")
    parser.add_argument("--pdf-only", action="store_true", help="read the PDFs only")
    parser.add_argument("--corpus", type=Path, default=CORPUS / "arxiv",
                        help="papers laid out as DIR/<id>/paper.pdf and DIR/<id>/source/")
    parser.add_argument("--labels", type=Path, default=ROOT / "labels.json")
    args = parser.parse_args()
    if not args.corpus.is_dir():
        sys.exit(f"no corpus at {args.corpus}; nothing to measure.")
    labels = json.loads(args.labels.read_text(encoding="utf-8"))["papers"]
    show_misses, corpus = args.misses, args.corpus
    origins = ["pdf"] if args.pdf_only else ["pdf", "latex"]
    if args.ids:
        labels = {a: labels[a] for a in args.ids}
    totals = {o: _Tally() for o in origins}
    with tempfile.TemporaryDirectory() as tmp:
        for arxiv_id, label in labels.items():
            folder = corpus / arxiv_id
            for origin in origins:
                source = folder / "source"
                if origin == "latex" and not source.is_dir():
                    continue
                path = folder / "paper.pdf"
                cache = Path(tmp) / f"{arxiv_id}.json"
                # `add` has arXiv's title; the label's stands in for it
                pages = pdf.page_texts(path, cache=cache)
                found = reading.extract(pages,
                                        arxiv_title=label.get("title", ""),
                                        source=source if origin == "latex" else None,
                                        layout=pdf.layout_reader(path, cache),
                                        links=pdf.page_links(path, cache, pages))
                if found.origin != origin:
                    print(f"{arxiv_id:11} {origin:5}  (the source falls back to the PDF)")
                    continue
                score = _score(label, found)
                totals[origin].add(score)
                print(f"{arxiv_id:11} {origin:5}  {score.line()}")
                if show_misses:
                    for what, missed in score.misses.items():
                        if missed:
                            print(f"{'':19}missed {what}: {missed}")
    print()
    for origin, tally in totals.items():
        print(f"{'TOTAL':11} {origin:5}  {tally.line()}")


class _Score:
    def __init__(self) -> None:
        self.counts: dict[str, tuple[int, int]] = {}
        self.first5: bool | None = None
        self.misses: dict[str, list] = {}

    def set(self, what: str, hit: int, of: int, missed: list) -> None:
        self.counts[what] = (hit, of)
        self.misses[what] = missed

    def line(self) -> str:
        parts = []
        for what, (hit, of) in self.counts.items():
            parts.append(f"{what} {hit}/{of}" if of else f"{what} -")
        three = {True: "yes", False: "no", None: "-"}[self.first5]
        parts.insert(1, f">=3 of first 5: {three}")
        return "  ".join(parts)


class _Tally:
    def __init__(self) -> None:
        self.sums: dict[str, list[int]] = {}
        self.first5 = [0, 0]

    def add(self, score: _Score) -> None:
        for what, (hit, of) in score.counts.items():
            total = self.sums.setdefault(what, [0, 0])
            total[0] += hit
            total[1] += of
        if score.first5 is not None:
            self.first5[0] += score.first5
            self.first5[1] += 1

    def line(self) -> str:
        parts = [f"{what} {hit}/{of} = {100 * hit / of:.0f}%" if of else f"{what} -"
                 for what, (hit, of) in self.sums.items()]
        parts.insert(1, f">=3 of first 5: {self.first5[0]}/{self.first5[1]}")
        return "  ".join(parts)


def _score(label: dict, found: reading.Reading) -> _Score:
    score = _Score()
    wanted = label["claims"]
    claims = found.claims[:CLAIMS]
    hits = _pairs(wanted, claims, _same_claim)
    score.set("claims", len(hits), len(wanted),
              [w["value"] for i, w in enumerate(wanted) if i not in hits])
    if len(wanted) >= 3:
        first = _pairs(wanted, found.claims[:5], _same_claim)
        score.first5 = len(first) >= 3
    wanted = label["hyperparameters"]
    hits = _pairs(wanted, found.hyperparameters[:HYPERPARAMETERS], _same_setting)
    score.set("hparams", len(hits), len(wanted),
              [f"{w['name']}={w['value']}" for i, w in enumerate(wanted) if i not in hits])
    for what, items, same in (("datasets", found.datasets, _same_dataset),
                              ("sections", found.sections, _same_heading)):
        wanted = label[what]
        hits = _pairs(wanted, items, same)
        score.set(what, len(hits), len(wanted), [w for i, w in enumerate(wanted) if i not in hits])
    right = _link(found.official_code) == _link(label["code"])
    score.set("code", int(right), 1, [] if right else [f"{found.official_code}: {label['code']}"])
    return score


def _pairs(wanted: list, found: list, same) -> dict[int, int]:
    """Label index -> found index, each found item used once, in the labels' order."""
    used: set[int] = set()
    out: dict[int, int] = {}
    for i, w in enumerate(wanted):
        j = next((j for j, f in enumerate(found) if j not in used and same(w, f)), None)
        if j is not None:
            used.add(j)
            out[i] = j
    return out


def _equal(a: float, b: float) -> bool:
    return any(abs(a * k - b) <= 1e-6 * max(1.0, abs(b)) for k in (1, 100, 0.01))


def _same_claim(w: dict, c) -> bool:
    if not any(_equal(c.value, v) for v in (w["value"], *w.get("also", []))):
        return False
    if w["metric"] == "speedup":
        return c.unit in ("×", "%") or bool(re.search(r"speed|faster", c.metric, re.I))
    return True


def _words(name: str) -> set[str]:
    text = _plain(name)
    for letter, word in GREEK.items():
        text = text.replace(letter, f" {word} ")
    return {w for w in re.findall(r"[a-z]{3,}|[a-z]+\d", text.lower())}


def _same_setting(w: dict, h) -> bool:
    a, b = parse_number(w["value"]), h.number if h.number is not None else parse_number(h.value)
    if a is not None and b is not None:
        if not _equal(b, a):
            return False
    else:
        x, y = (re.sub(r"[^a-z0-9]", "", _plain(v).lower()) for v in (w["value"], h.value))
        if not x or not y or (x not in y and y not in x):
            return False
    usual = [known_name(re.sub(r"\(.*?\)", "", n).strip()) for n in (w["name"], h.name)]
    if usual[0] and usual[0] == usual[1]:
        return True
    return bool(_words(w["name"]) & _words(h.name))


def _same_dataset(w: str, d: str) -> bool:
    cw, cd = vocab.canonical(w), vocab.canonical(d)
    if cw and cw == cd:
        return True
    kw, kd = vocab.key(w), vocab.key(d)
    return bool(kw and kd) and (kw in kd or kd in kw)


def _link(url: str | None) -> str | None:
    if not url:
        return None
    # a link may be printed without its scheme ("github.com/x/y")
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", url.lower()).rstrip("/")
    return url[:-4] if url.endswith(".git") else url


def _plain(text: str) -> str:
    """Ligatures, accents and dashes as plain letters ("ﬁ" -> "fi", "–" -> "-")."""
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).replace("–", "-")


def _heading(text: str) -> tuple[str, str]:
    m = re.match(r"\s*([IVX]+(?:[.-][A-Z](?:[.-]?\d+)?)?(?=[.\s])|[\dA-Z](?:\.\d+)*)\.?\s*(.*)",
                 _plain(text))
    if not m:
        return "", re.sub(r"[^a-z]", "", text.lower())
    # "III.A.1" as a label may write it, "III-A1" as IEEE and REVTeX papers cite it
    number = re.sub(r"^([IVX]+)[.-]([A-Z])[.-]?(\d*)$", r"\1-\2\3", m[1])
    return number, re.sub(r"[^a-z]", "", m[2].lower())


def _same_heading(w: str, s: str) -> bool:
    (n1, t1), (n2, t2) = _heading(w), _heading(s)
    # an IEEE subsection printed "A. LSTM" is cited, and read, as "III-A"
    if n1 != n2 and not (re.fullmatch(r"[A-H]", n1) and n2.endswith(f"-{n1}")) or not t2:
        return False
    return t1 == t2 or (len(t2) >= 8 and t1.startswith(t2))


if __name__ == "__main__":
    main()
