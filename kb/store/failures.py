"""One `error:` line for what the disk or another process did to a command (not the user's input).

SQLite reports a full disk, a read-only file and a lock held past the busy
timeout as exceptions whose text names neither the file nor what to do; the
commands print these lines instead of a traceback. Every write is one
transaction, so each line can say that nothing was written.
"""

import errno
import sqlite3
from pathlib import Path

from kb.store.db import BUSY_TIMEOUT_MS

NOTHING = "nothing was written"


def explain(exc: BaseException, db_path: Path | str | None) -> str | None:
    """The message for a storage failure, or None if `exc` is not one."""
    db = str(db_path) if db_path else "the database"
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "locked" in text or "busy" in text:
            return (f"{db}: locked by another process for more than {BUSY_TIMEOUT_MS // 1000} s "
                    f"(a long `kb ingest` or `kb build`?); {NOTHING}; try again when it has finished")
        if "readonly" in text or "read-only" in text:
            return f"{db}: the database is read-only (file or folder permissions, or a read-only disk); {NOTHING}"
        if "disk is full" in text or "too big" in text:
            return f"{db}: disk full (or the file size limit reached); {NOTHING}; free some space and run the command again"
        if "unable to open" in text:
            return f"{db}: cannot open the database file (does its folder exist, and may it be written?)"
        if "not a database" in text:
            return f"{db}: not a SQLite database file"
        if getattr(exc, "sqlite_errorname", "") in ("SQLITE_IOERR_WRITE", "SQLITE_IOERR_TRUNCATE", "SQLITE_IOERR_FSYNC"):
            # how SQLite reports a write the OS refused (EFBIG, and ENOSPC in some paths)
            return f"{db}: could not write to the disk (disk full, or the file size limit reached?); {NOTHING}"
        if "disk I/O" in text:
            return f"{db}: disk I/O error ({text}); {NOTHING}"
        return f"{db}: database error: {text}; {NOTHING}"
    if isinstance(exc, OSError):
        where = exc.filename or db
        if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
            return f"{where}: disk full (or the file size limit reached); {NOTHING}; free some space and run the command again"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return f"{where}: cannot write ({exc.strerror}); {NOTHING}"
        return f"{where}: {exc.strerror or exc}; {NOTHING}"
    return None
