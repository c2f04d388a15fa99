"""Reading the files users name: regular files only, within a size bound, errors naming the file.

`open()` on a FIFO blocks until a writer comes (forever, for `kb add`), and on a
device reads without end; both are refused by their type before being opened.
Folders are searched for regular files only, and a symlink in a folder that
leads outside it is not followed (a folder of articles should not read the
rest of the disk): it is skipped and reported.
"""

import os
import stat
from pathlib import Path

from kb import ARTICLE_SUFFIXES, KBError

KINDS = {stat.S_IFIFO: "a FIFO (named pipe)", stat.S_IFCHR: "a character device", stat.S_IFBLK: "a block device",
         stat.S_IFSOCK: "a socket", stat.S_IFDIR: "a folder"}


def check_regular(path: Path) -> os.stat_result:
    try:
        info = path.stat()
    except FileNotFoundError:
        raise KBError(f"{path}: no such file") from None
    except OSError as exc:
        raise KBError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = KINDS.get(stat.S_IFMT(info.st_mode), "not a regular file")
        raise KBError(f"{path}: {kind}, not a regular file; only regular files are read")
    return info


def read_regular(path: Path, max_bytes: int | None = None, what: str = "file") -> bytes:
    info = check_regular(path)
    if max_bytes is not None and info.st_size > max_bytes:
        raise KBError(f"{path}: {what} is {info.st_size:,} bytes; at most {max_bytes:,}")
    try:
        with open(path, "rb") as f:
            data = f.read(max_bytes + 1 if max_bytes is not None else -1)
    except OSError as exc:
        raise KBError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if max_bytes is not None and len(data) > max_bytes:
        raise KBError(f"{path}: {what} is over {max_bytes:,} bytes")
    return data


def folder_files(folder: Path, suffixes=ARTICLE_SUFFIXES) -> tuple[list[Path], list[str]]:
    """Regular files with the suffixes in a folder and below, in name order; and what was skipped, said why."""
    root = folder.resolve()
    found, skipped = [], []
    for path in sorted(folder.rglob("*")):
        if path.suffix.lower() not in suffixes:
            continue
        target = path.resolve()
        if not target.is_relative_to(root):
            skipped.append(f"{path}: a symlink leading outside {folder} ({target}); not followed")
            continue
        try:
            mode = path.stat().st_mode
        except OSError:
            skipped.append(f"{path}: a broken symlink or unreadable entry; skipped")
            continue
        if stat.S_ISREG(mode):
            found.append(path)
        elif not stat.S_ISDIR(mode):
            skipped.append(f"{path}: {KINDS.get(stat.S_IFMT(mode), 'not a regular file')}, not a regular file; skipped")
    return found, skipped
