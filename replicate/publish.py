"""Publishing: push a paper repo to a remote, and make the workspace show every one.

A paper is published by pushing its branch (commits only: what ``.gitignore`` keeps
out, the PDF, data, checkpoints, never travels) and recording the remote in its
record, so README, report and site link to it. A workspace pushed as a whole holds
each published paper as a git submodule (``.gitmodules`` plus a gitlink), which is
what makes a forge link each paper folder to its own repo. A push that fails leaves
everything as it was: remote settings, record and commits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import gitrepo, record, tracking
from .errors import BadValue, GitError, RecordError, RemoteError
from .ledger import write_ledger_md
from .settings import Settings

REMOTE = "origin"
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*://", re.IGNORECASE)
_SCP = re.compile(r"^(?:[^@/:]+@)?[^/:]{2,}:")  # git@github.com:user/repo (not C:/...)


@dataclass
class Published:
    """A paper repo pushed to its remote."""

    arxiv_id: str
    repo: Path
    url: str
    branch: str
    commit: str
    code_url: str | None  # the repo's web page, when the remote has one
    recorded: bool  # the URL was new to the record (and committed)


@dataclass
class Submodule:
    path: str  # relative to the workspace repo's top
    url: str
    commit: str


@dataclass
class WorkspacePublished:
    """The workspace repo pushed, with each published paper as a submodule."""

    root: Path
    url: str
    branch: str
    commit: str
    created: bool  # the workspace was made a git repo by this command
    submodules: list[Submodule] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one sentence per paper left out


def remote_url(url: str, cwd: Path | None = None) -> str:
    """The URL to record and push to: a local path made absolute, so it means the same
    from the paper repo, the workspace and a clone; a URL with a password refused."""
    text = url.strip()
    if not text:
        raise BadValue("--remote needs a URL, e.g. git@github.com:you/paper.git.")
    if re.match(r"^[a-z][a-z0-9+.-]*://[^/@]*:[^/@]*@", text, re.IGNORECASE):
        raise BadValue(f"{_safe(text)} carries a password, which would be recorded and "
                       "published; use SSH or a git credential helper instead.")
    if _SCHEME.match(text) or _SCP.match(text):
        return text
    return str(((cwd or Path.cwd()) / Path(text).expanduser()).resolve())


def _safe(url: str) -> str:
    return re.sub(r"(://)[^/@]*@", r"\1***@", url)


def _branch(repo: Path, *, unborn: bool = False) -> str:
    """The branch checked out in `repo`; one with no commits yet only when `unborn`."""
    done = gitrepo.run(repo, "symbolic-ref", "-q", "--short", "HEAD")
    branch = done.stdout.strip()
    if done.returncode != 0 or not branch:
        raise GitError(f"{repo} is not on a branch (detached HEAD); check out the branch "
                       "to publish, e.g. 'git switch main'.")
    if not unborn and gitrepo.run(repo, "rev-parse", "-q", "--verify", "HEAD").returncode:
        raise GitError(f"{repo} has no commits yet; commit its files, then publish.")
    return branch


def _ignored_but_committed(repo: Path, branch: str) -> list[str]:
    """Files ever committed on `branch` that ``.gitignore`` keeps out (a PDF, data):
    pushing the branch would publish them."""
    added = gitrepo.git(repo, "log", "--format=", "--name-only", "--diff-filter=A",
                        "--no-renames", branch).split("\n")
    paths = sorted({p for p in added if p.strip()})
    if not paths:
        return []
    done = gitrepo.run_input(repo, "\n".join(paths) + "\n", "check-ignore", "--no-index",
                             "--stdin")
    return [p for p in done.stdout.splitlines() if p]


def _remote_get(repo: Path, name: str) -> str | None:
    done = gitrepo.run(repo, "remote", "get-url", name)
    return done.stdout.strip() if done.returncode == 0 else None


def _remote_set(repo: Path, name: str, url: str | None, before: str | None) -> None:
    """Point remote `name` at `url` (None removes it), knowing it was `before`."""
    if url is None:
        if before is not None:
            gitrepo.run(repo, "remote", "remove", name)
    elif before is None:
        gitrepo.git(repo, "remote", "add", name, url)
    elif before != url:
        gitrepo.git(repo, "remote", "set-url", name, url)


def _push(repo: Path, name: str, url: str, branch: str, timeout: float) -> None:
    """Push `branch` to remote `name`, or `RemoteError` saying in one sentence why not."""
    done = gitrepo.talk(repo, "push", "--porcelain", "--set-upstream", name,
                        f"refs/heads/{branch}:refs/heads/{branch}", timeout=timeout)
    if done.returncode == 0:
        return
    lines = [ln.strip() for ln in (done.stdout + "\n" + done.stderr).splitlines()]
    refused = next((ln for ln in lines if ln.startswith("!")), None)
    said = next((ln[len("remote:"):].strip() for ln in lines
                 if ln.startswith("remote:") and ln[len("remote:"):].strip()), "")
    where = _safe(url)
    if refused and "[rejected]" in refused:
        raise RemoteError(
            f"{where} refused {branch}: it holds commits this repo lacks, so pushing would "
            f"lose them; publish to an empty repository or merge them first ('git pull "
            f"{name} {branch}'); nothing was changed.")
    if refused:
        why = refused.split("\t")[-1].replace("[remote rejected]", "").strip(" ()")
        detail = f"{why}: {said}" if said else why
        raise RemoteError(f"{where} refused {branch} ({detail}); nothing was changed.")
    fatal = next((ln[len("fatal:"):].strip() for ln in lines if ln.startswith("fatal:")),
                 lines[0] if lines else f"exit status {done.returncode}")
    raise RemoteError(f"cannot push to {where} ({fatal.rstrip('.')}); check the URL and "
                      "your access; nothing was changed.")


def publish_paper(settings: Settings, paper_id: str, url: str | None = None, *,
                  remote: str = REMOTE, now: datetime | None = None) -> Published:
    """Push the paper repo's branch to `url` (as remote `remote`) and record the URL;
    without `url`, push again to the one recorded.

    The record change is committed first, so the pushed repo names its own URL; if the
    push fails, that commit and the remote settings are undone, and `RemoteError` says why.
    """
    given = None if url is None else remote_url(url)
    timeout = settings.timeout * 10
    with tracking.editing(settings, paper_id) as (repo, paper):
        gitrepo.git_dir(repo)
        url = given or paper.published_url
        if not url:
            raise BadValue(f"{paper.arxiv_id} is not published yet; say where with --remote "
                           "URL, e.g. --remote git@github.com:you/repo.git.")
        branch = _branch(repo)
        leaks = _ignored_but_committed(repo, branch)
        if leaks:
            shown = ", ".join(leaks[:3]) + (f" and {len(leaks) - 3} more" if len(leaks) > 3
                                            else "")
            raise BadValue(f"{repo} has committed {shown}, which .gitignore keeps out of the "
                           "repo (papers, data and checkpoints stay private); remove them "
                           "from its history before publishing.")
        before = _remote_get(repo, remote)
        head = gitrepo.git(repo, "rev-parse", "HEAD").strip()
        recorded = paper.published_url != url
        try:
            _remote_set(repo, remote, url, before)
            if recorded:
                paper.published_url = url
                tracking.commit(settings, repo, paper, f"Published at {_safe(url)}")
            _push(repo, remote, url, branch, timeout)
        except BaseException:
            if gitrepo.git(repo, "rev-parse", "HEAD").strip() != head:
                gitrepo.run(repo, "reset", "-q", "--keep", head)
            _remote_set(repo, remote, before, url)
            raise
        commit = gitrepo.git(repo, "rev-parse", "HEAD").strip()
    if recorded:
        write_ledger_md(settings, now)
    return Published(paper.arxiv_id, repo, url, branch, commit, paper.code_url, recorded)


def _toplevel(folder: Path) -> Path | None:
    done = gitrepo.run(folder, "rev-parse", "--show-toplevel")
    return Path(done.stdout.strip()).resolve() if done.returncode == 0 else None


def _paper_commit(repo: Path, paper: record.Paper, timeout: float) -> str:
    """The repo's HEAD, pushed to its recorded remote first so a clone can check it out."""
    branch = _branch(repo)
    upstream = gitrepo.run(repo, "rev-parse", "-q", "--verify", "@{upstream}").stdout.strip()
    head = gitrepo.git(repo, "rev-parse", "HEAD").strip()
    if upstream != head:
        name = gitrepo.run(repo, "config", f"branch.{branch}.remote").stdout.strip() or REMOTE
        if _remote_get(repo, name) != paper.published_url:
            raise RemoteError(f"its remote '{name}' is not {_safe(paper.published_url or '')} "
                              "any more; publish it again with --remote.")
        _push(repo, name, paper.published_url or "", branch, timeout)
    return head


def publish_workspace(settings: Settings, url: str, *, remote: str = REMOTE) -> WorkspacePublished:
    """Commit every published paper as a submodule of the workspace repo and push it.

    The workspace becomes a git repo (branch main) when it is not inside one. Papers not
    published yet are left out, each named. Only ``.gitmodules``, the papers' gitlinks,
    LEDGER.md and replicate.toml are committed: the user's other changes stay as they are.
    """
    url = remote_url(url)
    timeout = settings.timeout * 10
    root = settings.workspace.resolve()
    papers_dir = settings.papers_dir.resolve()
    top = _toplevel(root)
    created = top is None
    if created:
        top = root
    if not papers_dir.is_relative_to(top):
        raise BadValue(f"the papers folder {papers_dir} is outside the workspace repo {top}, "
                       "so its papers cannot be submodules there; keep papers inside it.")
    subs: list[Submodule] = []
    skipped: list[str] = []
    for repo in record.paper_repos(papers_dir):
        try:
            paper = record.load(repo)
            if not paper.published_url:
                skipped.append(f"{paper.arxiv_id} is not published yet (replicate publish "
                               f"{paper.arxiv_id} --remote URL).")
                continue
            commit = _paper_commit(repo, paper, timeout)
        except (RecordError, GitError, RemoteError) as e:
            skipped.append(f"{repo.name}: {e}")
            continue
        subs.append(Submodule(repo.relative_to(top).as_posix(), paper.published_url, commit))
    if not subs:
        raise BadValue("no paper is published yet, so the workspace would show none; publish "
                       "one first with 'replicate publish ID --remote URL'.")
    if created:
        gitrepo.git(top, "init", "-q", "--initial-branch=main")
    try:
        branch = _branch(top, unborn=True)
        head = gitrepo.run(top, "rev-parse", "-q", "--verify", "HEAD").stdout.strip() or None
        modules = top / ".gitmodules"
        old_modules = modules.read_bytes() if modules.exists() else None
        before = _remote_get(top, remote)
        extra = [rel for rel in (p.resolve().relative_to(top).as_posix()
                                 for p in (settings.ledger_file, settings.config_file)
                                 if p is not None and p.exists() and
                                 p.resolve().is_relative_to(top))
                 if gitrepo.run(top, "check-ignore", "-q", rel).returncode != 0]
        paths = [".gitmodules", *(s.path for s in subs)]
        try:
            for s in subs:
                gitrepo.git(top, "config", "-f", ".gitmodules", f"submodule.{s.path}.path", s.path)
                gitrepo.git(top, "config", "-f", ".gitmodules", f"submodule.{s.path}.url", s.url)
            gitrepo.git(top, "add", "--", ".gitmodules", *extra)
            for s in subs:
                gitrepo.git(top, "update-index", "--add", "--cacheinfo",
                            f"160000,{s.commit},{s.path}")
            changed = head is None or gitrepo.run(
                top, "diff", "--cached", "--quiet", "HEAD", "--", *paths, *extra).returncode
            if changed:
                gitrepo.commit(top, _message(subs), [*paths, *extra])
            _remote_set(top, remote, url, before)
            _push(top, remote, url, branch, timeout)
        except BaseException:
            _undo_workspace(top, head, old_modules, [*paths, *extra])
            _remote_set(top, remote, before, url)
            raise
    except BaseException:
        if created:
            import shutil

            shutil.rmtree(top / ".git", ignore_errors=True)
            (top / ".gitmodules").unlink(missing_ok=True)
        raise
    commit = gitrepo.git(top, "rev-parse", "HEAD").strip()
    return WorkspacePublished(top, url, branch, commit, created, subs, skipped)


def _message(subs: list[Submodule]) -> str:
    names = ", ".join(Path(s.path).name for s in subs[:3])
    more = f" and {len(subs) - 3} more" if len(subs) > 3 else ""
    return f"Published papers as submodules: {names}{more}"


def _undo_workspace(top: Path, head: str | None, modules: bytes | None,
                    paths: list[str]) -> None:
    """Put the workspace repo back: its HEAD, .gitmodules and the index entries of `paths`."""
    now = gitrepo.run(top, "rev-parse", "-q", "--verify", "HEAD").stdout.strip() or None
    if now != head and head is not None:
        gitrepo.run(top, "reset", "-q", "--soft", head)
    if head is None:
        gitrepo.run(top, "update-ref", "-d", "HEAD")
        gitrepo.run(top, "rm", "-q", "-r", "--cached", "--ignore-unmatch", "--", *paths)
    else:
        gitrepo.run(top, "reset", "-q", head, "--", *paths)
    path = top / ".gitmodules"
    if modules is None:
        path.unlink(missing_ok=True)
    else:
        from .files import write_atomic

        write_atomic(path, modules)
