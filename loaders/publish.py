"""A batch's raw datasets published as a whole: written into a new version directory beside
RAW (RAW.versions/<time>-<pid>-….partial, renamed without .partial when every dataset is
written), then RAW, a symbolic link, switched to it by one rename.
A reader, or a warehouse built on an earlier version, keeps the version it was given; a
kill, a crash or a full disk before the switch leaves the published raw as it was. The
next run removes what killed runs left and keeps the last few complete versions."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

KEEP = 3  # complete versions kept: the published one and the ones warehouses may still read
_PARTIAL = ".partial"


def publish_raw(out: Path, write: Callable[[Path], None]) -> Path:
    """Write a batch with ``write(directory)`` and publish it at ``out``; returns the version."""
    versions = out.parent / f"{out.name}.versions"
    versions.mkdir(parents=True, exist_ok=True)
    partial = Path(
        tempfile.mkdtemp(prefix=time.strftime("%Y%m%dT%H%M%S-") + f"{os.getpid()}-", suffix=_PARTIAL, dir=versions)
    )
    os.chmod(partial, 0o777 & ~current_umask())  # mkdtemp makes it private; readers are the group's
    try:
        write(partial)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)  # a full disk: free what this run took
        raise
    version = partial.with_name(partial.name.removesuffix(_PARTIAL))
    os.replace(partial, version)
    _switch(out, version, versions)
    _clean(out, versions)
    return version


def current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _switch(out: Path, version: Path, versions: Path) -> None:
    if out.exists() and not out.is_symlink():  # raw written as a plain directory by an earlier release
        os.replace(out, versions / f"{out.name}-before-versions-{os.getpid()}")
    link = out.parent / f".{out.name}.{os.getpid()}.link"
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(version, out.parent), link)
    os.replace(link, out)  # one rename: readers see the old version or the new one, never a mix


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _clean(out: Path, versions: Path) -> None:
    current = out.resolve()
    complete = []
    for directory in sorted(d for d in versions.iterdir() if d.is_dir()):
        if directory.resolve() == current:
            continue
        if not directory.name.endswith(_PARTIAL):
            complete.append(directory)
            continue
        parts = directory.name.split("-")
        if len(parts) > 1 and parts[1].isdigit() and not _alive(int(parts[1])):
            shutil.rmtree(directory, ignore_errors=True)  # left by a killed run
    for directory in complete[: max(0, len(complete) - (KEEP - 1))]:
        shutil.rmtree(directory, ignore_errors=True)
