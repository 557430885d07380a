"""Which files of an input directory the loaders read, and every entry they do not.

Read: regular files, at any depth, and links to regular files inside the directory. Not
read, each reported with why: hidden files and directories (a name starting with .), links
to outside the directory, dangling links, links to directories (never followed, so a link
loop cannot trap the walk), directories that cannot be entered, and anything that is not a
regular file (a FIFO, a socket, a device).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def list_inputs(root: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """(files to read, [(path relative to root, why it is not read)])."""
    root = root.resolve()
    files: list[Path] = []
    skipped: list[tuple[str, str]] = []

    def unreadable(error: OSError) -> None:
        skipped.append((_relative(Path(error.filename), root), f"cannot be entered: {error.strerror}"))

    for directory, dirs, names in os.walk(root, onerror=unreadable, followlinks=False):
        here = Path(directory)
        for name in sorted(dirs):
            path = here / name
            if name.startswith("."):
                skipped.append((_relative(path, root), "hidden directory"))
                dirs.remove(name)
            elif path.is_symlink():
                skipped.append((_relative(path, root), "link to a directory, not followed"))
                dirs.remove(name)
        for name in sorted(names):
            path = here / name
            why = _why_not(path, name, root)
            if why:
                skipped.append((_relative(path, root), why))
            else:
                files.append(path)
    return sorted(files), sorted(skipped)


def _why_not(path: Path, name: str, root: Path) -> str | None:
    if name.startswith("."):
        return "hidden file"
    if path.is_symlink():
        target = path.resolve()
        if not target.exists():
            return "dangling link"
        if not target.is_relative_to(root):
            return "link to outside the input directory"
        if target.is_dir():
            return "link to a directory, not followed"
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"cannot be read: {exc.strerror}"
    return None if stat.S_ISREG(mode) else "not a regular file"


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
