"""The training recipe: hyperparameters as the paper prints them."""

from __future__ import annotations

import re

from ..record import Hyperparameter
from .outline import strip_references
from .text import sentences

_SCI = (r"(?:10\s*[−-]\s*\d+(?!\.\d)|10\^\s*\{?[−-]\d+\}?|\d+(?:\.\d+)?"
        r"(?:\s*[×x·]\s*10\s*\^?[−-]\s*\d+|\s*[eE]\s*[−-]?\s*\d+)?)")


HYPERPARAMETERS: list[tuple[str, re.Pattern[str]]] = [
    (name, re.compile(p, re.I)) for name, p in [
        ("learning rate", rf"learning\s+rate(?:\s+(?:of|was|is|=|to|set\s+to))+\s*(?P<v>{_SCI})"),
        ("warmup steps", r"(?:warmup_steps\s*=\s*|warm-?up\s+(?:of|for)?\s*)(?P<v>\d[\d,.]*\s*[kK]?)(?=\s*(?:steps|iterations|$|[.,;]))"),
        ("batch size", r"(?:mini-?)?batch(?:es)?(?:\s+size)?(?:\s+(?:of|was|is|=))+\s*(?P<v>\d[\d,]*k?)"),
        ("epochs", r"(?<![\d.,∼~])(?P<v>\d[\d,]*)\s+(?:training\s+)?epochs"),
        ("training steps", r"(?:train\w*|for|total|after|until|terminat\w*)\b[^.]{0,40}?(?<![×x·]\s)(?<![×x·\d.,])"
                           r"(?P<v>\d[\d,.]*(?:\s*[×x·]\s*10\d{1,2}|\s*[kKM]\b)?)\s+(?:training\s+)?(?:steps|iterations|updates)"),
        ("optimizer", r"(?P<v>Adam(?:W|ax)?|SGD|AdaGrad|RMSProp|Adadelta|ADADELTA|LAMB|Adafactor)"
                      r"\s+(?:optimizer|optimiser|with|\(|to\s+train|for\s+(?:training|optimi))"),
        ("beta1", r"β\s*1\s*=\s*(?P<v>\d+(?:\.\d+)?)"),
        ("beta2", r"β\s*2\s*=\s*(?P<v>\d+(?:\.\d+)?)"),
        ("epsilon", rf"(?:ε|ϵ|epsilon)\s*=\s*(?P<v>{_SCI})"),
        ("momentum", r"momentum(?:\s+(?:of|=))+\s*(?P<v>0?\.\d+)"),
        ("weight decay", rf"weight\s+decay(?:\s+(?:of|=))+\s*(?P<v>{_SCI})"),
        ("dropout", r"(?:dropout(?:\s+(?:rate|probability))?(?:\s+(?:of|=|p\s*=))+\s*|P\s*drop\s*=\s*)"
                    r"(?P<v>0?\.\d+)"),
        ("label smoothing", r"label\s+smoothing(?:\s+(?:of|value|=|ϵ\s*ls\s*=))+\s*(?P<v>0?\.\d+)"),
        ("layers", r"(?:N\s*=\s*)(?P<v>\d+)\s+(?:identical\s+)?layers?"),
        ("model dimension", r"d\s*_?\s*model\s*=\s*(?P<v>\d+)"),
        ("hidden size", r"hidden\s+(?:size|dimension|units?)(?:\s+(?:of|=))+\s*(?P<v>\d+)"),
        ("attention heads", r"(?P<v>\d+)\s+(?:parallel\s+)?attention\s+heads|h\s*=\s*(?P<v2>\d+)\s+"
                            r"parallel"),
        ("beam size", r"beam\s+(?:size|width)(?:\s+(?:of|=))+\s*(?P<v>\d+)"),
    ]
]


NEEDS_TRAINING = {"optimizer", "training steps"}


USED = re.compile(r"\b(?:we|use[ds]?|using|train\w*|optimi[sz]ed)\b", re.I)


_SCALED = re.compile(r"([×x·]\s*)10([1-9]\d?)\b")


def find_hyperparameters(pages: list[str], version: int | None) -> list[Hyperparameter]:
    """Each setting once, from the first sentence that states it (not a sweep of values)."""
    found: dict[str, Hyperparameter] = {}
    for number_, page in enumerate(pages, start=1):
        for s in sentences(strip_references(page)):
            if len(s) > 500:
                continue
            for name, rx in HYPERPARAMETERS:
                if name in found:
                    continue
                values = []
                for m in rx.finditer(s):
                    value = m.group("v") or (m.groupdict().get("v2") or "")
                    value = value.strip().rstrip(".,;")
                    if value:
                        values.append(value)
                if not values or len(set(values)) > 1 and name != "optimizer":
                    continue  # "β1=0 β1=0.9 ...": a sweep in a legend, not the setting
                if name in NEEDS_TRAINING and not USED.search(s):
                    continue
                value = _SCALED.sub(r"\g<1>10^\2", values[0])
                shown = "exploration epsilon" if name == "epsilon" and "greedy" in s else name
                found[name] = Hyperparameter(shown, value, source=s[:300], page=number_,
                                             version=version)
    order = [n for n, _ in HYPERPARAMETERS]
    return [found[n] for n in order if n in found]
