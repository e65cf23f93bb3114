"""What a re-reading changed in a record: claims changed, added and removed, and settings.

Computed from the record before and after (not from the raw reading), so it says what
the user will find in ``paper.toml``: a claim whose edited value was kept is not a
change, a claim the user deleted does not come back as added. What the text now says
against an edit the user made is listed apart (`claims_kept`, `hyperparameters_kept`),
so a corrected table in a new version is never missed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..record import Claim, Hyperparameter, Paper

if TYPE_CHECKING:
    from . import Reading


@dataclass
class ClaimChange:
    """One claim as it was and as it is; the old side is None for an added claim, the new
    side None for a removed one."""

    key: str
    metric: str
    dataset: str
    unit: str
    old_value: float | None
    new_value: float | None
    old_version: int | None
    new_version: int | None


@dataclass
class SettingChange:
    """One hyperparameter's value as printed before and after (None: absent on that side)."""

    name: str
    old_value: str | None
    new_value: str | None


@dataclass
class ReadingDiff:
    claims_changed: list[ClaimChange] = field(default_factory=list)
    claims_added: list[ClaimChange] = field(default_factory=list)
    claims_removed: list[ClaimChange] = field(default_factory=list)
    hyperparameters: list[SettingChange] = field(default_factory=list)
    # the user's value (old) kept where the text read now says otherwise (new)
    claims_kept: list[ClaimChange] = field(default_factory=list)
    hyperparameters_kept: list[SettingChange] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.claims_changed or self.claims_added or self.claims_removed
                    or self.hyperparameters)


_COMPARED = ("metric", "dataset", "unit", "value", "lower_is_better")


def diff(before: Paper, after: Paper, found: Reading | None = None) -> ReadingDiff:
    """The claims and hyperparameters that differ between two states of one record.

    Claims are matched by key and settings by name; a claim only pinned to a newer
    version, with the same figure, is not a change. With `found`, the reading that was
    merged, the entries the user's edits kept against it are listed too.
    """
    out = ReadingDiff()
    old = {c.key: c for c in before.claims}
    new = {c.key: c for c in after.claims}
    for key, c in new.items():
        was = old.get(key)
        if was is None:
            out.claims_added.append(_change(None, c))
        elif any(getattr(was, f) != getattr(c, f) for f in _COMPARED):
            out.claims_changed.append(_change(was, c))
    out.claims_removed = [_change(c, None) for key, c in old.items() if key not in new]
    out.hyperparameters = _settings(before.hyperparameters, after.hyperparameters)
    if found is not None:
        read = {c.key: c for c in found.claims}
        out.claims_kept = [_change(c, read[c.key]) for c in after.claims if c.key in read and
                           any(getattr(c, f) != getattr(read[c.key], f) for f in _COMPARED)]
        values = {h.name: h.value for h in found.hyperparameters}
        out.hyperparameters_kept = [SettingChange(h.name, h.value, values[h.name])
                                    for h in after.hyperparameters
                                    if h.name in values and values[h.name] != h.value]
    return out


def _change(was: Claim | None, now: Claim | None) -> ClaimChange:
    shown = now or was
    assert shown is not None
    return ClaimChange(
        key=shown.key, metric=shown.metric, dataset=shown.dataset, unit=shown.unit,
        old_value=was.value if was else None, new_value=now.value if now else None,
        old_version=was.version if was else None, new_version=now.version if now else None,
    )


def _settings(before: list[Hyperparameter], after: list[Hyperparameter]) -> list[SettingChange]:
    old = {h.name: h.value for h in before}
    new = {h.name: h.value for h in after}
    changes = [SettingChange(name, old.get(name), value) for name, value in new.items()
               if old.get(name) != value]
    changes += [SettingChange(name, value, None) for name, value in old.items()
                if name not in new]
    return changes
