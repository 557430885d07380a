"""Content hashes of the input files, each computed once: a file whose size, times, inode and
device are those recorded by the previous load is given the hash recorded then, not read
again (hashing every file was half the load of one document added to 10,000).

The record is trusted as git trusts its index: a file is taken as unchanged only when it was
last written (mtime) and last had its inode changed (ctime: any write, chmod, rename or
replacement; no program can set it back) before the previous load began to hash, with two
seconds to spare for coarse file-system clocks, so a file changed during or after that load
is always read again. `--rehash` (FULL=1) reads every file.

The record (`RAW.hashes.json`, beside RAW and RAW.versions/) says what files held, not what
the loader made of them: it is kept out of the raw versions, whose bytes depend on the
files' contents alone.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from loaders.parts import hash_file
from loaders.write import replace_atomically

# A file system may keep times to the second or two (FAT): a time within this of the previous
# load's start may hide a change made just after it.
MARGIN_NS = 2_000_000_000


def record_path(out: Path) -> Path:
    """Where the loads into raw root ``out`` keep their record."""
    return out.parent / f"{out.name}.hashes.json"


class FileHashes:
    """Hashes known from the previous load, and those of this one."""

    def __init__(self, known: dict[str, list], previous_start_ns: int) -> None:
        self._known = known  # source -> [size, mtime_ns, ctime_ns, inode, device, sha]
        self._trusted_before_ns = previous_start_ns - MARGIN_NS
        self._start_ns = time.time_ns()
        self._seen: dict[str, list] = {}
        self.read = 0  # files read and hashed by this load (the others: from the record)

    @classmethod
    def of(cls, record: Path) -> FileHashes:
        """The previous load's record (none, unreadable or of another shape: every file is read)."""
        try:
            data = json.loads(record.read_text(encoding="utf-8"))
            return cls(dict(data["files"]), int(data["started_ns"]))
        except (OSError, ValueError, KeyError, TypeError):
            return cls.fresh()

    @classmethod
    def fresh(cls) -> FileHashes:
        return cls({}, 0)

    def sha(self, path: Path, source: str) -> str:
        st = path.stat()
        key = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]
        entry = self._known.get(source)
        if entry and entry[:5] == key and max(st.st_mtime_ns, st.st_ctime_ns) < self._trusted_before_ns:
            sha = entry[5]
        else:
            sha = hash_file(path)
            self.read += 1
        self._seen[source] = [*key, sha]
        return sha

    def save(self, record: Path) -> None:
        """This load's record, written whole or not at all."""
        text = json.dumps({"started_ns": self._start_ns, "files": self._seen}, sort_keys=True)
        replace_atomically(record, lambda temp: Path(temp).write_text(text, encoding="utf-8"))
