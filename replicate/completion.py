"""Shell completion scripts, generated from the command line's own parser.

Commands, options and fixed choices come from the argparse parser, so a new command
or option is completed without touching this module. The workspace's papers are
not written into the script: it asks ``replicate __complete papers PREFIX`` each
time, so papers added later are completed without regenerating it. An argument is
marked for papers with ``action.complete = "paper"`` and for states with ``"state"``.
"""

from __future__ import annotations

import argparse
import shlex
from dataclasses import dataclass, field

SHELLS = ("bash", "zsh", "fish")


@dataclass
class Option:
    flags: list[str]
    help: str
    choices: list[str] | None  # the values it takes, when fixed
    takes_value: bool


@dataclass
class Positional:
    kind: str  # "paper", "state", "choices", "file" or "any"
    choices: list[str] = field(default_factory=list)
    repeats: bool = False


@dataclass
class Command:
    name: str
    help: str
    options: list[Option]
    positionals: list[Positional]


def _option(action: argparse.Action, states: tuple[str, ...]) -> Option:
    choices = (list(states) if getattr(action, "complete", None) == "state" else
               [str(c) for c in action.choices] if action.choices else None)
    return Option(list(action.option_strings), _plain(action.help), choices,
                  action.nargs != 0)


def _positional(action: argparse.Action, states: tuple[str, ...]) -> Positional:
    kind = getattr(action, "complete", None)
    repeats = action.nargs in ("*", "+", argparse.REMAINDER)
    if kind == "paper":
        return Positional("paper", repeats=repeats)
    if kind == "state":
        return Positional("state", list(states), repeats)
    if action.choices:
        return Positional("choices", [str(c) for c in action.choices], repeats)
    return Positional("file" if repeats or action.type is not None else "any", repeats=repeats)


def _plain(text: str | None) -> str:
    if not text or text == argparse.SUPPRESS:
        return ""
    return " ".join(text.replace("%%", "%").split())


def describe(parser: argparse.ArgumentParser) -> tuple[list[Option], list[Command]]:
    """The global options and the commands (with their options and positionals) of `parser`.

    Hidden commands (no help) and hidden options are left out.
    """
    from .ledger import DONE, STATES

    states = (*STATES, DONE)  # `status ID done` too
    top = [_option(a, states) for a in parser._actions
           if a.option_strings and a.help != argparse.SUPPRESS]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {c.dest: _plain(c.help) for c in sub._choices_actions}
    commands = []
    for name, p in sub.choices.items():
        if name not in helps:
            continue
        options = [_option(a, states) for a in p._actions
                   if a.option_strings and a.help != argparse.SUPPRESS]
        positionals = [_positional(a, states) for a in p._actions if not a.option_strings]
        commands.append(Command(name, helps[name], options, positionals))
    return top, commands


def script(shell: str, parser: argparse.ArgumentParser) -> str:
    """The completion script for `shell` (bash, zsh or fish)."""
    top, commands = describe(parser)
    if shell == "bash":
        return _bash(top, commands)
    if shell == "zsh":
        return ("# replicate completion for zsh (through bash's completion functions). "
                "Install:\n#   echo 'source <(replicate completion zsh)' >> ~/.zshrc\n"
                "(( $+functions[compdef] )) || { autoload -U +X compinit && compinit }\n"
                "autoload -U +X bashcompinit && bashcompinit\n"
                + _bash(top, commands, header=False))
    if shell == "fish":
        return _fish(top, commands)
    from .errors import BadValue

    raise BadValue(f"no completion for '{shell}'; choose one of: {', '.join(SHELLS)}.")


def _words(items: list[str]) -> str:
    return shlex.quote(" ".join(items))


def _bash(top: list[Option], commands: list[Command], header: bool = True) -> str:
    valued = [f"{c.name}:{f}" for c in commands for o in c.options if o.takes_value
              for f in o.flags] + [f":{f}" for o in top if o.takes_value for f in o.flags]
    value_cases = []
    for scope, options in [("", top)] + [(c.name, c.options) for c in commands]:
        for o in options:
            if o.takes_value:
                pattern = "|".join(f"{scope}:{f}" for f in o.flags)
                reply = (f"COMPREPLY=($(compgen -W {_words(o.choices)} -- \"$cur\"))"
                         if o.choices else "COMPREPLY=($(compgen -f -- \"$cur\"))")
                value_cases.append(f"        {pattern}) {reply}; return;;")
    option_cases = [f"        {c.name}) opts={_words([f for o in c.options for f in o.flags])};;"
                    for c in commands]
    positional_cases = []
    for c in commands:
        for n, pos in enumerate(c.positionals):
            index = "*" if pos.repeats else n  # a repeating positional takes the rest
            positional_cases.append(f"        {c.name}:{index}) kind={pos.kind} "
                                    f"words={_words(pos.choices)};;")
    lines = [
        "# replicate completion for bash. Install:",
        "#   replicate completion bash > ~/.local/share/bash-completion/completions/replicate",
        "",
    ] if header else []
    lines += [
        "_replicate_papers() {",
        "    local IFS=$'\\n'",
        "    COMPREPLY=($(\"$1\" \"${@:3}\" __complete papers \"$2\" 2>/dev/null | cut -f1))",
        "}",
        "",
        "_replicate() {",
        "    local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"",
        "    local cmd=\"\" npos=0 i w opts kind words ws=()",
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        "        w=\"${COMP_WORDS[i]}\"",
        "        case \"$w\" in",
        "            -w|--workspace) ws=(--workspace \"${COMP_WORDS[i+1]}\"); ((i++)); continue;;",
        "            --workspace=*) ws=(\"$w\"); continue;;",
        "        esac",
        "        case \" $_replicate_valued \" in",
        "            *\" $cmd:$w \"*) ((i++)); continue;;",
        "        esac",
        "        if [[ $w == -* ]]; then continue; fi",
        "        if [[ -z $cmd ]]; then cmd=\"$w\"; else ((npos++)); fi",
        "    done",
        "    case \"$cmd:$prev\" in",
        *value_cases,
        "    esac",
        "    if [[ -z $cmd ]]; then",
        "        if [[ $cur == -* ]]; then",
        f"            COMPREPLY=($(compgen -W {_words([f for o in top for f in o.flags])} "
        "-- \"$cur\"))",
        "        else",
        f"            COMPREPLY=($(compgen -W {_words([c.name for c in commands])} -- \"$cur\"))",
        "        fi",
        "        return",
        "    fi",
        "    if [[ $cur == -* ]]; then",
        "        case \"$cmd\" in",
        *option_cases,
        "            *) opts=\"\";;",
        "        esac",
        "        COMPREPLY=($(compgen -W \"$opts --help\" -- \"$cur\"))",
        "        return",
        "    fi",
        "    kind=\"\" words=\"\"",
        "    case \"$cmd:$npos\" in",
        *positional_cases,
        "    esac",
        "    case \"$kind\" in",
        "        paper) _replicate_papers \"${COMP_WORDS[0]}\" \"$cur\" \"${ws[@]}\";;",
        "        state|choices) COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"));;",
        "        file) COMPREPLY=($(compgen -f -- \"$cur\"));;",
        "    esac",
        "}",
        f"_replicate_valued={_words(valued)}",
        "complete -o default -F _replicate replicate",
        "",
    ]
    return "\n".join(lines)


def _fish(top: list[Option], commands: list[Command]) -> str:
    def opt(o: Option, condition: str) -> str:
        parts = ["complete -c replicate", f"-n {shlex.quote(condition)}"]
        for f in o.flags:
            parts.append(f"-l {f[2:]}" if f.startswith("--") else f"-s {f[1:]}")
        if o.takes_value:
            parts.append("-r")
            if o.choices:
                parts.append(f"-f -a {_words(o.choices)}")
        if o.help:
            parts.append(f"-d {shlex.quote(o.help[:80])}")
        return " ".join(parts)

    lines = [
        "# replicate completion for fish. Install:",
        "#   replicate completion fish > ~/.config/fish/completions/replicate.fish",
        "complete -c replicate -f",
        "function __replicate_papers",
        "    set -l ws",
        "    set -l words (commandline -opc)",
        "    set -l i (contains -i -- --workspace $words; or contains -i -- -w $words)",
        "    if test -n \"$i\"; and test (count $words) -gt $i",
        "        set ws --workspace $words[(math $i + 1)]",
        "    end",
        "    $words[1] $ws __complete papers (commandline -ct) 2>/dev/null",
        "end",
    ]
    lines += [opt(o, "__fish_use_subcommand") for o in top]
    for c in commands:
        lines.append(f"complete -c replicate -n '__fish_use_subcommand' -a {c.name} "
                     f"-d {shlex.quote(c.help[:80])}")
    for c in commands:
        seen = f"__fish_seen_subcommand_from {c.name}"
        lines += [opt(o, seen) for o in c.options]
        for pos in c.positionals:
            if pos.kind == "paper":
                lines.append(f"complete -c replicate -n {shlex.quote(seen)} "
                             "-a '(__replicate_papers)'")
            elif pos.kind in ("state", "choices"):
                lines.append(f"complete -c replicate -n {shlex.quote(seen)} "
                             f"-a {_words(pos.choices)}")
            elif pos.kind == "file":
                lines.append(f"complete -c replicate -n {shlex.quote(seen)} -F")
    return "\n".join(lines) + "\n"
