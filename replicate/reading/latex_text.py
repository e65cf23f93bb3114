"""LaTeX markup to plain Unicode text, for prose, captions and table cells.

Hand-written rather than a general LaTeX-to-text library because extractors
need specific, stable choices that such libraries do not make: citations become
the token "[cite]" (so other papers' numbers can be skipped), references become
a marker resolved to the printed number later ("Table 2") or "?", math keeps
its numbers readable (`$\\beta_2 = 0.98$` -> "β2 = 0.98", `$10^{-9}$` ->
"10^-9"), footnotes stay inline in parentheses. It works on a token list with
precomputed brace matches, so a whole paper converts in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata


def names(text: str) -> frozenset[str]:
    """A set of command names written as one string, as LaTeX people list them."""
    return frozenset(text.split())


# Marks a \ref until labels are known: REF_OPEN + key + REF_CLOSE (private-use characters).
REF_OPEN, REF_CLOSE = "\ue000", "\ue001"
_SUB_WORD = "\ue002"
LINE = "\u2028"  # a forced line break (\\\\), kept only when asked for (author blocks)  # before a subscript that is a word: " " after a word, "" otherwise

_TOKEN = re.compile(
    r"\\[A-Za-z@]+\*?"  # control word (with its star)
    r"|\\.|\\$"  # control symbol
    r"|(?<=[_^])[A-Za-z0-9]"  # the one-character argument of _ and ^
    r"|(?<=\\['`^\"~=.])[A-Za-z]"  # the one-letter argument of an accent
    r"|[{}$~^_&\[\]]|---?|``|''"
    r"|[^\\{}$~^_&\-`'\[\]]+"
    r"|.",
    re.S,
)

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "varpi": "ϖ", "rho": "ρ",
    "varrho": "ϱ", "sigma": "σ", "varsigma": "ς", "tau": "τ", "upsilon": "υ", "phi": "φ",
    "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ",
    "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ",
    "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}

SYMBOLS = {
    **GREEK,
    "times": "×", "div": "÷", "pm": "±", "mp": "∓", "cdot": "·", "cdots": "⋯", "ldots": "…", "dots": "…",
    "dotsc": "…", "dotsb": "…", "vdots": "⋮", "ddots": "⋱", "textellipsis": "…",
    "approx": "≈", "sim": "~", "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝",
    "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ll": "≪", "gg": "≫", "neq": "≠", "ne": "≠",
    "leqslant": "≤", "geqslant": "≥", "lesssim": "≲", "gtrsim": "≳",
    "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "∏", "int": "∫",
    "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "cup": "∪",
    "cap": "∩", "emptyset": "∅", "varnothing": "∅", "forall": "∀", "exists": "∃",
    "neg": "¬", "lnot": "¬", "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨",
    "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒",
    "Leftarrow": "⇐", "leftrightarrow": "↔", "Leftrightarrow": "⇔", "mapsto": "↦",
    "longrightarrow": "→", "Longrightarrow": "⇒", "uparrow": "↑", "downarrow": "↓",
    "circ": "∘", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "ast": "*", "star": "⋆",
    "dagger": "†", "ddagger": "‡", "dag": "†", "ddag": "‡", "prime": "′", "ell": "ℓ",
    "mid": "|", "vert": "|", "|": "‖", "Vert": "‖", "langle": "⟨", "rangle": "⟩",
    "lceil": "⌈", "rceil": "⌉", "lfloor": "⌊", "rfloor": "⌋", "lbrace": "{", "rbrace": "}",
    "backslash": "\\", "setminus": "∖", "top": "T", "intercal": "T", "perp": "⊥",
    "degree": "°", "textdegree": "°", "checkmark": "✓", "cmark": "✓", "xmark": "✗",
    "S": "§", "P": "¶", "copyright": "©", "textregistered": "®", "texttrademark": "™",
    "textendash": "–", "textemdash": "—", "textbullet": "•", "bullet": "•",
    "textasciitilde": "~", "textasciicircum": "^", "textbar": "|", "textless": "<",
    "textgreater": ">", "textbackslash": "\\", "textunderscore": "_", "textquotedbl": '"',
    "textquoteleft": "'", "textquoteright": "'", "textquotedblleft": '"',
    "textquotedblright": '"', "euro": "€", "pounds": "£", "textdollar": "$",
    "textperthousand": "‰", "textmu": "µ", "textpm": "±", "texttimes": "×",
    "i": "ı", "j": "ȷ", "o": "ø", "O": "Ø", "ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ",
    "OE": "Œ", "aa": "å", "AA": "Å", "l": "ł", "L": "Ł", "LaTeX": "LaTeX", "TeX": "TeX",
    "log": "log", "ln": "ln", "exp": "exp", "max": "max", "min": "min", "arg": "arg",
    "sin": "sin", "cos": "cos", "tan": "tan", "tanh": "tanh", "sinh": "sinh", "cosh": "cosh",
    "lim": "lim", "sup": "sup", "inf": "inf", "det": "det", "Pr": "Pr", "dim": "dim",
    "ker": "ker", "limsup": "lim sup", "liminf": "lim inf", "argmax": "argmax",
    "argmin": "argmin", "eg": "e.g.", "Eg": "E.g.", "ie": "i.e.", "Ie": "I.e.", "etal": "et al.",
    "etc": "etc.", "vs": "vs.", "cf": "cf.", "Cf": "Cf.", "wrt": "w.r.t.", "quad": " ", "qquad": " ", "enspace": " ", "enskip": " ",
    "thinspace": " ", "space": " ", "newline": " ", "linebreak": " ", "par": " ",
    "break": " ", "hfill": " ", "hfil": " ", "cr": " ", "tabularnewline": " ",
    "colon": ":", "lvert": "|", "rvert": "|", "lVert": "‖", "rVert": "‖",
    "textsection": "§", "textdagger": "†", "textdaggerdbl": "‡",
}

# Commands whose single argument is the text itself (fonts, boxes, math alphabets, accents).
UNWRAP = names("""
textbf textit emph textsl texttt textsf textrm textsc textup textmd textnormal underline uline
uuline uwave sout st hl ul mbox hbox fbox framebox text textup mathrm mathbf mathit mathsf mathtt
mathcal mathbb mathfrak mathscr mathnormal bm boldsymbol pmb operatorname ensuremath hat bar
tilde vec dot ddot widehat widetilde overline underbar overrightarrow mathring check breve acute
grave smash boxed textls emphasize textbfit mathbfit mathbold textsubscript underbrace overbrace
lowercase MakeLowercase MakeTextLowercase tnote centerline leftline rightline ignorespaces
nolinkurl texorpdfstring textcolor_last makecell Centerstack shortstack thead
""")

# Commands dropped with their arguments: name -> (optional args, required args).
DROP = {
    "label": (0, 1), "vspace": (0, 1), "hspace": (0, 1), "vspace*": (0, 1), "hspace*": (0, 1),
    "includegraphics": (1, 1), "includegraphics*": (1, 1), "bibliographystyle": (0, 1),
    "nocite": (0, 1), "index": (0, 1), "phantom": (0, 1), "hphantom": (0, 1),
    "vphantom": (0, 1), "setlength": (0, 2), "addtolength": (0, 2), "setcounter": (0, 2),
    "addtocounter": (0, 2), "stepcounter": (0, 1), "refstepcounter": (0, 1), "color": (1, 1),
    "pagecolor": (0, 1), "rule": (1, 2), "specialrule": (0, 3), "cline": (0, 1),
    "hhline": (0, 1), "Xhline": (0, 1), "cmidrule": (0, 1), "cmidrule*": (0, 1),
    "addlinespace": (1, 0), "title": (1, 1), "author": (1, 1), "date": (0, 1), "thanks": (0, 1),
    "affiliation": (1, 1), "email": (0, 1), "address": (0, 1), "institute": (0, 1),
    "icmltitle": (0, 1), "icmltitlerunning": (0, 1), "icmlauthor": (0, 2),
    "icmlaffiliation": (0, 2), "icmlcorrespondingauthor": (0, 2), "icmlkeywords": (0, 1),
    "icmlsetsymbol": (0, 2), "icmladdress": (0, 1), "icmlEqualContribution": (0, 0), "printAffiliationsAndNotice": (0, 1),
    "keywords": (0, 1), "thispagestyle": (0, 1), "pagestyle": (0, 1), "captionsetup": (1, 1),
    "usepackage": (1, 1), "RequirePackage": (1, 1), "documentclass": (1, 1),
    "bibliography": (0, 1), "graphicspath": (0, 1), "definecolor": (0, 3),
    "hypersetup": (0, 1), "includepdf": (1, 1), "input": (0, 1), "include": (0, 1),
    "footnotemark": (1, 0), "rowcolor": (1, 1), "cellcolor": (1, 1), "columncolor": (1, 1),
    "arrayrulecolor": (1, 1), "fontsize": (0, 2),
    "selectfont": (0, 0), "runninghead": (0, 1), "markboth": (0, 2), "markright": (0, 1),
    "crefname": (0, 3), "Crefname": (0, 3), "theoremstyle": (0, 1), "newtheorem": (1, 2),
    "newtheorem*": (1, 2), "setcitestyle": (0, 1), "bibpunct": (1, 6), "iclrfinalcopy": (0, 0),
    "raggedbottom": (0, 0), "multicolsep": (0, 0), "linewidth": (0, 0), "textwidth": (0, 0),
    "columnwidth": (0, 0), "hline": (0, 0), "toprule": (1, 0), "midrule": (1, 0),
    "bottomrule": (1, 0), "hdashline": (1, 0), "firsthline": (0, 0), "lasthline": (0, 0),
    "endhead": (0, 0), "endfirsthead": (0, 0), "endfoot": (0, 0), "endlastfoot": (0, 0),
    "noalign": (0, 1), "vskip": (0, 0), "hskip": (0, 0), "bigskip": (0, 0),
    "medskip": (0, 0), "smallskip": (0, 0), "noindent": (0, 0), "indent": (0, 0),
    "centering": (0, 0), "raggedright": (0, 0), "raggedleft": (0, 0), "maketitle": (0, 0),
    "newpage": (0, 0), "clearpage": (0, 0), "cleardoublepage": (0, 0), "pagebreak": (1, 0),
    "nopagebreak": (1, 0), "tableofcontents": (0, 0), "appendix": (0, 0),
    "onecolumn": (0, 0), "twocolumn": (0, 0), "xspace": (0, 0), "protect": (0, 0),
    "relax": (0, 0), "nobreak": (0, 0), "displaystyle": (0, 0), "textstyle": (0, 0),
    "scriptstyle": (0, 0), "scriptscriptstyle": (0, 0), "left": (0, 0), "right": (0, 0),
    "big": (0, 0), "Big": (0, 0), "bigg": (0, 0), "Bigg": (0, 0), "bigl": (0, 0),
    "bigr": (0, 0), "Bigl": (0, 0), "Bigr": (0, 0), "biggl": (0, 0), "biggr": (0, 0),
    "Biggl": (0, 0), "Biggr": (0, 0), "middle": (0, 0), "limits": (0, 0), "nolimits": (0, 0),
    "nonumber": (0, 0), "notag": (0, 0), "tag": (0, 1), "strut": (0, 0), "bigstrut": (1, 0),
    "label*": (0, 1), "linenumbers": (0, 0), "nolinenumbers": (0, 0), "balance": (0, 0),
    "FloatBarrier": (0, 0), "leavevmode": (0, 0), "null": (0, 0), "hbadness": (0, 0),
    "sloppy": (0, 0), "fussy": (0, 0), "allowbreak": (0, 0), "mathstrut": (0, 0),
    "printbibliography": (1, 0), "newblock": (0, 0), "bibitem": (1, 1),
    "and": (0, 0), "And": (0, 0), "AND": (0, 0), "baselineskip": (0, 0),
    "vfill": (0, 0), "vfil": (0, 0), "boldmath": (0, 0), "unboldmath": (0, 0),
    "titlerunning": (0, 1), "authorrunning": (0, 1), "subtitle": (0, 1),
    "DeclareMathOperator": (0, 2), "DeclareMathOperator*": (0, 2), "let": (0, 0),
}

# Font and size switches: no arguments, no output.
SWITCHES = names("""
rm bf it em sf tt sc sl up md normalfont bfseries itshape mdseries upshape rmfamily sffamily
ttfamily scshape slshape em tiny scriptsize footnotesize small normalsize large Large LARGE huge
Huge cal mit boldmath
""")

CITES = names("""
cite citep citet citealp citealt citeauthor citeyear citeyearpar parencite textcite autocite
footcite cite* citep* citet* citealp* citeauthor* Cite Citep Citet citenum citeN shortcite
""")
REFS = names("ref eqref autoref cref Cref pageref vref nameref subref ref* autoref* cref* Cref* Autoref")
BOLD = names("textbf bf mathbf bm boldsymbol bfseries boldmath pmb textbfit mathbfit")
UNDERLINE = names("underline uline ul uuline underbar")

# Everything the renderer gives a meaning to: a style file's definition never replaces it.
KNOWN = (frozenset(SYMBOLS) | UNWRAP | frozenset(DROP) | SWITCHES | CITES | REFS
         | names("""textsuperscript footnote footnotetext thanks url href frac sqrt begin end
         item paragraph caption captionof multicolumn multirow textcolor keywords section
         subsection subsubsection appendix abstract maketitle title author and And AND"""))

# Environments skipped with their content wherever they appear.
SKIP_ENVS = names("""
comment verbatim verbatim* Verbatim lstlisting minted tikzpicture pgfpicture picture algorithm
algorithm* algorithmic algorithmic* algorithm2e listing filecontents filecontents* axis
""")
MATH_ENVS = names("""
equation equation* align align* alignat alignat* gather gather* multline multline* eqnarray
eqnarray* flalign flalign* displaymath math split aligned gathered dmath dmath*
""")
# Arguments after \begin{env} that are not text: name -> (optional, required).
ENV_ARGS = {
    "tabular": (1, 1), "tabular*": (1, 2), "tabularx": (1, 2), "tabulary": (1, 2),
    "longtable": (1, 1), "array": (1, 1), "minipage": (3, 1), "wrapfigure": (2, 2),
    "wraptable": (2, 2), "multicols": (0, 1), "subfigure": (1, 1), "subtable": (1, 1),
    "thebibliography": (0, 1), "adjustbox": (0, 1), "tabu": (1, 1), "supertabular": (1, 1),
    "figure": (1, 0), "figure*": (1, 0), "table": (1, 0), "table*": (1, 0), "alignat": (0, 1),
    "alignat*": (0, 1), "spacing": (0, 1), "list": (0, 2), "enumerate": (1, 0),
    "itemize": (1, 0), "description": (1, 0), "theorem": (1, 0), "lemma": (1, 0),
    "proof": (1, 0), "definition": (1, 0), "resizebox": (0, 2), "center": (0, 0),
}

ACCENTS = {
    "'": "\u0301", "`": "\u0300", "^": "\u0302", '"': "\u0308", "~": "\u0303", "=": "\u0304",
    ".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328",
    "r": "\u030a", "d": "\u0323", "b": "\u0331",
}


def tokenize(src: str) -> list[str]:
    return _TOKEN.findall(src)


def _matches(toks: list[str]) -> list[int]:
    """For each "{" the index of its "}" (or len(toks) when unclosed); -1 elsewhere."""
    match = [-1] * len(toks)
    stack: list[int] = []
    for i, t in enumerate(toks):
        if t == "{":
            stack.append(i)
        elif t == "}" and stack:
            match[stack.pop()] = i
    for i in stack:
        match[i] = len(toks)
    return match


class Renderer:
    """Renders ranges of one token list; collects the links it meets on the way.

    `notes=False` drops footnotes and \\thanks (titles); `lines=True` keeps `\\\\`
    as LINE (author blocks).
    """

    def __init__(self, src: str | list[str], *, notes: bool = True, lines: bool = False):
        self.toks = tokenize(src) if isinstance(src, str) else src
        self.match = _matches(self.toks)
        self.notes = notes
        self.lines = lines
        self.urls: list[str] = []
        self.pgf_result = ""  # what \\pgfmathparse last computed, for \\pgfmathresult

    # -- argument reading -------------------------------------------------------------------

    def skip_space(self, i: int, hi: int) -> int:
        while i < hi and not self.toks[i].strip():
            i += 1
        return i

    def arg(self, i: int, hi: int) -> tuple[tuple[int, int] | str, int]:
        """The next required argument: a token range (lo, hi) or a one-character string."""
        i = self.skip_space(i, hi)
        if i >= hi:
            return "", i
        t = self.toks[i]
        if t == "{":
            j = min(self.match[i], hi)
            return (i + 1, j), j + 1
        if t == "}":
            return "", i  # no argument: leave the brace to the caller
        if t.startswith("\\") or len(t) == 1:
            return (i, i + 1), i + 1
        stripped = t.lstrip()
        self.toks[i] = stripped[1:]
        return stripped[0], i

    def opt(self, i: int, hi: int) -> tuple[tuple[int, int] | None, int]:
        """An optional [argument]: its token range, or None when absent."""
        j = self.skip_space(i, hi)
        if j >= hi or self.toks[j] != "[":
            return None, i
        depth = 0
        k = j + 1
        while k < hi:
            t = self.toks[k]
            if t == "{":
                k = self.match[k] + 1
                continue
            if t == "[":
                depth += 1
            elif t == "]":
                if depth == 0:
                    return (j + 1, k), k + 1
                depth -= 1
            k += 1
        return (j + 1, hi), hi

    def parens(self, i: int, hi: int) -> int:
        """Skip a (trim) argument as \\cmidrule(lr) or \\cmidrule(r{4pt}) has one."""
        j = self.skip_space(i, hi)
        if j >= hi or not self.toks[j].lstrip().startswith("("):
            return i
        return self.past(j, hi, ")", i)

    def past(self, j: int, hi: int, char: str, otherwise: int) -> int:
        """Where reading goes on just after the next `char` in plain text (brace groups
        skipped), or `otherwise` when there is none."""
        while j < hi:
            t = self.toks[j]
            if t == "{":
                j = self.match[j] + 1
                continue
            if char in t and not t.startswith("\\"):
                self.toks[j] = t[t.index(char) + 1:]
                return j
            j += 1
        return otherwise

    def text_of(self, a: tuple[int, int] | str | None, math: bool = False) -> str:
        if a is None:
            return ""
        if isinstance(a, str):
            return a
        return self.render(a[0], a[1], math)

    def raw_of(self, a: tuple[int, int] | str | None) -> str:
        if a is None:
            return ""
        if isinstance(a, str):
            return a
        return "".join(self.toks[a[0]:a[1]])

    def skip_args(self, i: int, hi: int, n_opt: int, n_req: int) -> int:
        for _ in range(n_opt):
            _, i = self.opt(i, hi)
        for _ in range(n_req):
            _, i = self.arg(i, hi)
        return i

    def env_end(self, i: int, hi: int, name: str) -> tuple[int, int]:
        """Index of the matching \\end{name} and the index after it, from i (after \\begin{name})."""
        depth = 0
        toks = self.toks
        k = i
        while k < hi:
            t = toks[k]
            if (t == "\\begin" or t == "\\end") and k + 1 < hi:
                a, nxt = self.arg(k + 1, hi)
                if self.raw_of(a).strip() == name:
                    if t == "\\begin":
                        depth += 1
                    elif depth == 0:
                        return k, nxt
                    else:
                        depth -= 1
                k = nxt
                continue
            k += 1
        return hi, hi

    # -- rendering --------------------------------------------------------------------------

    def render(self, lo: int = 0, hi: int | None = None, math: bool = False) -> str:
        toks = self.toks
        if hi is None:
            hi = len(toks)
        out: list[str] = []
        i = lo
        while i < hi:
            t = toks[i]
            i += 1
            if t.startswith("\\"):
                i = self._command(t, i, hi, math, out)
            elif t == "{":
                j = min(self.match[i - 1], hi)
                out.append(self.render(i, j, math))
                i = j + 1
            elif t == "}":
                continue
            elif t == "$":
                if i < hi and toks[i] == "$":  # $$ display math $$
                    i += 1
                    j = i
                    while j < hi and not (toks[j] == "$" and j + 1 < hi and toks[j + 1] == "$"):
                        j += 1
                    out.append(self.render(i, j, True))
                    i = j + 2
                elif math:
                    continue
                else:
                    j = i
                    while j < hi and toks[j] != "$":
                        j = self.match[j] + 1 if toks[j] == "{" else j + 1
                    out.append(self.render(i, min(j, hi), True))
                    i = j + 1
            elif t == "~":
                out.append(" ")
            elif t in ("_", "^"):
                if not math:
                    out.append(t)
                    continue
                a, i = self.arg(i, hi)
                s = self.text_of(a, True).strip()
                out.append(_script(t, s))
            elif t == "--":
                out.append("-" if math else "–")
            elif t == "---":
                out.append("—")
            elif t in ("``", "''"):
                out.append('"')
            elif t == "`":
                out.append("'")
            elif t == "&":
                out.append(" ")
            else:
                out.append(t)
        return "".join(out)

    def _command(self, t: str, i: int, hi: int, math: bool, out: list[str]) -> int:
        name = t[1:]
        if len(name) == 1 and not name.isalpha():
            return self._symbol(name, i, hi, math, out)
        if name in SYMBOLS:
            out.append(SYMBOLS[name])
            return i
        if name in SWITCHES:
            return i
        if name in UNWRAP:
            if name in ("makecell", "thead", "shortstack", "Centerstack", "framebox", "makebox"):
                _, i = self.opt(i, hi)  # \makecell[l]{Papers w/ \\ body text}: the alignment
            a, i = self.arg(i, hi)
            in_math = math and name not in ("text", "mbox", "hbox", "textrm", "textbf", "textit", "texttt", "textsf", "emph", "fbox")
            out.append(self.text_of(a, in_math))
            return i
        if name in ("pgfmathparse", "pgfmathprintnumber", "pgfmathresult"):
            return self._pgf_number(name, i, hi, math, out)
        if name in CITES:
            i = self.skip_args(i, hi, 2, 0)
            _, i = self.arg(i, hi)
            out.append("[cite]")
            return i
        if name in REFS:
            a, i = self.arg(i, hi)
            named = "+" if name.lower().startswith(("cref", "autoref")) else ""
            out.append(REF_OPEN + named + self.raw_of(a).strip() + REF_CLOSE)
            return i
        if name in ("footnote", "footnotetext", "thanks", "tablefootnote", "sidenote", "marginpar"):
            _, i = self.opt(i, hi)
            a, i = self.arg(i, hi)
            if self.notes and name not in ("thanks", "marginpar"):
                out.append(" (" + self.text_of(a, False).strip() + ")")
            return i
        if name == "url" or name == "nolinkurl_raw":
            a, i = self.arg(i, hi)
            url = _unescape_url(self.raw_of(a))
            self.urls.append(url)
            out.append(url)
            return i
        if name == "href":
            a, i = self.arg(i, hi)
            url = _unescape_url(self.raw_of(a))
            b, i = self.arg(i, hi)
            label = self.text_of(b, math).strip()
            if url.startswith("mailto:"):
                out.append(label)
                return i
            self.urls.append(url)
            # a label that prints the link ("github.com/me/x") stands for it; a name ("RASP-for-COGS",
            # the repository's) does not
            shown = url in label or label in url and re.search(r"[/.]", label)
            out.append(label if label and shown else f"{label} ({url})" if label else url)
            return i
        if name in ("frac", "dfrac", "tfrac", "nicefrac", "sfrac", "cfrac", "flatfrac"):
            a, i = self.arg(i, hi)
            b, i = self.arg(i, hi)
            return self._frac(self.text_of(a, True).strip(), self.text_of(b, True).strip(), i, out)
        if name in ("sqrt",):
            _, i = self.opt(i, hi)
            a, i = self.arg(i, hi)
            s = self.text_of(a, True).strip()
            out.append("√" + (s if _simple(s) else f"({s})"))
            return i
        if name in ("binom", "tbinom", "dbinom", "choose"):
            a, i = self.arg(i, hi)
            b, i = self.arg(i, hi)
            out.append(f"C({self.text_of(a, True).strip()}, {self.text_of(b, True).strip()})")
            return i
        if name in ("textsuperscript",):
            a, i = self.arg(i, hi)
            out.append(_script("^", self.text_of(a, False).strip()))
            return i
        if name in ACCENTS and len(name) == 1:
            a, i = self.arg(i, hi)
            out.append(_accent(name, self.text_of(a, math)))
            return i
        if name in ("textcolor", "colorbox", "stackrel", "overset", "underset", "rotatebox",
                    "scalebox", "resizebox", "raisebox", "parbox", "makebox", "adjustbox",
                    "multicolumn", "multirow", "subfloat", "subcaptionbox", "fcolorbox",
                    "mathcolor", "setlength_last", "hyperref", "hyperlink", "hypertarget",
                    "texorpdfstring", "newterm", "ensuremath_last", "cellcolor_last",
                    "tablenum", "num", "SI", "si", "ang", "qty", "unit", "textsubscript_"):
            return self._last_arg(name, i, hi, math, out)
        if name == "begin":
            return self._begin(i, hi, math, out)
        if name in ("raise", "lower", "kern", "hskip", "vskip", "mkern", "mskip", "moveleft",
                    "moveright", "hspace", "vspace"):
            return self._dimension(i, hi)
        if name == "tikz":  # an inline picture: \\tikz[..]{..} or \\tikz ... ;
            _, i = self.opt(i, hi)
            j = self.skip_space(i, hi)
            if j < hi and self.toks[j] == "{":
                return self.match[j] + 1
            return self.past(j, hi, ";", hi)
        if name.rstrip("*") in ("newcommand", "renewcommand", "providecommand", "def", "gdef",
                                "edef", "xdef", "DeclareRobustCommand", "newcolumntype"):
            # A definition left inside a macro's body: read past it, print nothing.
            _, i = self.arg(i, hi)
            while i < hi and (self.toks[i] == "#" or re.fullmatch(r"#?\d", self.toks[i].strip() or "x")):
                i += 1
            _, i = self.opt(i, hi)
            _, i = self.opt(i, hi)
            _, i = self.arg(i, hi)
            return i
        if name == "end":
            _, i = self.arg(i, hi)
            return i
        if name == "item":  # \\item[Learning rate] 0.1: the label opens the item
            a, i = self.opt(i, hi)
            label = self.text_of(a, math).strip()
            out.append(label + " " if label else "")
            return i
        if name in ("paragraph", "paragraph*", "subparagraph", "subparagraph*"):
            _, i = self.opt(i, hi)
            a, i = self.arg(i, hi)
            s = self.text_of(a).strip()
            if s and s[-1] not in ".:;!?":
                s += "."
            out.append(s + " ")
            return i
        if name in ("caption", "caption*", "captionof", "subcaption"):
            if name == "captionof":
                _, i = self.arg(i, hi)
            _, i = self.opt(i, hi)
            a, i = self.arg(i, hi)
            out.append(self.text_of(a))
            return i
        if name in DROP:
            n_opt, n_req = DROP[name]
            if name in ("cmidrule", "cmidrule*"):  # \cmidrule[0.2mm](lr){1-14}
                _, i = self.opt(i, hi)
                i = self.parens(i, hi)
            if name in ("and", "And", "AND"):
                out.append(LINE if self.lines else ", ")
            return self.skip_args(i, hi, n_opt, n_req)
        if name.endswith("*") and name[:-1] in SYMBOLS | dict.fromkeys(UNWRAP | CITES | REFS | set(DROP)):
            return self._command(t[:-1], i, hi, math, out)
        # Unknown command: drop its name, keep what follows (its arguments read as text).
        return i

    def _symbol(self, s: str, i: int, hi: int, math: bool, out: list[str]) -> int:
        if s == "\\":
            _, i = self.opt(i, hi)
            if out and out[-1].endswith("-") and "".join(out[-2:])[-2:-1].isalpha() and i < hi \
                    and self.toks[i][:1].isalpha():
                # a word broken by hand: "Learn-\\ing" is "Learning", "English-\\German" keeps its hyphen
                if self.toks[i][:1].islower():
                    out[-1] = out[-1][:-1]
                return i
            out.append(LINE if self.lines else " ")
        elif s in "%&$#_{}":
            out.append(s)
        elif s == "," and out and out[-1][-1:].isdigit() and i < hi and _THOUSANDS.match(self.toks[i]):
            out.append(",")  # 65\\,536: a thin space between digit groups
        elif s in " ,;:>":
            out.append(" ")
        elif s in "!-/@)]":
            pass
        elif s == "(":
            j = i
            while j < hi and self.toks[j] != "\\)":
                j += 1
            out.append(self.render(i, j, True))
            return j + 1
        elif s == "[":
            j = i
            while j < hi and self.toks[j] != "\\]":
                j += 1
            out.append(" " + self.render(i, j, True) + " ")
            return j + 1
        elif s in ACCENTS:
            a, i = self.arg(i, hi)
            out.append(_accent(s, self.text_of(a, math)))
        elif s == "|":
            out.append("‖")
        elif s == "\n":
            out.append(" ")
        else:
            out.append(s)
        return i

    def _dimension(self, i: int, hi: int) -> int:
        """Read past a TeX dimension ("-.17ex", "2pt plus 1pt") after \\raise, \\kern and the like."""
        j = self.skip_space(i, hi)
        if j < hi and self.toks[j] == "{":
            return self.match[j] + 1
        if j + 1 < hi and self.toks[j] in ("-", "+"):
            j += 1
        if j < hi and not self.toks[j].startswith("\\"):
            m = _DIMEN.match(self.toks[j])
            if m:
                self.toks[j] = self.toks[j][m.end():]
                if (not self.toks[j] and j + 1 < hi and self.toks[j + 1].startswith("\\")
                        and not re.search(r"[a-z]", m.group())):
                    return j + 2  # a dimension given by a register: 2\\tabcolsep
                return j
        return i

    def _frac(self, a: str, b: str, i: int, out: list[str]) -> int:
        a = a if _simple(a) else f"({a})"
        b = b if _simple(b) else f"({b})"
        out.append(f"{a}/{b}")
        return i

    def _last_arg(self, name: str, i: int, hi: int, math: bool, out: list[str]) -> int:
        """Commands whose last argument is the text: read the others and keep that one."""
        shape = {
            "textcolor": (1, 2), "colorbox": (1, 2), "fcolorbox": (0, 3), "mathcolor": (1, 2),
            "stackrel": (0, 2), "overset": (0, 2), "underset": (0, 2), "rotatebox": (1, 2),
            "scalebox": (0, 1), "resizebox": (0, 3), "raisebox": (0, 1), "parbox": (1, 2),
            "makebox": (2, 1), "adjustbox": (0, 2), "multicolumn": (0, 3), "multirow": (1, 2),
            "subfloat": (0, 1), "subcaptionbox": (0, 2), "hyperref": (1, 1), "hyperlink": (0, 2),
            "hypertarget": (0, 2), "texorpdfstring": (0, 2), "newterm": (0, 1),
            "tablenum": (1, 1), "num": (1, 1), "SI": (1, 2), "si": (1, 1), "ang": (1, 1),
            "qty": (1, 2), "unit": (1, 1),
        }.get(name, (0, 1))
        n_opt, n_req = shape
        if name == "subfloat":  # \subfloat[caption]{body}: keep both
            a, i = self.opt(i, hi)
            if a:
                out.append(self.text_of(a, math) + " ")
            b, i = self.arg(i, hi)
            out.append(self.text_of(b, math))
            return i
        if name == "multirow":  # \multirow[pos]{n}[struts]{width}[move]{text}
            _, i = self.opt(i, hi)
            _, i = self.arg(i, hi)
            _, i = self.opt(i, hi)
            _, i = self.arg(i, hi)
            _, i = self.opt(i, hi)
            a, i = self.arg(i, hi)
            out.append(self.text_of(a, math))
            return i
        if name in ("scalebox", "raisebox"):
            _, i = self.arg(i, hi)
            _, i = self.opt(i, hi)
            _, i = self.opt(i, hi)
            a, i = self.arg(i, hi)
            out.append(self.text_of(a, math))
            return i
        if name in ("SI", "qty"):
            _, i = self.opt(i, hi)
            a, i = self.arg(i, hi)
            b, i = self.arg(i, hi)
            out.append(self.text_of(a, math) + " " + self.text_of(b, math))
            return i
        args = []
        for _ in range(n_opt):
            _, i = self.opt(i, hi)
        for _ in range(n_req):
            a, i = self.arg(i, hi)
            args.append(a)
        if name in ("textcolor", "mathcolor", "colorbox", "fcolorbox") and len(args) == 1:
            return i  # \textcolor{red} used as a switch: nothing to keep
        if name == "texorpdfstring":
            out.append(self.text_of(args[0], math))
            return i
        out.append(self.text_of(args[-1] if args else None, math))
        return i

    def _pgf_number(self, name: str, i: int, hi: int, math: bool, out: list[str]) -> int:
        """A table's number that pgf prints: "\\pgfmathparse{0.69514}\\pgfmathprintnumber
        [precision=3, zerofill]{\\pgfmathresult}" prints 0.695."""
        if name == "pgfmathresult":
            out.append(self.pgf_result)
            return i
        options, i = self.opt(i, hi) if name == "pgfmathprintnumber" else (None, i)
        a, i = self.arg(i, hi)
        text = finish(self.text_of(a, math))
        places = re.search(r"precision\s*=\s*(\d+)", self.raw_of(options)) if options else None
        if places and re.fullmatch(r"[-+]?\d*\.?\d+(?:[eE][-+]?\d+)?", text):
            text = f"{float(text):.{int(places[1])}f}"
        if name == "pgfmathparse":
            self.pgf_result = text
        else:
            out.append(text)
        return i

    def _begin(self, i: int, hi: int, math: bool, out: list[str]) -> int:
        a, i = self.arg(i, hi)
        env = self.raw_of(a).strip()
        if env in SKIP_ENVS:
            _, after = self.env_end(i, hi, env)
            return after
        if env in MATH_ENVS:
            if env.startswith("alignat"):
                _, i = self.arg(i, hi)
            end, after = self.env_end(i, hi, env)
            out.append(" " + self.render(i, end, True) + " ")
            return after
        n_opt, n_req = ENV_ARGS.get(env, (0, 0))
        if env == "minipage":
            n_opt = 3
        return self.skip_args(i, hi, n_opt, n_req)


_THOUSANDS = re.compile(r"\d{3}(?!\d)")
_DIMEN = re.compile(r"\s*[-+]?(?:\d+\.?\d*|\.\d+)\s*(?:ex|em|pt|mm|cm|in|bp|sp|mu|pc|dd|cc|fil+)?"
                    r"(?:\s+(?:plus|minus)\s*[-+]?(?:\d+\.?\d*|\.\d+)\s*(?:ex|em|pt|mm|cm|in|bp|sp|mu|fil+)?)*")


def _script(kind: str, s: str) -> str:
    if not s:
        return ""
    if kind == "_":
        if len(s) > 1 and re.fullmatch(r"[A-Za-z][A-Za-z\- ]*[A-Za-z]", s):
            return _SUB_WORD + s
        return s
    if s in ("′", "°", "*", "∗", "†", "‡", "′′", "§", "¶", "st", "nd", "rd", "th"):
        return s
    if s == "T" or re.fullmatch(r"[-+−]?[\w.]+", s) or len(s) == 1:
        return "^" + s
    return f"^({s})"


def _simple(s: str) -> bool:
    return bool(re.fullmatch(r"[-−]?√?[\w.^′]+", s))


def _accent(mark: str, s: str) -> str:
    if not s:
        return ""
    if s[0] == "ı":
        s = "i" + s[1:]
    return unicodedata.normalize("NFC", s[0] + ACCENTS[mark] + s[1:])


def _unescape_url(raw: str) -> str:
    return re.sub(r"\\([#%_&~$])", r"\1", raw).replace("\\string", "").strip()


_PM = re.compile(r"\s*±\s*")
_SPACE_PUNCT = re.compile(r" ([,.;:)])(?=\s|$)")


def finish(text: str) -> str:
    """Clean rendered text: word subscripts, spacing around ±, whitespace, Unicode form."""
    if _SUB_WORD in text:
        text = re.sub(r"(?<=[A-Za-z]{2})" + _SUB_WORD, " ", text).replace(_SUB_WORD, "")
    if "±" in text:
        text = _PM.sub(" ± ", text)
    text = " ".join(text.split())
    if "( " in text:
        text = text.replace("( ", "(")
    if " " in text:
        text = _SPACE_PUNCT.sub(r"\1", text)
    return unicodedata.normalize("NFC", text) if not text.isascii() else text


def to_text(src: str, *, math: bool = False, notes: bool = True) -> tuple[str, list[str]]:
    """LaTeX source to plain text, and the links (\\url, \\href) met in it."""
    r = Renderer(src, notes=notes)
    return finish(r.render(0, None, math)), r.urls
