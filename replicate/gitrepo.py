"""The few git operations replicate needs, run through the user's own `git`.

Running `git commit` itself (rather than writing commits from Python) means the
user's identity is found exactly as git finds it (``GIT_AUTHOR_*``,
``GIT_COMMITTER_*``, ``GIT_CONFIG_GLOBAL``, the repo's config) and their hooks run.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from .errors import GitError, ReplicateError
from .files import naming, write_atomic

AUTHOR_FALLBACK = ("replicate", "replicate@localhost")
# Set by a git hook or a wrapper script, these would point git at another repo or index.
_FOREIGN = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY",
            "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_NAMESPACE", "GIT_PREFIX")

log = logging.getLogger("replicate")
_told_identity = False


def _own_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    return {k: v for k, v in (env or os.environ).items() if k not in _FOREIGN}


def _run(repo: Path, *args: str, env: Mapping[str, str] | None = None
         ) -> subprocess.CompletedProcess[str]:
    base = _own_env(env)
    try:
        return subprocess.run(["git", *args], cwd=repo, env=base, capture_output=True,
                              text=True, errors="replace", stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); install git and try "
                       "again.") from None
    except OSError as e:
        raise GitError(f"cannot run git in {repo} ({e.strerror}).") from e


def _detail(done: subprocess.CompletedProcess[str]) -> str:
    """The one line of git's (or a hook's) output that says why: the last one it printed."""
    lines = [ln.strip() for ln in (done.stderr + "\n" + done.stdout).splitlines() if ln.strip()]
    hints = [ln for ln in lines if not ln.lower().startswith("hint:")]
    line = (hints or lines or [f"exit status {done.returncode}"])[-1]
    return line if len(line) <= 200 else line[:197] + "..."


def _git(repo: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    done = _run(repo, *args, env=env)
    if done.returncode != 0:
        raise GitError(f"git failed in {repo} (git {args[0]}): {_detail(done)}.")
    return done.stdout


def _identity_env(repo: Path) -> dict[str, str]:
    """The environment for `git commit`: the user's identity, or the tool's when git has none.

    `git var` fails exactly when `git commit` would for want of a name or an email.
    """
    global _told_identity
    env = dict(os.environ)
    lacking = [role for role in ("AUTHOR", "COMMITTER")
               if _run(repo, "var", f"GIT_{role}_IDENT", env=env).returncode != 0]
    for role in lacking:
        env.setdefault(f"GIT_{role}_NAME", AUTHOR_FALLBACK[0])
        env.setdefault(f"GIT_{role}_EMAIL", AUTHOR_FALLBACK[1])
        if _run(repo, "var", f"GIT_{role}_IDENT", env=env).returncode != 0:
            env[f"GIT_{role}_NAME"], env[f"GIT_{role}_EMAIL"] = AUTHOR_FALLBACK
    if lacking and not _told_identity:
        _told_identity = True
        log.warning("git knows no name or email for you, so commits are made as %s <%s>; "
                    "set yours with 'git config --global user.name \"Your Name\"' and "
                    "'git config --global user.email you@example.org'.", *AUTHOR_FALLBACK)
    return env


def _commit(repo: Path, message: str, paths: list[str] | None) -> str:
    env = _identity_env(repo)
    args = ["commit", "-q", "--no-edit", "-m", message]
    done = _run(repo, *args, *(["--", *paths] if paths else []), env=env)
    if done.returncode != 0:
        raise GitError(f"git refused the commit in {repo}: {_detail(done)}.")
    return _git(repo, "rev-parse", "HEAD").strip()


def init(folder: Path) -> None:
    """Make `folder` a git repo on branch main, with no commit yet."""
    _git(folder, "init", "-q", "--initial-branch=main")


def commit_all(folder: Path, message: str) -> str:
    """Commit everything in `folder`; return the sha."""
    _git(folder, "add", "-A")
    return _commit(folder, message, None)


def init_and_commit(folder: Path, message: str) -> str:
    """Make `folder` a git repo on branch main and commit everything in it; return the sha."""
    init(folder)
    return commit_all(folder, message)


def git_dir(repo: Path) -> Path:
    """The git folder of the paper repo `repo`, or `GitError` saying it is gone.

    Checked before anything is written: without it, git would look further up and
    could commit into a repo that holds the workspace.
    """
    dot = repo / ".git"
    if dot.is_file():  # a worktree or submodule: "gitdir: <path>"
        with contextlib.suppress(OSError, UnicodeDecodeError):
            text = dot.read_text(encoding="utf-8").strip()
            if text.startswith("gitdir:"):
                dot = repo / text[len("gitdir:"):].strip()
    if not dot.is_dir():
        raise GitError(f"{repo} has no .git folder, so nothing can be changed or committed "
                       "there; restore .git, or run 'replicate add --rebuild' with the paper's "
                       "id to make it a git repo again from its files.")
    return dot


def _head(repo: Path) -> str | None:
    done = _run(repo, "rev-parse", "-q", "--verify", "HEAD")
    return done.stdout.strip() if done.returncode == 0 else None


@contextmanager
def _signals_held() -> Iterator[None]:
    """Ctrl-C or SIGTERM arriving inside the block takes effect when it ends.

    A file written and its commit are one step: a signal between them would leave
    a change that is on disk but not in git.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []
    held = (signal.SIGINT, signal.SIGTERM)
    before = {s: signal.signal(s, lambda n, _f: caught.append(n)) for s in held}
    try:
        yield
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])


def commit_files(repo: Path, files: Mapping[str, str | bytes | None], message: str, *,
                 worktree: Mapping[str, str | bytes] | None = None) -> str | None:
    """Write `files` (paths relative to `repo`; None removes one) and commit them, as one step.

    If the commit fails (a hook refuses, the disk is full, ``.git`` is gone) every file
    is put back as it was and `GitError` says why; returns the new sha, or None when
    nothing changed. The user's other staged changes stay out of the commit. `worktree`
    holds texts to leave in the working tree once the commit is made, uncommitted (the
    user's own edits of a file whose other part is committed).
    """
    git_dir(repo)
    worktree = worktree or {}
    before = {rel: _read(repo / rel) for rel in [*files, *worktree]}
    with _signals_held():
        head = _head(repo)
        try:
            sha = None
            write_files(repo, files)
            if files:
                _git(repo, "add", "-A", "--", *files)
                if _run(repo, "status", "--porcelain", "--", *files).stdout.strip():
                    sha = _commit(repo, message, list(files))  # else no empty commit
            write_files(repo, worktree)
            return sha
        except BaseException as e:
            if _head(repo) == head:  # the commit did not land: undo the writes
                _restore(repo, before, head, list(files))
            if isinstance(e, OSError):
                raise ReplicateError(f"cannot write {e.filename or repo} ({e.strerror}); "
                                     "nothing was changed.") from e
            raise


def write_files(repo: Path, files: Mapping[str, str | bytes | None]) -> None:
    """Write `files` (paths relative to `repo`) atomically; None removes a file."""
    for rel, data in files.items():
        path = repo / rel
        if data is None:
            with naming(path):
                path.unlink(missing_ok=True)
        else:
            write_atomic(path, data)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _restore(repo: Path, before: Mapping[str, bytes | None], head: str | None,
             staged: list[str]) -> None:
    for rel, data in before.items():
        with contextlib.suppress(OSError):  # a disk still full: put back what can be
            if data is None:
                (repo / rel).unlink(missing_ok=True)
            elif _read(repo / rel) != data:
                write_atomic(repo / rel, data)
    if head is not None and staged:
        _run(repo, "reset", "-q", "--", *staged)


def committed(repo: Path, rel: str) -> str | None:
    """The text of `rel` as HEAD has it; None when HEAD lacks it (or there is no HEAD)."""
    done = _run(repo, "show", f"HEAD:{rel}")
    return done.stdout if done.returncode == 0 else None


def head_state(repo: Path, exclude: str | None = None) -> tuple[str | None, bool | None]:
    """(HEAD's sha, whether the tree has changes outside `exclude`); None where git cannot tell."""
    done = _run(repo, "status", "--porcelain", "--", ".", *([f":(exclude){exclude}"]
                                                            if exclude else []))
    return _head(repo), (bool(done.stdout.strip()) if done.returncode == 0 else None)


def run(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """A local git command whose failure the caller reads itself (exit status, output)."""
    return _run(repo, *args)


def run_input(repo: Path, data: str, *args: str) -> subprocess.CompletedProcess[str]:
    """A local git command reading `data` on its standard input."""
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
    return subprocess.run(["git", *args], cwd=repo, env=env, input=data, capture_output=True,
                          text=True, errors="replace")


def git(repo: Path, *args: str) -> str:
    """A local git command's output, or `GitError` with the line that says why it failed."""
    return _git(repo, *args)


def commit(repo: Path, message: str, paths: list[str]) -> str:
    """Commit what is staged at `paths` (only those), as the user; return the new sha."""
    return _commit(repo, message, paths)


def talk(repo: Path, *args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """A git command that talks to a remote (push, ls-remote): it never prompts for a
    password, and after `timeout` seconds it is stopped with all it started (ssh, a
    credential helper), and `GitError` says so."""
    env = {k: v for k, v in os.environ.items() if k not in _FOREIGN}
    env.update(GIT_TERMINAL_PROMPT="0", GCM_INTERACTIVE="never")
    try:
        proc = subprocess.Popen(["git", *args], cwd=repo, env=env, stdin=subprocess.DEVNULL,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                errors="replace", start_new_session=True)
    except FileNotFoundError:
        raise GitError("git is not installed (or not on PATH); install git and try "
                       "again.") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except BaseException as e:
        with contextlib.suppress(OSError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        if isinstance(e, subprocess.TimeoutExpired):
            raise GitError(f"git {args[0]} got no answer within {timeout:g} s; check the "
                           "network and the remote's URL, then try again.") from None
        raise
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def uncommitted(repo: Path) -> list[str]:
    """The tracked files with changes not committed (staged or not): what a merge could lose."""
    done = _run(repo, "status", "--porcelain", "-z", "--untracked-files=no")
    if done.returncode != 0:
        raise GitError(f"git failed in {repo} (git status): {_detail(done)}.")
    entries = done.stdout.split("\0")
    names, skip = [], False
    for entry in entries:
        if skip:  # the old name of a rename
            skip = False
            continue
        if entry:
            names.append(entry[3:])
            skip = entry[0] in "RC"
    return names


def root_commit(repo: Path) -> str | None:
    """The first commit of HEAD's history (the oldest, if several), or None with no commits."""
    done = _run(repo, "rev-list", "--max-parents=0", "HEAD")
    roots = done.stdout.split() if done.returncode == 0 else []
    return roots[-1] if roots else None


def _feed(repo: Path, args: list[str], data: bytes) -> bytes:
    """Run ``git ARGS`` in `repo` with `data` on its stdin; its stdout, or `GitError`."""
    try:
        done = subprocess.run(["git", *args], cwd=repo, env=_own_env(), input=data,
                              capture_output=True)
    except OSError as e:
        raise GitError(f"cannot run git in {repo} ({e.strerror}).") from e
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines() or ["no reason given"]
        command = next(a for a in args if not a.startswith("-") and "=" not in a)
        raise GitError(f"git failed in {repo} (git {command}): {why[-1]}.")
    return done.stdout


def read_objects(repo: Path, names: list[str]) -> dict[str, bytes | None]:
    """The contents of several objects (``<rev>:<path>``, a ref) in one `git cat-file`; None
    for each that does not exist."""
    request = "".join(f"{name}\n" for name in names).encode("utf-8")
    out, at, found = _feed(repo, ["cat-file", "--batch"], request), 0, {}
    for name in names:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3 or header[-1] in (b"missing", b"ambiguous"):
            found[name] = None
            continue
        size = int(header[2])
        found[name] = out[at:at + size]
        at += size + 1
    return found


def commit_tree(repo: Path, ref: str, files: Mapping[str, bytes], message: str,
                parent: str | None) -> str:
    """Commit exactly `files` on `ref` (child of `parent`) without touching the work tree or
    the index, in one `git fast-import`; return the new commit's sha."""
    import time

    name, email = AUTHOR_FALLBACK
    msg = message.encode("utf-8")
    parts = [f"commit {ref}\nmark :1\ncommitter {name} <{email}> {int(time.time())} +0000\n"
             f"data {len(msg)}\n".encode(), msg, b"\n"]
    if parent:
        parts.append(f"from {parent}\n".encode())
    parts.append(b"deleteall\n")
    for rel, data in sorted(files.items()):
        parts += [f"M 100644 inline {rel}\ndata {len(data)}\n".encode(), data, b"\n"]
    parts.append(b"\nget-mark :1\n")
    # Kept as one small pack: unpacking it into loose objects costs another process.
    args = ["-c", "fastimport.unpackLimit=0", "fast-import", "--quiet", "--force"]
    return _feed(repo, args, b"".join(parts)).decode().split()[-1]


def merge_file(base: bytes, ours: bytes, theirs: bytes, labels: tuple[str, str, str]
               ) -> tuple[bytes, int]:
    """Three-way merge of one file's texts with `git merge-file`: (the result, with standard
    conflict markers where both sides changed the same lines; the number of conflicts)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="replicate-merge-") as tmp:
        paths = []
        for name, data in (("ours", ours), ("base", base), ("theirs", theirs)):
            path = Path(tmp) / name
            path.write_bytes(data)
            paths.append(str(path))
        args = [a for label in labels for a in ("-L", label)]
        try:
            done = subprocess.run(["git", "merge-file", "-p", *args, *paths], cwd=tmp,
                                  env=_own_env(), capture_output=True)
        except OSError as e:
            raise GitError(f"cannot run git merge-file ({e.strerror}).") from e
    if done.returncode < 0 or done.returncode > 127:
        raise GitError(f"git merge-file failed: {done.stderr.decode(errors='replace').strip()}.")
    return done.stdout, done.returncode
