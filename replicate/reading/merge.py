"""Merging fresh suggestions into a record without losing what the user edited."""

from __future__ import annotations

import copy
import hashlib
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from ..record import Claim, Paper

if TYPE_CHECKING:
    from . import Reading


def fingerprint(value: object) -> str:
    if hasattr(value, "__dataclass_fields__"):
        value = asdict(value)  # type: ignore[arg-type]
    data = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()[:16]


# Set by the user on a suggestion: carried over to its re-extracted claim, and not part of
# its fingerprint (so a claim marked central is still the tool's suggestion).
_USER_FIELDS = ("reproduced", "reproduced_std", "reproduced_n", "override", "tolerance", "human",
                "central")


def _claim_core(c: Claim) -> dict:
    return {k: v for k, v in asdict(c).items() if k not in _USER_FIELDS}


def apply(paper: Paper, reading: Reading) -> list[str]:
    """Write the suggestions into `paper`, keeping whatever the user edited; return notes.

    ``paper.extracted`` holds a fingerprint of each suggestion as last written
    (``datasets``, ``claim:<key>``, ``hp:<name>`` ...). A suggestion whose value
    still matches its fingerprint is the tool's own and is replaced; one that no
    longer matches was edited and is kept. Claims the user added (origin "user")
    are never touched. A paper claim or setting the user deleted stays deleted:
    its fingerprint is remembered, so it is not brought back on the next reread
    (add it back by hand to undo). The numbers a user records on a claim
    (reproduced, tolerance, human) are carried over to the re-extracted claim of
    the same key; an unedited suggestion the new text no longer supports is
    dropped, unless the user recorded such a number on it.

    A record that holds suggestions but no fingerprints (written by hand, or by a
    tool that lost them) is taken as the user's: nothing in it is replaced, and
    only what it lacks is filled in.
    """
    notes: list[str] = []
    first = not paper.extracted and not _holds_suggestions(paper)
    old = paper.extracted
    new_prints: dict[str, str] = {}
    reading = copy.deepcopy(reading)  # the record must not share objects with the reading

    for name in ("datasets", "code_urls", "official_code", "sections", "compute"):
        value = getattr(reading, name)
        label = name.replace("_", " ")
        mine = getattr(paper, name)
        if first or old.get(name) == fingerprint(mine) or name not in old and not mine:
            if not first and getattr(paper, name) != value:
                notes.append(f"updated {label}")
            setattr(paper, name, value)
            new_prints[name] = fingerprint(value)
        else:
            notes.append(f"kept your edited {label}")
            new_prints[name] = old.get(name, "")

    paper.hyperparameters = _merge(
        paper.hyperparameters, reading.hyperparameters, lambda h: h.name, "hp:",
        lambda h: fingerprint(h), lambda h: False, "setting", first, old, new_prints, notes)
    paper.claims = _merge(
        paper.claims, reading.claims, lambda c: c.key, "claim:",
        lambda c: fingerprint(_claim_core(c)), _has_user_numbers, "claim", first, old,
        new_prints, notes)
    paper.extracted = new_prints
    paper.read_from_version = reading.version if reading.version is not None else paper.version
    return notes


def _holds_suggestions(paper: Paper) -> bool:
    return any(getattr(paper, name) for name in (
        "datasets", "code_urls", "official_code", "sections", "compute", "hyperparameters",
        "claims"))


def _has_user_numbers(claim: Claim) -> bool:
    """Whether the user recorded anything on the claim: a number, a tolerance, --override."""
    values = (getattr(claim, f) for f in _USER_FIELDS)
    return any(v is not None and v is not False for v in values)


def _merge(current: list, found: list, key, prefix: str, printer, precious, label: str,
           first: bool, old: dict[str, str], new_prints: dict[str, str], notes: list[str]
           ) -> list:
    """One list of suggestions (claims or settings) merged by key, in the new order."""
    mine = {key(x): x for x in current}
    out = []
    for item in found:
        name = prefix + key(item)
        have = mine.pop(key(item), None)
        if have is not None and getattr(have, "origin", "paper") == "user":
            out.append(have)  # the user's own entry under the same key wins
            continue
        if have is not None and not first and old.get(name) != printer(have):
            out.append(have)
            new_prints[name] = old.get(name, "")
            if have != item:
                notes.append(f"kept your edited {label} {key(item)}")
            continue
        if have is None and not first and name in old:
            new_prints[name] = old[name]  # deleted by the user: stays deleted
            continue
        if have is not None:
            for f in _USER_FIELDS:
                if hasattr(item, f):
                    setattr(item, f, getattr(have, f))
        elif not first:
            notes.append(f"new {label} {key(item)}")
        out.append(item)
        new_prints[name] = printer(item)
    for k, have in mine.items():
        name = prefix + k
        edited = name not in old or old.get(name) != printer(have)
        if getattr(have, "origin", "paper") == "user" or edited or precious(have):
            out.append(have)
            if name in old:
                new_prints[name] = old[name]
        else:
            notes.append(f"dropped {label} {k}: no longer found in the text")
    return out
