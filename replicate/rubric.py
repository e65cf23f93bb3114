"""The rubric of a replication: a weighted tree of requirements, as PaperBench grades one.

PaperBench scores a replication with a tree whose leaves are requirements of three kinds,
Code Development, Code Execution and Result Analysis, each met (1) or not (0); a node's
score is the weighted average of its children's. Here the tree is generated from the
record (a Result Analysis leaf per claim; Code Development leaves for the model, the data
of each dataset, training and evaluation, worded from the recipe) and from the runs (Code
Execution leaves: the notebook ran, with enough seeds, reporting each claim's metric, and
one per parameter set run), and kept in the repo as ``rubric.toml``.

The file is the user's: weights, names, requirements, comments and leaves of their own
survive, as the tool only adds leaves for claims and runs it has not seen (``[generated]``
lists every node it made, so a node the user deleted stays deleted). Result leaves are
decided by the claims' verdicts and execution leaves by the recorded runs; the user marks
code leaves done.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from . import record, runs
from .errors import BadValue, ReplicateError
from .settings import Settings

RUBRIC_NAME = "rubric.toml"
CODE, EXECUTION, RESULTS = "Code Development", "Code Execution", "Result Analysis"
CATEGORIES = (CODE, EXECUTION, RESULTS)
CHECKS = ("run", "seeds", "metric")
SEEDS = 3  # how many seeds the seeds leaf asks for unless the file says otherwise
GROUP_WEIGHTS = {"code": 1, "execution": 1, "results": 2}  # the claims are the point

# Which part of the code a setting of the recipe belongs to (the rest is training's).
MODEL_SETTINGS = ("layers", "model dimension", "feed-forward dimension", "attention heads",
                  "hidden units", "sequence length", "vocabulary size", "patch size",
                  "image resolution", "dropout", "mask rate")
EVALUATION_SETTINGS = ("beam size", "length penalty", "temperature")

HEADER = """\
# The rubric of this replication, read by `replicate rubric`, in PaperBench's form: a tree
# of requirements. A leaf is met (1) or not (0); a node's score is the weighted average of
# its children's. Result Analysis leaves are met when their claim is reproduced, Code
# Execution leaves by the recorded runs (check = "run", "seeds" or "metric"); mark the
# others done with `replicate rubric --done NAME`. Edit freely: weights, names,
# requirements, nodes of your own ([[node]] with name, parent, requirements, weight).
# New claims and runs add leaves; [generated] lists what the tool made (by id), so a node
# you delete stays deleted.
"""


class RubricError(ReplicateError):
    """A ``rubric.toml`` that cannot be read: not TOML, or a field of the wrong kind."""


@dataclass
class Node:
    """A requirement of the tree: a group (with `sub_tasks`) or a leaf."""

    name: str
    requirements: str = ""
    weight: float = 1.0
    task_category: str | None = None
    done: bool = False  # a leaf marked met by the user
    claim: str | None = None  # the claim whose verdict (or, with check = "metric", runs) decide
    check: str | None = None  # "run", "seeds" or "metric": the runs decide
    params: str | None = None  # check = "run": only runs with these parameters count
    seeds: int | None = None  # check = "seeds": how many seeds
    id: str | None = None  # what the tool made it from ("results/<claim>"); None: the user's
    sub_tasks: list[Node] = field(default_factory=list)
    table: Any = field(default=None, repr=False, compare=False)  # its table in the file
    met: bool | None = None  # a leaf's state; None: nothing decides it (its claim is gone)
    score: float | None = None  # None: nothing under it counts
    decided_by: str | None = None  # "claim", "runs" or "you"
    why: str = ""

    @property
    def leaf(self) -> bool:
        return not self.sub_tasks

    @property
    def automatic(self) -> bool:
        return self.check is not None or self.claim is not None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.sub_tasks:
            yield from child.walk()

    def to_dict(self) -> dict[str, Any]:
        weight = int(self.weight) if self.weight.is_integer() else self.weight
        return {"name": self.name, "requirements": self.requirements, "weight": weight,
                "task_category": self.task_category, "met": self.met, "score": self.score,
                "decided_by": self.decided_by, "why": self.why,
                "sub_tasks": [c.to_dict() for c in self.sub_tasks]}


@dataclass
class Rubric:
    """One paper's rubric, decided against its claims and runs."""

    arxiv_id: str
    repo: Path
    root: Node
    text: str  # the file's text with the leaves added: what is, or will be, saved
    saved: bool  # rubric.toml exists in the repo
    added: list[str] = field(default_factory=list)  # leaves the file did not have yet
    done: list[str] = field(default_factory=list)  # leaves marked done now
    undone: list[str] = field(default_factory=list)  # leaves unmarked now
    changed: bool = False
    created: bool = False  # this call made the file
    commit: str | None = None
    verdicts: dict[str, str] = field(default_factory=dict, repr=False)  # claim key -> verdict
    recorded_runs: list[runs.Run] = field(default_factory=list, repr=False)

    def decide(self) -> None:
        """Decide every leaf and score every node, from the claims' verdicts and the runs."""
        _decide(self.root, self.verdicts, self.recorded_runs)

    @property
    def path(self) -> Path:
        return self.repo / RUBRIC_NAME

    @property
    def leaves(self) -> list[Node]:
        return [n for n in self.root.walk() if n.leaf and n is not self.root]

    @property
    def score(self) -> float:
        return self.root.score or 0.0

    @property
    def met(self) -> int:
        return sum(n.met is True for n in self.leaves)

    @property
    def total(self) -> int:
        """The leaves that count (a leaf whose claim is gone does not)."""
        return sum(n.met is not None for n in self.leaves)

    def changes(self) -> list[str]:
        """What this call changed, a clause each: ``marked model done``."""
        said = []
        if self.created:
            said.append(f"made {RUBRIC_NAME} with {len(self.leaves)} leaves")
        elif self.added:
            said.append(f"added {', '.join(self.added)}")
        if self.done:
            said.append(f"marked {', '.join(self.done)} done")
        if self.undone:
            said.append(f"marked {', '.join(self.undone)} not done")
        return said

    def brief(self) -> dict[str, Any]:
        """The score in brief, as `show --json` prints it."""
        return {"score": self.score, "met": self.met, "total": self.total,
                "path": str(self.path), "saved": self.saved, "problem": None}

    def to_dict(self) -> dict[str, Any]:
        return {"arxiv_id": self.arxiv_id, "path": str(self.repo), "file": str(self.path),
                "changed": self.changed, "created": self.created, "commit": self.commit,
                "saved": self.saved,
                "added": self.added, "done": self.done, "undone": self.undone,
                "score": self.score, "met": self.met, "total": self.total,
                "tree": self.root.to_dict()}


# --- reading the file: every field checked, named where it is wrong ---------------------------

def _field(data: dict[str, Any], key: str, kind: str, where: str, path: Path) -> Any:
    """`data[key]` if it is of `kind` (str, bool, number, count); None when absent."""
    value = data.get(key)
    if value is None:
        return None
    ok = {"str": isinstance(value, str),
          "bool": isinstance(value, bool),
          "number": isinstance(value, (int, float)) and not isinstance(value, bool) and
          math.isfinite(value) and value >= 0,
          "count": isinstance(value, int) and not isinstance(value, bool) and value >= 1}[kind]
    if not ok:
        want = {"str": "a string in quotes", "bool": "true or false (no quotes)",
                "number": "a number, 0 or more", "count": "a whole number, 1 or more"}[kind]
        shown = repr(value) if len(repr(value)) <= 40 else repr(value)[:37] + "..."
        raise RubricError(f"{path}: {key} of {where} must be {want}, not {shown}; fix the file.")
    return value


def _node(data: dict[str, Any], index: int, table: Any, path: Path) -> tuple[Node, str | None]:
    """One ``[[node]]`` table as a node, and the name of its parent (None: the top)."""
    where = f"node {index + 1}"
    name = _field(data, "name", "str", where, path)
    if not name or not name.strip():
        raise RubricError(f"{path}: node {index + 1} has no name; give it one "
                          "(name = \"...\").")
    where = f"node '{name.strip()}'"
    category = _field(data, "task_category", "str", where, path)
    if category is not None and category not in CATEGORIES:
        raise RubricError(f"{path}: task_category of {where} must be one of "
                          f"{', '.join(repr(c) for c in CATEGORIES)}, not {category!r}; "
                          "fix the file.")
    check = _field(data, "check", "str", where, path)
    if check is not None and check not in CHECKS:
        raise RubricError(f"{path}: check of {where} must be one of {', '.join(CHECKS)}, not "
                          f"{check!r}; fix the file.")
    claim = _field(data, "claim", "str", where, path)
    if check == "metric" and claim is None:
        raise RubricError(f"{path}: {where} has check = \"metric\" but no claim; name the "
                          "claim whose metric the runs must report.")
    weight = _field(data, "weight", "number", where, path)
    node = Node(name=name.strip(),
                requirements=_field(data, "requirements", "str", where, path) or "",
                weight=1.0 if weight is None else float(weight), task_category=category,
                done=bool(_field(data, "done", "bool", where, path)), claim=claim, check=check,
                params=_field(data, "params", "str", where, path),
                seeds=_field(data, "seeds", "count", where, path),
                id=_field(data, "id", "str", where, path), table=table)
    parent = _field(data, "parent", "str", where, path)
    return node, None if parent is None else parent.strip()


def _parse(text: str, path: Path) -> tuple[Any, Node]:
    """The file's tomlkit document and its tree; `RubricError` names what is wrong."""
    import tomlkit
    from tomlkit.exceptions import TOMLKitError

    try:
        doc = tomlkit.parse(text)
        data = doc.unwrap()
    except (TOMLKitError, ValueError) as e:
        raise RubricError(f"{path} is not valid TOML ({e}); fix the file by hand.") from e
    except RecursionError:
        raise RubricError(f"{path} is nested too deeply; fix the file.") from None
    ids = data.get("generated", {}).get("ids", []) if isinstance(data.get("generated"),
                                                                 dict) else None
    if not isinstance(ids, list) or not all(isinstance(g, str) for g in ids):
        raise RubricError(f"{path}: ids of [generated] must be a list of strings; fix the "
                          "file.")
    entries = data.get("node", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise RubricError(f"{path}: node must be a list of tables ([[node]]); fix the file.")
    root = Node(name="rubric", requirements=_field(data, "requirements", "str", "the top",
                                                     path) or "", table=doc)
    nodes = [_node(e, i, doc["node"][i], path) for i, e in enumerate(entries)]
    by_name: dict[str, Node] = {}
    for node, _ in nodes:
        if node.name in by_name:
            raise RubricError(f"{path}: two nodes are named '{node.name}'; rename one.")
        by_name[node.name] = node
    for node, parent in nodes:
        if parent is not None and parent not in by_name:
            raise RubricError(f"{path}: parent of node '{node.name}' is '{parent}', which no "
                              "node is named; fix the name or remove the parent.")
        (root if parent is None else by_name[parent]).sub_tasks.append(node)
    reached = {id(n) for n in root.walk()}
    lost = next((n for n, _ in nodes if id(n) not in reached), None)
    if lost is not None:
        raise RubricError(f"{path}: node '{lost.name}' is under itself (through its parents); "
                          "fix their parent fields.")
    return doc, root


def read_text(repo: Path) -> str | None:
    """``rubric.toml``'s text, or None when the repo has none yet."""
    path = repo / RUBRIC_NAME
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError:
        return None
    except UnicodeDecodeError as e:
        raise RubricError(f"{path} is not UTF-8 text (at offset {e.start}); save it as "
                          "UTF-8.") from None
    except OSError as e:
        raise RubricError(f"cannot read {path} ({e.strerror}); check its permissions.") from e


# --- what the record and the runs ask for ------------------------------------------------------

def slug(text: str, words: int = 4) -> str:
    """A short name from text: ``WMT 2014 English-German`` is ``wmt-2014-english-german``."""
    return "-".join(re.findall(r"[a-z0-9.]+", text.lower())[:words]).strip(".-")


def params_text(params: dict[str, Any]) -> str:
    """A run's parameters as `--param` takes them: ``lr=0.0003, optimizer='adam'``."""
    return ", ".join(f"{k}={v!r}" for k, v in sorted(params.items()))


def _settings(paper: record.Paper, part: str) -> str:
    """The recipe's settings for one part of the code: `` (learning rate 0.1, ...)``."""
    def part_of(name: str) -> str:
        base = re.sub(r"\s*\(.*\)$", "", name).strip().lower()
        return ("model" if base in MODEL_SETTINGS else
                "evaluation" if base in EVALUATION_SETTINGS else "training")

    chosen = [f"{h.name} {h.value}" for h in paper.hyperparameters if part_of(h.name) == part]
    if not chosen:
        return ""
    return f" ({'; '.join(chosen[:6])}{'; ...' if len(chosen) > 6 else ''})"


def _on(claim: record.Claim) -> str:
    return f"{claim.metric}" + (f" on {claim.dataset}" if claim.dataset else "")


Plan = list[tuple[str, dict[str, Any], list[tuple[str, dict[str, Any]]]]]


def _plan(paper: record.Paper, paper_runs: Sequence[runs.Run]) -> Plan:
    """The groups and leaves the record and runs ask for, each under its id, in order."""
    code: list[tuple[str, dict[str, Any]]] = [
        ("code/model", {"name": "model", "requirements": "The model is implemented as the "
                        f"paper describes it{_settings(paper, 'model')}."})]
    for dataset in paper.datasets or [""]:
        tail = f"/{slug(dataset)}" if dataset else ""
        code.append((f"code/data{tail}", {
            "name": f"data{'-' + slug(dataset) if dataset else ''}",
            "requirements": f"The data{' of ' + dataset if dataset else ''} is loaded and "
            "prepared as in the paper (download, preprocessing, splits)."}))
    metrics = list(dict.fromkeys(_on(c) for c in paper.claims))
    code += [
        ("code/training", {"name": "training", "requirements": "Training is implemented with "
                           f"the paper's recipe{_settings(paper, 'training')}."}),
        ("code/evaluation", {"name": "evaluation", "requirements": "The evaluation computes "
                             "the claims' metrics" + (f": {'; '.join(metrics[:6])}" if metrics
                                                      else "") +
                             f"{_settings(paper, 'evaluation')}."}),
    ]
    for _, leaf in code:
        leaf.update(task_category=CODE, done=False)
    execution: list[tuple[str, dict[str, Any]]] = [
        ("execution/run", {"name": "run", "requirements": "The notebook runs to the end (a "
                           "run of `replicate run` succeeded).", "check": "run"}),
        ("execution/seeds", {"name": "seeds", "requirements": f"The notebook runs to the end "
                             f"with {SEEDS} or more seeds.", "check": "seeds", "seeds": SEEDS}),
    ]
    for c in paper.claims:
        execution.append((f"execution/metric/{c.key}", {
            "name": f"metric-{c.key}", "requirements": f"A run reports {_on(c)} (claim "
            f"{c.key}).", "check": "metric", "claim": c.key}))
    for params in dict.fromkeys(params_text(r.params) for r in paper_runs if r.params):
        execution.append((f"execution/run/{params}", {
            "name": f"run-{slug(params.replace('=', ' '), 8) or 'params'}",
            "requirements": f"The notebook runs to the end with {params}.", "check": "run",
            "params": params}))
    for _, leaf in execution:
        leaf["task_category"] = EXECUTION
    results = [(f"results/{c.key}", {
        "name": c.key, "task_category": RESULTS,
        "requirements": f"{_on(c)}: the paper's {c.value:g}{c.unit} is reproduced, within "
        "the claim's tolerance.", "claim": c.key}) for c in paper.claims]
    return [
        ("code", {"name": "code", "requirements": "The code implements the paper's method: "
                  "model, data, training and evaluation.", "weight": GROUP_WEIGHTS["code"]},
         code),
        ("execution", {"name": "execution", "requirements": "The code runs, with several "
                       "seeds, and reports every claim's metric.",
                       "weight": GROUP_WEIGHTS["execution"]}, execution),
        ("results", {"name": "results", "requirements": "The paper's claims are reproduced.",
                     "weight": GROUP_WEIGHTS["results"]}, results),
    ]


_ORDER = ("name", "parent", "requirements", "weight", "task_category", "done", "check",
          "claim", "params", "seeds")


def _table(fields: dict[str, Any], node_id: str):  # -> tomlkit.items.Table
    import tomlkit

    table = tomlkit.table()
    fields = {"weight": 1, **fields}
    for key in _ORDER:
        if key in fields:
            table[key] = fields[key]
    table["id"] = node_id
    return table


def _grow(doc: Any, root: Node, plan: Plan, *, fresh: bool = False) -> list[str]:
    """Add to `doc` the nodes of `plan` it has never had, each leaf after the last node of
    its group; the names of the leaves added."""
    import tomlkit

    from .record import _blank_line_after

    if "node" not in doc:
        doc["node"] = tomlkit.aot()
    tables = doc["node"]
    if "generated" not in doc:
        doc["generated"] = tomlkit.table()
    if "ids" not in doc["generated"]:
        doc["generated"]["ids"] = tomlkit.array()
    made = doc["generated"]["ids"]
    known = set(made.unwrap())
    by_id = {n.id: n for n in root.walk() if n.id}
    names = {n.name for n in root.walk()}

    def last_of(node: Node) -> Any:
        return max((t for t in (n.table for n in node.walk())),
                   key=lambda t: next(i for i, x in enumerate(tables) if x is t))

    def insert(table: Any, after: Any | None) -> None:
        at = len(tables) if after is None else next(
            i for i, x in enumerate(tables) if x is after) + 1
        tables.insert(at, table)
        if not fresh:
            _blank_line_after(table)
            if at:
                _blank_line_after(tables[at - 1])

    added = []
    for group_id, group_fields, leaves in plan:
        group = by_id.get(group_id)
        after = last_of(group) if group is not None else None
        for leaf_id, fields in leaves:
            if leaf_id in known or leaf_id in by_id:
                continue
            if group is None:
                if group_id in known:
                    break  # the user deleted the whole group
                group = Node(name=group_fields["name"], id=group_id)
                group.table = after = _table(group_fields, group_id)
                insert(group.table, None)
                names.add(group.name)
                made.append(group_id)
                known.add(group_id)
            name, n = fields["name"], 2
            while name in names:
                name, n = f"{fields['name']}-{n}", n + 1
            names.add(name)
            table = _table({**fields, "name": name, "parent": group.name}, leaf_id)
            insert(table, after)
            after = table
            made.append(leaf_id)
            known.add(leaf_id)
            added.append(name)
    if len(made) > 1:
        made.multiline(True)
    return added


def _fresh(paper: record.Paper, plan: Plan) -> str:
    """A new file: the header, the top's requirement and every node of `plan`."""
    import tomlkit

    doc = tomlkit.document()
    for line in HEADER.splitlines():
        doc.add(tomlkit.comment(line[2:]))
    doc.add(tomlkit.nl())
    doc["requirements"] = (f"{paper.title} (arXiv:{paper.arxiv_id}) is replicated: the code "
                           "is written, it runs, and the paper's claims are reproduced.")
    _grow(doc, Node(name="rubric", table=doc), plan, fresh=True)
    text = re.sub(r"(?<!\n)\n\[", "\n\n[", doc.as_string())  # a blank line before each table
    return re.sub(r"\n{3,}", "\n\n", text)


# --- deciding the leaves and scoring -----------------------------------------------------------

def _decide(node: Node, verdicts: dict[str, str], paper_runs: Sequence[runs.Run]) -> None:
    """Set each leaf's `met` and each node's `score` (the weighted mean of its children that
    count; a leaf whose claim is gone does not count)."""
    if not node.leaf:
        for child in node.sub_tasks:
            _decide(child, verdicts, paper_runs)
        counted = [c for c in node.sub_tasks if c.score is not None]
        total = sum(c.weight for c in counted)
        node.score = (sum(c.weight * (c.score or 0.0) for c in counted) / total
                      if total else (0.0 if counted else None))
        return
    ok = [r for r in paper_runs if r.state == "succeeded"]
    if node.check == "run":
        node.decided_by = "runs"
        if node.params is not None:
            ok = [r for r in ok if params_text(r.params) == node.params]
        node.met = bool(ok)
        node.why = (f"{len(ok)} run{'s' if len(ok) != 1 else ''} succeeded" if ok
                    else "no run succeeded yet")
    elif node.check == "seeds":
        node.decided_by = "runs"
        wanted = node.seeds or SEEDS
        seeds = sorted({r.seed for r in ok})
        node.met = len(seeds) >= wanted
        node.why = (f"seeds {', '.join(map(str, seeds))} succeeded" if seeds else
                    "no run succeeded yet") + ("" if node.met else f"; {wanted} needed")
    elif node.check == "metric":
        node.decided_by = "runs"
        if node.claim not in verdicts:
            node.met, node.why = None, f"claim {node.claim} is gone from paper.toml"
        else:
            reported = [r for r in ok if node.claim in r.metrics]
            node.met = bool(reported)
            node.why = (f"{len(reported)} run{'s' if len(reported) != 1 else ''} reported it"
                        if reported else "no run reported it yet")
    elif node.claim is not None:
        node.decided_by = "claim"
        verdict = verdicts.get(node.claim)
        node.met = None if verdict is None else verdict == "reproduced"
        node.why = (f"claim {node.claim} is gone from paper.toml" if verdict is None
                    else verdict)
    else:
        node.decided_by = "you"
        node.met = node.done
        node.why = "done" if node.done else "not marked done"
    node.score = None if node.met is None else float(node.met)


def build(repo: Path, paper: record.Paper, tolerance: str, *,
          claims: list[dict[str, Any]] | None = None,
          paper_runs: list[runs.Run] | None = None) -> Rubric:
    """The paper's rubric: ``rubric.toml`` with the leaves new claims and runs ask for (made
    afresh when there is none), decided; nothing is written. `claims` (as `show --json`
    has them) and `paper_runs` save reading them again."""
    from .ledger import claim_views

    path = repo / RUBRIC_NAME
    current = read_text(repo)
    paper_runs = runs.list_runs(repo) if paper_runs is None else paper_runs
    if claims is None:
        claims = claim_views(paper, repo, tolerance, stats=runs.claim_stats(repo, paper_runs))
    plan = _plan(paper, paper_runs)
    text = _fresh(paper, plan) if current is None else current
    doc, root = _parse(text, path)
    added = [n.name for n in root.walk() if n.leaf and n is not root] if current is None \
        else _grow(doc, root, plan)
    if added and current is not None:
        text = doc.as_string()
        doc, root = _parse(text, path)
    rubric = Rubric(paper.arxiv_id, repo, root, text, current is not None, added,
                    verdicts={c["key"]: c["verdict"] for c in claims}, recorded_runs=paper_runs)
    rubric.decide()
    return rubric


def brief(repo: Path, paper: record.Paper, tolerance: str,
          claims: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The rubric's score in brief (`Rubric.brief`), or, when its file or the runs cannot
    be read, the `problem` saying which file to fix; nothing is written."""
    try:
        return build(repo, paper, tolerance, claims=claims).brief()
    except ReplicateError as e:
        path = repo / RUBRIC_NAME
        return {"score": None, "met": None, "total": None, "path": str(path),
                "saved": path.exists(), "problem": str(e)}


def _leaf(rubric: Rubric, name: str) -> Node:
    node = next((n for n in rubric.root.walk() if n.name == name and n is not rubric.root),
                None)
    if node is None:
        raise BadValue(f"the rubric of {rubric.arxiv_id} has no leaf '{name}'; see its leaves "
                       f"with 'replicate rubric {rubric.arxiv_id}'.")
    if not node.leaf:
        inside = ", ".join(n.name for n in node.walk() if n.leaf and not n.automatic)
        raise BadValue(f"'{name}' is a group of the rubric of {rubric.arxiv_id}, not a leaf; "
                       f"mark its leaves instead ({inside or 'it has none to mark'}).")
    if node.automatic:
        how = ("its claim's verdict: record your number with 'replicate result'"
               if node.decided_by == "claim" else
               "the recorded runs: run the notebook with 'replicate run'")
        raise BadValue(f"leaf '{name}' of the rubric of {rubric.arxiv_id} is decided by {how}.")
    return node


def update(settings: Settings, paper_id: str | None, done: Sequence[str] = (),
           undo: Sequence[str] = (), now: datetime | None = None) -> Rubric:
    """The paper's rubric, saved and committed in its repo when it is new, has new leaves,
    or leaves marked done (`done`) or not (`undo`): under the paper's lock, through the
    commit path every change of a paper takes (`tracking`).

    The file is committed as it is, with the user's own edits of it.
    """
    from .ledger import write_ledger_md
    from .tracking import commit, editing

    with editing(settings, paper_id) as (repo, paper):
        rubric = build(repo, paper, settings.tolerance)
        for names, value, changed in ((done, True, rubric.done), (undo, False, rubric.undone)):
            for name in dict.fromkeys(names):
                node = _leaf(rubric, name)
                if node.done != value:
                    node.table["done"] = value
                    node.done = value
                    changed.append(name)
        if rubric.done or rubric.undone:
            rubric.text = rubric.root.table.as_string()
            rubric.decide()
        if rubric.text == read_text(repo):
            return rubric
        rubric.created = not rubric.saved
        rubric.commit = commit(settings, repo, paper, _message(rubric),
                               {RUBRIC_NAME: rubric.text})
        rubric.changed = rubric.saved = True
    write_ledger_md(settings, now)
    return rubric


def _message(rubric: Rubric) -> str:
    return f"Rubric: {'; '.join(rubric.changes()) or 'edited'} (score {rubric.score:.2f})"


def score_line(rubric: Rubric) -> str:
    """``score 0.62 (5 of 8 leaves met)``."""
    return f"score {rubric.score:.2f} ({rubric.met} of {rubric.total} leaves met)"
