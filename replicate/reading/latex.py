"""Read a paper's unpacked arXiv LaTeX source into a `Document`.

`parse_source(folder)` finds the main file (`\\documentclass` and
`\\begin{document}`; of several, the one that inputs the most others, then the
largest), inlines `\\input`/`\\include`/`\\subfile`/`\\import`, drops comments,
`\\iffalse` blocks and comment environments, expands the paper's own simple
macros (`\\newcommand`, `\\renewcommand`, `\\def`, with arguments and defaults;
bounded depth), then walks the body once:

- `\\section`/`\\subsection`/`\\subsubsection` become HEADING blocks numbered as
  LaTeX numbers them ("3.2 Training Data"; starred ones unnumbered; letters after
  `\\appendix`). `\\paragraph{X}` is a run-in title: "X." opens its paragraph.
- Each paragraph (blank line, `\\par`, `\\item`) becomes a PROSE block of plain
  text (see `latex_text`): citations are "[cite]", `\\ref` the printed number
  ("Table 2" for `\\cref`/`\\autoref`, the bare number for `\\ref`) or "?" when
  the label is unknown (equations), footnotes inline in parentheses.
- Each tabular in a `table` float (or outside any float) becomes a TABLE block
  with a `Table`; the float's caption goes into `Table.caption` only (no
  separate CAPTION block, so a caption is never counted twice), its label is
  "Table N" by LaTeX's counter (table and table* share it; the appendix
  continues it). A table float without a tabular (an image) gives a CAPTION
  block "Table N: ...". Figures give a CAPTION block "Figure N: ..." and
  nothing else; algorithms a CAPTION block "Algorithm N: ..." and one PROSE
  block per step (steps can name settings: "replay memory D of capacity N").
- Zones: the `abstract` environment is ABSTRACT; sections named like related
  work or background are RELATED; `\\appendix`, an "Appendix"/"Supplementary"
  section, or any section after the bibliography starts APPENDIX; an inline
  `thebibliography` is REFERENCES (one block per entry; a `.bib` bibliography is
  not read); the title and authors are FRONT.

Returns None when there is no usable LaTeX (no main file, or a wrapper around
a PDF via `\\includepdf`). Never raises on bad input: what can be read is read.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from .document import (
    ABSTRACT,
    APPENDIX,
    BODY,
    CAPTION,
    FRONT,
    HEADING,
    PROSE,
    REFERENCES,
    RELATED,
    TABLE,
    Block,
    Document,
    Table,
)
from .latex_tables import TABULARS, parse_tabular, table_text
from .latex_text import (
    KNOWN,
    LINE,
    MATH_ENVS,
    REF_CLOSE,
    REF_OPEN,
    SKIP_ENVS,
    Renderer,
    finish,
    names,
)
from .outline import to_roman

MAX_FILES = 2000  # .tex files looked at when finding the main one
MAX_FILE_BYTES = 4_000_000
MAX_TOTAL_CHARS = 8_000_000  # the whole inlined source
MAX_INPUT_DEPTH = 12
MAX_EXPANSION_PASSES = 8
TEX_SUFFIXES = (".tex", ".ltx", ".latex")

# -- reading files ----------------------------------------------------------------------------


def _read(path: Path) -> str:
    try:
        data = path.read_bytes()[:MAX_FILE_BYTES]
    except OSError:
        return ""
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):  # latin-1 decodes anything
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    return text.replace("\r\n", "\n").replace("\r", "\n")


# A comment runs from an unescaped % to the end of the line and eats the newline and
# the next line's indentation, as TeX does (so a commented line never splits a paragraph),
# unless the next line is blank: that still ends the paragraph.
_COMMENT = re.compile(r"(?<!\\)((?:\\\\)*)%[^\n]*(?:\n(?![ \t]*\n)[ \t]*)?")


def strip_comments(text: str) -> str:
    if "%" not in text:
        return text
    return _COMMENT.sub(r"\1", text)


_IF = re.compile(r"\\if[A-Za-z@]*(?![A-Za-z@])|\\fi(?![A-Za-z@])")


def _drop_dead(text: str) -> str:
    """Drop `\\iffalse ... \\fi` and `comment` environments: text the PDF never shows."""
    out: list[str] = []
    pos = 0
    for start in [m.start() for m in re.finditer(r"\\iffalse(?![A-Za-z@])", text)]:
        if start < pos:
            continue
        depth = 0
        end = len(text)
        for m in _IF.finditer(text, start):
            if m.group().startswith("\\if"):
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    end = m.end()
                    break
        out.append(text[pos:start])
        pos = end
    out.append(text[pos:])
    text = "".join(out)
    if "\\begin{comment}" in text:
        text = re.sub(r"\\begin\{comment\}.*?(?:\\end\{comment\}|$)", "", text, flags=re.S)
    return text


_NEWIF = re.compile(r"\\newif\s*\\if([A-Za-z@]+)")
_TOGGLE = re.compile(r"\\(?:toggle(true|false)\s*\{([^}]*)\}|settoggle\s*\{([^}]*)\}\s*\{(true|false)\})")


def _conditionals(text: str) -> str:
    """Take the branch the paper chose in `\\iftoggle{x}{..}{..}` and `\\newif\\ifx`
    conditionals, so the branch not taken does not unbalance environments."""
    if "\\iftoggle" in text or "\\nottoggle" in text:
        toggles: dict[str, bool] = {}
        for m in _TOGGLE.finditer(text):
            if m.group(2) is not None:
                toggles[m.group(2).strip()] = m.group(1) == "true"
            else:
                toggles[m.group(3).strip()] = m.group(4) == "true"
        out: list[str] = []
        pos = 0
        for m in re.finditer(r"\\(iftoggle|nottoggle)(?![A-Za-z@])", text):
            if m.start() < pos:
                continue
            name, i = _read_group(text, m.end())
            yes, i = _read_group(text, i)
            no, i = _read_group(text, i)
            value = toggles.get((name or "").strip(), False) == (m.group(1) == "iftoggle")
            out.append(text[pos:m.start()])
            out.append((yes if value else no) or "")
            pos = i
        out.append(text[pos:])
        text = "".join(out)
    names = set(_NEWIF.findall(text))
    if not names:
        return text
    values = {n: False for n in names}
    for m in re.finditer(r"\\(" + "|".join(map(re.escape, names)) + r")(true|false)(?![A-Za-z@])", text):
        values[m.group(1)] = m.group(2) == "true"
    text = _NEWIF.sub("", text)
    pattern = re.compile(r"\\if(" + "|".join(map(re.escape, names)) + r")(?![A-Za-z@])")
    for _ in range(50):  # one conditional at a time, innermost branches stay for the next round
        m = pattern.search(text)
        if not m:
            break
        depth, other, end = 0, None, None
        for t in re.finditer(r"\\if[A-Za-z@]*(?![A-Za-z@])|\\else(?![A-Za-z@])|\\fi(?![A-Za-z@])", text[m.end():]):
            word = t.group()
            if word.startswith("\\if"):
                depth += 1
            elif word == "\\else" and depth == 0:
                other = m.end() + t.start(), m.end() + t.end()
            elif word == "\\fi":
                if depth == 0:
                    end = m.end() + t.start(), m.end() + t.end()
                    break
                depth -= 1
        if end is None:
            break
        yes = text[m.end(): other[0] if other else end[0]]
        no = text[other[1]: end[0]] if other else ""
        text = text[: m.start()] + (yes if values.get(m.group(1)) else no) + text[end[1]:]
    return text


_DOCCLASS = re.compile(r"\\document(?:class|style)\s*(?:\[[^\]]*\])?\s*\{")
_BEGIN_DOC = re.compile(r"\\begin\s*\{document\}")
_END_DOC = re.compile(r"\\end\s*\{document\}")
_INPUT = re.compile(
    r"\\(?P<cmd>input|include|subfile|import|subimport|inputfrom|subinputfrom|includefrom|subincludefrom)"
    r"(?![A-Za-z@])\s*(?:\{(?P<a>[^{}]*)\}(?:\s*\{(?P<b>[^{}]*)\})?|(?P<bare>[^\s{}\\]+))")


def _tex_files(folder: Path) -> list[Path]:
    files = []
    try:
        for path in sorted(folder.rglob("*")):
            if (path.suffix.lower() in TEX_SUFFIXES and path.is_file()
                    and not path.is_symlink()):
                files.append(path)
            if len(files) >= MAX_FILES:
                break
    except OSError:
        pass
    return files


# a supplement or a rebuttal compiled on its own beside the paper is not the paper, even when
# it inputs more files (a supplement of 40 result tables)
_NOT_MAIN = re.compile(r"(?i)(?<![a-z])(?:supp|rebuttal|response|to_?do|cover|letter|poster|slides)")


def find_main(folder: Path, title: str = "") -> Path | None:
    """The main file: has \\documentclass and \\begin{document} (or inputs the file that
    has it); of several, one not named as a supplement, then one titled as the paper is
    (`title`, when known: an old draft left beside the paper), then the one that inputs the
    most other files, then the largest."""
    candidates = []
    files = _tex_files(folder)
    stems = {p.stem for p in files} | {p.name for p in files}
    for path in files:
        text = strip_comments(_read(path))
        if not _DOCCLASS.search(text):
            continue
        inputs = {_input_name(m).rsplit("/", 1)[-1] for m in _INPUT.finditer(text)}
        score = len({n for n in inputs if n in stems or n + ".tex" in stems})
        # \begin{document} is nearly always in the main file itself, rarely in an input
        candidates.append((not _NOT_MAIN.search(path.stem), bool(_BEGIN_DOC.search(text)) or score > 0,
                           _same_title(title, text), score, len(text), str(path), path))
    if not candidates:
        return None
    return max(candidates)[-1]


def _same_title(title: str, text: str) -> bool:
    """Whether the file's \\title has most words of `title`."""
    want = set(re.findall(r"[a-z0-9]+", title.lower()))
    if not want:
        return False
    have = set(re.findall(r"[a-z0-9]+", title_of(text).lower()))
    return len(want & have) >= 0.6 * len(want)


def _input_name(m: re.Match[str]) -> str:
    if m.group("bare"):
        return m.group("bare").strip()
    if m.group("b") is not None and m.group("cmd") not in ("input", "include", "subfile"):
        return (m.group("a") or "").strip().rstrip("/") + "/" + m.group("b").strip()
    return (m.group("a") or "").strip().strip('"')


def _resolve(name: str, dirs: list[Path], root: Path) -> Path | None:
    if not name or name.startswith("/") or "\x00" in name:
        return None
    for base in dirs:
        for candidate in (base / name, base / (name + ".tex")):
            try:
                if candidate.is_file() and candidate.resolve().is_relative_to(root):
                    return candidate
            except (OSError, ValueError):
                continue
    return None


@dataclass
class _Budget:
    chars: int = MAX_TOTAL_CHARS
    seen: set[Path] = field(default_factory=set)


def _inline(text: str, here: Path, main_dir: Path, root: Path, depth: int, budget: _Budget) -> str:
    """Replace \\input and friends by the (comment-stripped) files they name, recursively."""
    if depth > MAX_INPUT_DEPTH or "\\" not in text:
        return text
    out: list[str] = []
    pos = 0
    for m in _INPUT.finditer(text):
        name = _input_name(m)
        if m.group("cmd") in ("subimport", "subinputfrom", "subincludefrom"):
            dirs = [here, main_dir]
        else:
            dirs = [main_dir, here]
        path = _resolve(name, dirs, root)
        out.append(text[pos:m.start()])
        pos = m.end()
        if path is None or path.suffix.lower() in (".pdf", ".png", ".jpg", ".eps", ".sty", ".cls"):
            continue
        key = path.resolve()
        if key in budget.seen or budget.chars <= 0:
            continue
        budget.seen.add(key)
        sub = _drop_dead(strip_comments(_read(path)))
        begin = _BEGIN_DOC.search(sub) if _DOCCLASS.search(sub) else None
        if begin:  # a subfile or standalone document: keep its body only
            end = _END_DOC.search(sub, begin.end())
            sub = sub[begin.end(): end.start() if end else len(sub)]
        sub = sub[: max(budget.chars, 0)]
        budget.chars -= len(sub)
        out.append("\n" + _inline(sub, path.parent, main_dir, root, depth + 1, budget) + "\n")
        budget.seen.discard(key)  # the same file may be input twice, just not inside itself
    out.append(text[pos:])
    return "".join(out)


# -- macros -----------------------------------------------------------------------------------

_DEF = re.compile(
    r"\\(?P<kind>(?:re)?newcommand\*?|providecommand\*?|DeclareRobustCommand\*?|"
    r"DeclareMathOperator\*?|[gex]?def|(?:re)?newenvironment\*?)(?![A-Za-z@])\s*")
# Names whose meaning the reader relies on: never replaced by a paper's own definition.
_PROTECTED = names("""
section subsection subsubsection paragraph subparagraph chapter caption label begin end item
input include subfile footnote url href appendix title author maketitle bibliography
multicolumn multirow hline tabularnewline cite citep citet ref eqref includegraphics and
abstract textbf
""")


@dataclass
class Macro:
    nargs: int
    default: str | None
    body: str


def _close(text: str, i: int, opening: str = "{", closing: str = "}") -> int:
    """Given text[i] == opening, the index just after its match (or len(text)); brace
    groups inside a [bracket] argument are skipped whole."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == "{" and opening != "{":
            i = _close(text, i)
            continue
        if c == opening:
            depth += 1
        elif c == closing:
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _skip_ws(text: str, i: int) -> int:
    while i < len(text) and text[i] in " \t\n":
        i += 1
    return i


def _read_group(text: str, i: int) -> tuple[str | None, int]:
    """The content of a {group} (or a single token) at i, and the index after it."""
    i = _skip_ws(text, i)
    if i >= len(text):
        return None, i
    if text[i] == "{":
        end = _close(text, i)
        return text[i + 1: end - 1], end
    if text[i] == "\\":
        m = re.compile(r"\\(?:[A-Za-z@]+|.)").match(text, i)
        if m:
            return m.group(), m.end()
    if text[i] in "}[]":
        return None, i
    return text[i], i + 1


def _read_opt(text: str, i: int) -> tuple[str | None, int]:
    j = _skip_ws(text, i)
    if j < len(text) and text[j] == "[":
        end = _close(text, j, "[", "]")
        return text[j + 1: end - 1], end
    return None, i


# a macro's name: a word, or a control symbol ("\renewcommand{\*}[1]{\textbf{#1}}" marks
# the best cells)
_MACRO_NAME = re.compile(r"\\(?:[A-Za-z@]+|[*!+?])")


def collect_macros(text: str) -> tuple[dict[str, Macro], str]:
    """The paper's macro definitions, and the text with the definitions taken out."""
    macros: dict[str, Macro] = {}
    out: list[str] = []
    pos = 0
    for m in _DEF.finditer(text):
        if m.start() < pos:
            continue
        kind = m.group("kind")
        i = m.end()
        try:
            if kind.endswith("environment") or kind.endswith("environment*"):
                _, i = _read_group(text, i)
                _, i = _read_opt(text, i)
                _, i = _read_opt(text, i)
                _, i = _read_group(text, i)
                _, i = _read_group(text, i)
                out.append(text[pos:m.start()])
                pos = i
                continue
            if kind.endswith("def"):
                nm = re.compile(r"\\([A-Za-z@]+)((?:#\d)*)\s*(?=\{)").match(text, i)
                if not nm:
                    continue
                name, nargs = nm.group(1), nm.group(2).count("#")
                body, i = _read_group(text, nm.end())
                default = None
            else:
                if i < len(text) and text[i] == "{":
                    raw, i = _read_group(text, i)
                    name = (raw or "").strip()
                else:
                    nm = _MACRO_NAME.match(text, i)
                    if not nm:
                        continue
                    name, i = nm.group(), nm.end()
                if not _MACRO_NAME.fullmatch(name):
                    continue
                name = name[1:]
                if kind.startswith("DeclareMathOperator"):
                    nargs, default = 0, None
                else:
                    n, i = _read_opt(text, i)
                    nargs = int(n) if n and n.strip().isdigit() else 0
                    default, i = _read_opt(text, i)
                body, i = _read_group(text, i)
        except (ValueError, IndexError):
            continue
        out.append(text[pos:m.start()])
        pos = i
        if body is None or "@" in name or name in _PROTECTED or name.startswith("the"):
            continue
        if kind.startswith("provide") and name in macros:
            continue
        macros[name] = Macro(min(nargs, 9), default, body)
    out.append(text[pos:])
    return macros, "".join(out)


_USEPACKAGE = re.compile(r"\\(?:usepackage|RequirePackage)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
# What a style file's definition may not contain to be read as a text macro: its layout
# and programming (a paper's own macros.sty holds \newcommand{\ours}{RoBERTa}; a
# conference style holds \def\toptitlebar{\hrule height4pt\vskip .25in}).
_LAYOUT = re.compile(
    r"@|\\(?:[gex]?def|let|global|expandafter|csname|if[A-Za-z]*|par|[hv]skip|[hv]rule|kern|put|"
    r"penalty|vspace|hspace|setlength|addtolength|newcommand|renewcommand|relax|makebox|"
    r"parbox|special|font|selectfont|fontsize|normalsize|mbox|hbox|vbox|raise|lower|"
    r"AtBeginDocument|PackageWarning|ClassWarning)(?![A-Za-z@])")


def package_macros(preamble: str, here: Path, root: Path) -> dict[str, Macro]:
    """Text macros from the paper's own style files (\\usepackage{macros} with macros.sty
    in the folder). Names this reader already knows are left alone, and so is layout."""
    macros: dict[str, Macro] = {}
    for m in _USEPACKAGE.finditer(preamble):
        for name in m.group(1).split(","):
            path = _resolve(name.strip() + ".sty", [here], root)
            if path is None:
                continue
            found, _ = collect_macros(_drop_dead(strip_comments(_read(path))))
            for key, macro in found.items():
                if key not in KNOWN and not _LAYOUT.search(macro.body):
                    macros[key] = macro
    return macros


def expand(text: str, macros: dict[str, Macro]) -> str:
    """Replace the paper's macros by their bodies, arguments filled in; bounded depth."""
    if not macros:
        return text
    pattern = re.compile(
        r"(?<!\\)\\(" + "|".join(sorted(map(re.escape, macros), key=len, reverse=True)) + r")(?![A-Za-z@])")
    limit = 4 * len(text) + 1_000_000
    for _ in range(MAX_EXPANSION_PASSES):
        out: list[str] = []
        pos = 0
        changed = False
        for m in pattern.finditer(text):
            if m.start() < pos:
                continue
            macro = macros[m.group(1)]
            i = m.end()
            args: list[str] = []
            if macro.nargs:
                first = 0
                if macro.default is not None:
                    opt, i = _read_opt(text, i)
                    args.append(macro.default if opt is None else opt)
                    first = 1
                for _ in range(first, macro.nargs):
                    arg, i = _read_group(text, i)
                    args.append(arg or "")
            body = macro.body
            if args:
                body = re.sub(r"#(\d)", lambda g, a=args: a[int(g.group(1)) - 1] if 0 < int(g.group(1)) <= len(a) else "", body)
            elif m.end() < len(text) and text[m.end()].isalpha() and body and body[-1].isalpha():
                body += " "  # "\ourmodel is": TeX would eat the space; readers want it
            out.append(text[pos:m.start()])
            out.append(body)
            pos = i
            changed = True
        if not changed:
            break
        out.append(text[pos:])
        text = "".join(out)
        if len(text) > limit:
            break
    return text


# -- the document walk ------------------------------------------------------------------------

_STRUCT = re.compile(
    r"\\(?P<sec>section|subsection|subsubsection|chapter)(?P<star>\*?)(?![A-Za-z@])"
    r"|\\(?P<run>paragraph|subparagraph|item)(?![A-Za-z@])"
    r"|\\(?P<appendix>appendix)(?![A-Za-z@])"
    r"|\\(?P<bib>bibliography|printbibliography)(?![A-Za-z@])"
    r"|\\(?P<maketitle>maketitle)(?![A-Za-z@])"
    r"|\\begin\s*\{(?P<env>[A-Za-z]+\*?)\}"
    r"|\\(?P<abs>abstract)\s*(?=\{)"
    r"|\\(?P<par>par)(?![A-Za-z@])"
    r"|(?P<blank>\n[ \t]*\n)")
_FLOATS = names("""
table table* figure figure* wrapfigure wraptable sidewaystable sidewaystable* sidewaysfigure
sidewaysfigure* SCtable SCfigure subfigure* figwindow tabwindow
""")
_RELATED = re.compile(r"related\s+work|background|prior\s+work|previous\s+work|literature|related\s+research|related\s+approaches")
_APPENDIX = re.compile(r"(?:appendix|appendices|supplementary|supplemental)\b")
_URL = re.compile(r"https?://[^\s<>\"'{}|\\^`\[\]()]+(?:\([^\s()]*\)[^\s<>\"'{}|\\^`\[\]()]*)?")
_CAPTION = re.compile(r"\\(?:caption|captionof\s*\{[^}]*\})(?P<star>\*?)(?![A-Za-z@])")
_LABEL = re.compile(r"\\label\s*\{([^}]*)\}")
_LEVELS = {"chapter": 1, "section": 1, "subsection": 2, "subsubsection": 3}


def _env_end(text: str, start: int, name: str) -> tuple[int, int]:
    """From just after \\begin{name}: where its content ends and where \\end{name} ends."""
    pat = re.compile(r"\\(begin|end)\s*\{" + re.escape(name) + r"\}")
    depth = 0
    first = None
    for m in pat.finditer(text, start):
        if m.group(1) == "begin":
            depth += 1
        elif depth == 0:
            return m.start(), m.end()
        else:
            first = first or m
            depth -= 1
    if first:  # unbalanced (a \begin in a branch not taken): the first \end closes it
        return first.start(), first.end()
    return len(text), len(text)


def _letter(n: int) -> str:
    s = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s or "0"


@dataclass
class _Walk:
    """The state of one pass over the body: counters, zone, section, what was found."""

    blocks: list[Block] = field(default_factory=list)
    zone: str = FRONT
    section: str = ""
    counters: list[int] = field(default_factory=lambda: [0, 0, 0])
    appendix: bool = False  # after \\appendix: sections numbered A, B, ...
    ieee: bool = False  # sections numbered "II", subsections "II-A", as IEEEtran prints them
    late: bool = False  # in the appendix zone, for good
    after_bib: bool = False
    floats: dict[str, int] = field(default_factory=dict)  # "Table" -> tables numbered so far
    labels: dict[str, tuple[str, str]] = field(default_factory=dict)  # key -> (kind, number)
    urls: list[str] = field(default_factory=list)
    pending_step: str = ""  # an algorithm's keyword ("for") waiting for its step

    # -- blocks --------------------------------------------------------------------------

    def add(self, kind: str, text: str, table: Table | None = None, zone: str | None = None,
            section: str | None = None, urls: list[str] | None = None) -> None:
        zone = zone or self.zone
        if zone != REFERENCES:
            self.urls.extend(urls or [])
            self.urls.extend(m.group().rstrip(".,;:") for m in _URL.finditer(text))
        self.blocks.append(Block(kind=kind, text=text, zone=zone,
                                 section=self.section if section is None else section,
                                 table=table))

    def prose(self, src: str, zone: str | None = None, section: str | None = None) -> None:
        if not src.strip():
            return
        try:
            r = Renderer(src)
            text = finish(r.render())
        except (RecursionError, IndexError, ValueError):
            return
        if text:
            self.add(PROSE, text, zone=zone, section=section, urls=r.urls)

    def paragraphs(self, src: str, zone: str | None = None, section: str | None = None) -> None:
        for part in re.split(r"\n[ \t]*\n|\\par(?![A-Za-z@])|(?=\\item(?![A-Za-z@]))", src):
            self.prose(part, zone=zone, section=section)

    # -- headings ------------------------------------------------------------------------

    def heading(self, level: int, star: bool, title_src: str, label: str | None) -> None:
        title = finish(Renderer(title_src, notes=False).render())
        number = ""
        c = self.counters
        if not star:
            if level == 1:
                c[0] += 1
                c[1] = c[2] = 0
            elif level == 2:
                c[1] += 1
                c[2] = 0
            else:
                c[2] += 1
            top = _letter(c[0]) if self.appendix else str(c[0])
            number = ".".join([top, str(c[1]), str(c[2])][:level])
            if self.ieee and not self.appendix:
                number = "".join([to_roman(c[0]), f"-{_letter(c[1])}", str(c[2])][:level])
            if label:
                self.labels[label] = ("Appendix" if self.appendix and level == 1 else "Section", number)
        if level == 1:
            low = title.lower()
            if self.late or self.after_bib or _APPENDIX.match(low):
                self.late = True
                self.zone = APPENDIX
            elif re.fullmatch(r"abstract", low):
                self.zone = ABSTRACT
            elif re.fullmatch(r"references|bibliography", low):
                self.zone = REFERENCES
            elif _RELATED.search(low):
                self.zone = RELATED
            else:
                self.zone = BODY
        elif self.zone == FRONT:
            self.zone = BODY
        text = f"{number} {title}".strip() if number else title
        self.section = text
        if text:
            self.add(HEADING, text)

    def start_appendix(self) -> None:
        self.appendix = self.late = True
        self.counters = [0, 0, 0]
        self.zone = APPENDIX

    # -- floats and tables ---------------------------------------------------------------

    def float_(self, env: str, content: str) -> None:
        is_table = env.lower().startswith(("table", "wraptable", "sidewaystable", "sctable", "tabwindow"))
        parts = _side_by_side(content) or _stacked(content)
        if len(parts) > 1:  # two tables in one float, each with its own \caption
            for part in parts:
                self.float_(env, part)
            return
        captions = list(_CAPTION.finditer(content))
        numbered = any(not m.group("star") for m in captions)
        label = self.number_float("Table" if is_table else "Figure", content) if numbered else ""
        taken = _take_caption(content)
        caption = taken[0] if taken else ""
        found = False
        for spec, body in _tabulars(content):
            found = self.table(body, caption, label, spec) or found
        if caption and (not is_table or not found):
            self.add(CAPTION, f"{label}: {caption}" if label else caption)

    def number_float(self, kind: str, content: str) -> str:
        """The label of the next numbered float of `kind` ("Table 3"); its \\labels noted.

        Tables, longtables and table* share one counter, as in LaTeX."""
        self.floats[kind] = number = self.floats.get(kind, 0) + 1
        self.label_all(content, kind, str(number))
        return f"{kind} {number}"

    def label_all(self, text: str, kind: str, number: str) -> None:
        for key in _LABEL.findall(text):
            self.labels.setdefault(key.strip(), (kind, number))

    def algorithm(self, content: str) -> None:
        """An algorithm float: its caption ("Algorithm 1: ...") and one block per step,
        which may name a setting ("Initialize replay memory D to capacity N")."""
        label = ""
        taken = _take_caption(content)
        if taken:
            caption, numbered, rest = taken
            if numbered:
                label = self.number_float("Algorithm", content)
            content = rest
            if caption:
                self.add(CAPTION, f"{label}: {caption}" if label else caption)
        inner = re.search(r"\\begin\s*\{algorithmic\*?\}(?:\s*\[[^\]]*\])?(.*?)(?:\\end\s*\{algorithmic\*?\}|$)",
                          content, re.S)
        steps = inner.group(1) if inner else content
        for step in _STEP.split(steps):
            if not step or step == "\\;":
                continue
            word = _STEP_WORDS.get(step.strip("\\").lower())
            if word is not None:
                self.pending_step = word
                continue
            text = finish(self.pending_step + " " + finish(Renderer(step).render()))
            self.pending_step = ""
            if text:
                self.add(PROSE, text)

    def table(self, body: str, caption: str, label: str, spec: str = "") -> bool:
        try:
            rows, header = parse_tabular(body, spec)
        except (RecursionError, IndexError, ValueError):
            return False
        if not rows:
            return False
        table = Table(caption=caption, label=label, rows=rows, header_rows=header)
        self.add(TABLE, table_text(rows), table=table, urls=[])
        return True

    def longtable(self, body: str, spec: str = "") -> None:
        """A longtable carries its caption among its rows; its head may be repeated."""
        caption, label = "", ""
        taken = _take_caption(body)
        if taken:
            caption, numbered, rest = taken
            if numbered:
                label = self.number_float("Table", body)
            body = rest
        first = body.find("\\endfirsthead")
        head = body.find("\\endhead")
        if 0 <= first < head:
            body = body[:first] + body[head + len("\\endhead"):]
        self.table(body, caption, label, spec)


_MINIPAGE = re.compile(r"\\begin\s*\{minipage\}")


def _side_by_side(content: str) -> list[str]:
    """The minipages of a float that each hold one numbered caption of their own.

    LaTeX numbers every \\caption of a float, so two minipages with a caption each
    are two tables (or figures), each with its own rows and label. Anything else
    (one caption, sub-captions of subtables) stays one float.
    """
    parts: list[str] = []
    pos = 0
    while m := _MINIPAGE.search(content, pos):
        end, after = _env_end(content, m.end(), "minipage")
        part = content[m.end():end]
        if sum(not c.group("star") for c in _CAPTION.finditer(part)) == 1:
            parts.append(part)
        pos = after
    numbered = sum(not c.group("star") for c in _CAPTION.finditer(content))
    return parts if len(parts) > 1 and len(parts) == numbered else []


def _stacked(content: str) -> list[str]:
    """A float's tabulars set one under another, each with a numbered caption of its own
    (\\captionof{table} after each, or \\caption above each): one part per tabular."""
    captions = [m for m in _CAPTION.finditer(content) if not m.group("star")]
    tabulars = [m.start() for m in _TABULAR_BEGIN.finditer(content)]
    if len(captions) < 2 or len(captions) != len(tabulars):
        return []
    if captions[0].start() < tabulars[0]:  # captions above their tables
        cuts = [m.start() for m in captions[1:]]
    else:  # below: a part ends after its caption and the \label that follows it
        cuts = []
        for m in captions[:-1]:
            _, i = _read_opt(content, m.end())
            _, end = _read_group(content, i)
            label = re.match(r"\s*\\label\s*\{[^}]*\}", content[end:])
            cuts.append(end + (label.end() if label else 0))
    bounds = [0, *cuts, len(content)]
    parts = [content[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    ok = all(len(_TABULAR_BEGIN.findall(p)) == 1 and _CAPTION.search(p) for p in parts)
    return parts if ok else []


def _take_caption(text: str) -> tuple[str, bool, str] | None:
    """The first \\caption's text, whether it is numbered, and the text without it."""
    m = _CAPTION.search(text)
    if not m:
        return None
    _, i = _read_opt(text, m.end())
    raw, end = _read_group(text, i)
    return finish(Renderer(raw or "").render()), not m.group("star"), text[:m.start()] + text[end:]


# Algorithm steps (algorithmic, algpseudocode, algorithm2e) and the word each one prints.
_STEP_WORDS = {
    "state": "", "statex": "", "for": "for", "forall": "for all", "while": "while",
    "if": "if", "elsif": "else if", "elseif": "else if", "else": "else", "repeat": "repeat",
    "until": "until", "loop": "loop", "require": "Require:", "ensure": "Ensure:",
    "return": "return", "procedure": "procedure", "function": "function", "input": "Input:",
    "output": "Output:", "kwin": "Input:", "kwout": "Output:", "kwdata": "Data:",
    "kwresult": "Result:", "comment": "#", "endfor": "", "endwhile": "", "endif": "",
    "endloop": "", "endprocedure": "", "endfunction": "", "item": "",
}
_STEP = re.compile(r"(\\(?:" + "|".join(sorted(_STEP_WORDS, key=len, reverse=True))
                   + r")(?![A-Za-z@])|\\;)", re.I)


def _tabular_body(text: str, name: str, i: int) -> tuple[int, str]:
    """Skip a tabular's arguments (width, position, column spec) from just after \\begin;
    where its body starts, and its column spec."""
    if name in ("tabular*", "tabularx", "tabulary", "xtabular"):
        _, i = _read_group(text, i)
    _, i = _read_opt(text, i)
    if name == "tblr":
        _, i = _read_group(text, i)
        return i, ""
    if name == "tabu":
        m = re.compile(r"\s*(?:to|spread)\s*[^{]*").match(text, i)
        if m:
            i = m.end()
    spec, i = _read_group(text, i)
    return i, spec or ""


_TABULAR_BEGIN = re.compile(r"\\begin\s*\{(" + "|".join(re.escape(t) for t in TABULARS) + r")\}")


def _tabulars(content: str, standalone: bool = False) -> list[tuple[str, str]]:
    """The column specs and bodies of the outermost tabulars in a float's content."""
    bodies = []
    pos = 0
    while True:
        m = _TABULAR_BEGIN.search(content, pos)
        if not m:
            return bodies
        name = m.group(1)
        start, spec = _tabular_body(content, name, m.end())
        end, after = _env_end(content, m.end(), name)
        bodies.append((spec, content[start:end]))
        pos = after


# -- front matter -----------------------------------------------------------------------------

_TITLE = re.compile(r"\\(?:title|icmltitle)\s*(?=[\[{])")
_AUTHOR = re.compile(r"\\author\s*(?=[\[{])")
_ICML_AUTHOR = re.compile(r"\\icmlauthor\s*(?=\{)")
_NOT_A_NAME = re.compile(
    r"(?i)\b(?:university|universit[äé]|institute|inc|research|lab|labs|laboratory|team|google|"
    r"microsoft|facebook|deepmind|openai|department|dept|school|college|center|centre|"
    r"corporation|corp|brain|ai|fair|college|equal|contribution|work|email|usa|germany|canada)\b")


def _front_groups(text: str, pattern: re.Pattern[str]) -> list[str]:
    groups = []
    for m in pattern.finditer(text):
        _, i = _read_opt(text, m.end())
        raw, _ = _read_group(text, i)
        groups.append(raw or "")
    return groups


def title_of(text: str) -> str:
    titles = _front_groups(text, _TITLE)
    return finish(Renderer(titles[0], notes=False).render()) if titles else ""


def front_urls(text: str) -> list[str]:
    """Links in the title and author block (a \\thanks{Code: \\url{..}})."""
    urls: list[str] = []
    for raw in _front_groups(text, _TITLE) + _front_groups(text, _AUTHOR):
        r = Renderer(raw.replace("\\thanks", "\\footnote"))  # notes are kept here
        rendered = r.render()
        urls.extend(r.urls)
        urls.extend(m.group().rstrip(".,;:") for m in _URL.finditer(rendered))
    return urls


def _is_name(s: str) -> bool:
    words = s.split()
    if not 2 <= len(words) <= 4 or len(s) > 50:
        return False
    if len(words) == 4 and not re.search(r"\b(?:[a-z]+|[A-Z]\.)\s", s):
        return False  # four capitalised words: more likely two names run together
    if re.search(r"[\d@(){}\[\]:;/|]", s) or _NOT_A_NAME.search(s):
        return False
    return all(w[0].isupper() or w in ("van", "der", "den", "de", "von", "la", "le", "di", "da", "du")
               for w in words)


def authors_of(text: str) -> list[str]:
    names: list[str] = []
    for m in _ICML_AUTHOR.finditer(text):
        raw, _ = _read_group(text, m.end())
        name = finish(Renderer(raw or "", notes=False).render())
        if _is_name(name) and name not in names:
            names.append(name)
    if names:
        return names
    for raw in _front_groups(text, _AUTHOR):  # one \author for all, or one each (authblk)
        for name in _names_in(raw):
            if name not in names:
                names.append(name)
    return names


def _names_in(raw: str) -> list[str]:
    """The names in an \\author block: the leading lines of each \\and-part that hold only names."""
    names: list[str] = []
    # Separators between names on one line: \quad, \hspace{..}, "~ ~ ~".
    raw = re.sub(r"(\\\\)|\\(?:q?quad|hspace\*?\s*\{[^}]*\}|hfill)(?![A-Za-z@])|~(?:\s*~)+",
                 lambda g: g.group(1) or ",", raw)
    for chunk in re.split(r"\\(?:and|And|AND)(?![A-Za-z@])", raw):
        rendered = Renderer(chunk, notes=False, lines=True).render()
        for line in rendered.split(LINE):
            line = re.sub(r"\^(?:\([^)]*\)|[^\s,]+)|[*∗†‡§¶⋆]", "", finish(line))
            parts = [p.strip() for p in re.split(r",|\band\b", line) if p.strip()]
            if not parts:
                continue
            if not all(_is_name(p) for p in parts):
                break
            names.extend(p for p in parts if p not in names)
    return names


# -- the entry point --------------------------------------------------------------------------


def parse_source(folder: Path, title: str = "") -> Document | None:
    """The Document of an unpacked LaTeX source folder, or None when it holds no usable LaTeX.
    `title`, when known, is the paper's: of several main files, the one so titled is read."""
    try:
        return _parse(Path(folder), title)
    except Exception:  # noqa: BLE001 - best effort by design: the PDF is read instead
        return None


def _parse(folder: Path, title: str = "") -> Document | None:
    if not folder.is_dir():
        return None
    main = find_main(folder, title)
    if main is None:
        return None
    root = folder.resolve()
    budget = _Budget(seen={main.resolve()})
    text = _drop_dead(strip_comments(_read(main)))
    text = _inline(text, main.parent, main.parent, root, 0, budget)
    text = _conditionals(text)
    begin = _BEGIN_DOC.search(text)
    if not begin:
        return None
    macros = package_macros(text[: begin.start()], main.parent, root)
    own, text = collect_macros(text)
    macros.update(own)
    begin = _BEGIN_DOC.search(text)
    if not begin:
        return None
    preamble, body = text[: begin.start()], text[begin.end():]
    end = _END_DOC.search(body)
    if end:
        body = body[: end.start()]
    body = expand(body, macros)
    front = expand(preamble, macros) + body
    # IEEE's class and REVTeX (APS, AIP) number sections "II", subsections "II-A"
    walk = _walk(body, ieee=bool(re.search(
        r"\\documentclass\s*(?:\[[^\]]*\])?\s*\{[^}]*(?:IEEEtran|revtex)", preamble)))
    doc = Document(origin="latex")
    doc.title = title_of(front)
    doc.authors = authors_of(front)
    _resolve_refs(walk)
    head = []
    if doc.title:
        head.append(Block(kind=PROSE, text=doc.title, zone=FRONT))
    if doc.authors:
        head.append(Block(kind=PROSE, text=", ".join(doc.authors), zone=FRONT))
    doc.blocks = head + walk.blocks
    doc.abstract = "\n".join(b.text for b in walk.blocks if b.zone == ABSTRACT and b.kind == PROSE)
    doc.urls = list(dict.fromkeys(u for u in front_urls(front) + walk.urls if u))
    text_chars = sum(len(b.text) for b in walk.blocks if b.kind != HEADING)
    if "\\includepdf" in body and text_chars < 1000 and not doc.tables:
        return None  # a wrapper around the PDF: no source to read
    if not walk.blocks:
        return None
    return doc


def _unbracket(body: str) -> str:
    """`\\twocolumn[...]` holds the front matter (ICML): read it as if unbracketed."""
    m = re.search(r"\\twocolumn\s*\[", body)
    if not m:
        return body
    end = _close(body, m.end() - 1, "[", "]")
    return body[:m.start()] + body[m.end():end - 1] + "\n\n" + body[end:]


def _walk(body: str, ieee: bool = False) -> _Walk:
    body = _unbracket(body)
    w = _Walk(ieee=ieee)
    pos = chunk = 0
    n = len(body)
    while pos < n:
        m = _STRUCT.search(body, pos)
        if not m:
            break
        kind = m.lastgroup
        if kind == "star":
            kind = "sec"
        if kind in ("blank", "par"):
            w.prose(body[chunk:m.start()])
            chunk = pos = m.end()
        elif kind == "run":  # \paragraph, \item: a new paragraph that starts here
            w.prose(body[chunk:m.start()])
            chunk, pos = m.start(), m.end()
        elif kind == "sec":
            w.prose(body[chunk:m.start()])
            _, i = _read_opt(body, m.end())
            title, i = _read_group(body, i)
            lm = re.compile(r"\s*\\label\s*\{([^}]*)\}").match(body, i)
            label = None
            if lm:
                label, i = lm.group(1).strip(), lm.end()
            else:  # \section{Results\label{sec:results}}
                lm = _LABEL.search(title or "")
                label = lm.group(1).strip() if lm else None
            w.heading(_LEVELS[m.group("sec")], bool(m.group("star")), title or "", label)
            chunk = pos = i
        elif kind == "appendix":
            w.prose(body[chunk:m.start()])
            w.start_appendix()
            chunk = pos = m.end()
        elif kind == "bib":
            w.prose(body[chunk:m.start()])
            _, i = _read_opt(body, m.end())
            if m.group("bib") == "bibliography":
                _, i = _read_group(body, i)
            w.after_bib = True
            chunk = pos = i
        elif kind == "maketitle":
            w.prose(body[chunk:m.start()], zone=FRONT)
            if w.zone == FRONT:
                w.zone = BODY
            chunk = pos = m.end()
        elif kind == "abs":
            w.prose(body[chunk:m.start()])
            raw, i = _read_group(body, m.end())
            w.paragraphs(raw or "", zone=ABSTRACT, section="Abstract")
            if w.zone == FRONT:
                w.zone = BODY
            chunk = pos = i
        else:  # \begin{env}
            pos, keep = _environment(w, body, m, chunk)
            if not keep:
                chunk = pos
    w.prose(body[chunk:])
    return w


def _environment(w: _Walk, body: str, m: re.Match[str], chunk: int) -> tuple[int, bool]:
    """Handle \\begin{env} at m: where scanning goes on, and whether the open paragraph
    goes on too (math, lists, centering) or was flushed (floats, tables, abstract)."""
    env = m.group("env")
    if env in _FLOATS:
        w.prose(body[chunk:m.start()])
        end, after = _env_end(body, m.end(), env)
        with contextlib.suppress(RecursionError, IndexError, ValueError):
            w.float_(env, body[m.end():end])
        return after, False
    if env in ("minipage", "center") and "\\captionof" in body[m.end():_env_end(body, m.end(), env)[0]]:
        # A table or figure set outside a float, numbered by \captionof{table}{...}
        w.prose(body[chunk:m.start()])
        end, after = _env_end(body, m.end(), env)
        content = body[m.end():end]
        kind = re.search(r"\\captionof\s*\{\s*(table|figure)", content)
        with contextlib.suppress(RecursionError, IndexError, ValueError):
            w.float_(kind.group(1) if kind else "figure", content)
        return after, False
    if env in TABULARS and env != "array":
        w.prose(body[chunk:m.start()])
        end, after = _env_end(body, m.end(), env)
        start, spec = _tabular_body(body, env, m.end())
        if env.startswith("longtable"):
            w.longtable(body[start:end], spec)
        else:
            w.table(body[start:end], "", "", spec)
        return after, False
    if env == "abstract":
        w.prose(body[chunk:m.start()])
        end, after = _env_end(body, m.end(), env)
        w.paragraphs(body[m.end():end], zone=ABSTRACT, section="Abstract")
        if w.zone == FRONT:
            w.zone = BODY
        return after, False
    if env in ("algorithm", "algorithm*", "algorithm2e", "algorithm2e*"):
        w.prose(body[chunk:m.start()])
        end, after = _env_end(body, m.end(), env)
        _, start = _read_opt(body, m.end())
        with contextlib.suppress(RecursionError, IndexError, ValueError):
            w.algorithm(body[start:end])
        return after, False
    if env in ("keywords", "IEEEkeywords", "CCSXML", "acks", "acknowledgments"):
        w.prose(body[chunk:m.start()])
        end, after = _env_end(body, m.end(), env)
        zone = FRONT if "key" in env.lower() or env == "CCSXML" else None
        if env != "CCSXML":
            w.paragraphs(body[m.end():end], zone=zone)
        return after, False
    if env == "thebibliography":
        w.prose(body[chunk:m.start()])
        end, after = _env_end(body, m.end(), env)
        _, i = _read_group(body, m.end())
        for entry in re.split(r"(?=\\bibitem(?![A-Za-z@]))", body[i:end]):
            w.prose(entry, zone=REFERENCES, section="References")
        w.after_bib = True
        return after, False
    if env in ("appendix", "appendices"):
        w.prose(body[chunk:m.start()])
        w.start_appendix()
        return m.end(), False
    if env in SKIP_ENVS or env in MATH_ENVS:
        _, after = _env_end(body, m.end(), env)
        if env in SKIP_ENVS:
            w.prose(body[chunk:m.start()])
            return after, False
        return after, True  # math stays in its paragraph
    return m.end(), True


def _resolve_refs(w: _Walk) -> None:
    """Put the printed numbers in place of the reference markers, now that labels are known."""
    pattern = re.compile(re.escape(REF_OPEN) + r"([^" + REF_CLOSE + r"]*)" + re.escape(REF_CLOSE))

    def number(m: re.Match[str]) -> str:
        named = m.group(1).startswith("+")
        keys = [k.strip() for k in m.group(1).lstrip("+").split(",") if k.strip()]
        parts = []
        for k in keys:
            kind, num = w.labels.get(k, ("", "?"))
            parts.append(f"{kind} {num}" if named and kind else num)
        return ", ".join(parts) or "?"

    for block in w.blocks:
        if REF_OPEN in block.text:
            block.text = pattern.sub(number, block.text)
        if block.table is not None:
            if REF_OPEN in block.table.caption:
                block.table.caption = pattern.sub(number, block.table.caption)
            for row in block.table.rows:
                for cell in row:
                    if REF_OPEN in cell.text:
                        cell.text = pattern.sub(number, cell.text)
