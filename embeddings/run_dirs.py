"""One temporary directory per run, named after the process that owns it, so a later run can remove what a
killed run (kill -9, power loss) left behind: `finally` cannot run then."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import tempfile
from pathlib import Path

_OWNED = re.compile(r"^dwhml-[a-z-]+?-pid(\d+)-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's live process
        return True
    return True


def sweep_dead_runs(root: str | os.PathLike | None = None) -> list[str]:
    """Remove dwhml run directories whose process is gone; return what was removed."""
    removed = []
    root = Path(root or tempfile.gettempdir())
    for path in root.glob("dwhml-*-pid*-*"):
        match = _OWNED.match(path.name)
        if match and path.is_dir() and int(match.group(1)) != os.getpid() and not _alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)
            removed.append(str(path))
    return removed


@contextlib.contextmanager
def run_directory(kind: str):
    """A fresh directory for this run (removed when the run ends, however it ends short of a kill), after
    removing the directories of dead runs."""
    sweep_dead_runs()
    path = tempfile.mkdtemp(prefix=f"dwhml-{kind}-pid{os.getpid()}-")
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
