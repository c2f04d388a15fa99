"""What one query on the public site may cost: bounded values, results, printf widths and concurrency.

Datasette's `sql_time_limit_ms` is checked by SQLite's progress handler between
virtual-machine instructions, so one instruction that builds a huge value
(`randomblob(300000000)`, `printf('%.*c', 1000000000, 'x')`) runs to its end
however long it takes, and a result of a thousand large rows is rendered after
the time limit has stopped counting. Each bound here closes one of those gaps:

- `SQLITE_LIMIT_LENGTH` on every connection Datasette opens: no string or blob
  larger than MAX_VALUE_BYTES is built or read (SQLite's own check);
- `printf`/`format` replaced by a version that answers NULL, as SQLite's own
  does for a result over the length limit, but at once when the widths and
  precisions add up to more than it (SQLite pads `%.*c` one character at a time
  before dropping the result: 6 s for a billion);
- a row factory that counts the bytes of a query's rows and stops the query past
  MAX_RESULT_BYTES (the response-size cap: what is not fetched is not rendered);
- at most SQL_SLOTS user-written queries (`?sql=`, `?_where=`) run at once, so
  they cannot hold every one of Datasette's SQL threads and stall the pages.
"""

import asyncio
import re
import sqlite3
from urllib.parse import parse_qs

MAX_VALUE_BYTES = 4_000_000  # larger than any article a newsroom publishes (a long one is ~100 KB)
MAX_RESULT_BYTES = 16_000_000
SQL_SLOTS = 1
SQL_SLOT_WAIT_S = 3.0
USER_SQL_PARAMETERS = ("sql", "_where")
# SQLite's printf conversions: %[flags][width][.precision]type (sqlite.org/printf.html)
_PRINTF_SPEC = re.compile(r"%([-+ 0#,!]*)(\*|\d+)?(?:\.(\*|\d+))?([a-zA-Z%])")


class ResultTooLarge(sqlite3.OperationalError):
    """Raised while fetching rows; Datasette shows sqlite3.OperationalError as a 400 "Invalid SQL"."""


def limit_connection(conn: sqlite3.Connection) -> None:
    """Apply every per-connection bound (plugins/limits.py calls it for each connection Datasette opens)."""
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    _bounded_printf(conn)
    _budget_rows(conn)


def _budget_rows(conn: sqlite3.Connection) -> None:
    inner = conn.row_factory
    state = {"cursor": None, "used": 0}

    def counted(cursor, row):
        if state["cursor"] is not cursor:  # a new query: a new budget
            state["cursor"], state["used"] = cursor, 0
        state["used"] += sum(len(v) for v in row if isinstance(v, (str, bytes))) + 8 * len(row)
        if state["used"] > MAX_RESULT_BYTES:
            raise ResultTooLarge(
                f"query result too large: more than {MAX_RESULT_BYTES // 1_000_000} MB; select fewer rows or shorter columns"
            )
        return inner(cursor, row) if inner else row

    conn.row_factory = counted


def _bounded_printf(conn: sqlite3.Connection) -> None:
    """Replace printf() and format() by SQLite's own, run on a private connection after a width check."""
    plain = sqlite3.connect(":memory:", check_same_thread=False)
    plain.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)

    def printf(*args):
        if not args or args[0] is None:
            return None
        if not printf_fits(str(args[0]), args[1:]):
            return None
        return plain.execute(f"select printf({', '.join('?' * len(args))})", args).fetchone()[0]

    for name in ("printf", "format"):
        conn.create_function(name, -1, printf, deterministic=True)


def printf_fits(fmt: str, args: tuple) -> bool:
    """False if the format's widths and precisions (literal or `*`) add up to more than MAX_VALUE_BYTES."""
    total, n = 0, 0
    for match in _PRINTF_SPEC.finditer(fmt):
        for part in match.group(2, 3):
            if part == "*":
                value = args[n] if n < len(args) else 0
                n += 1
                try:
                    total += abs(int(value or 0))
                except (TypeError, ValueError):
                    pass
            elif part:
                total += int(part)
        if match.group(4) != "%":
            n += 1
        if total > MAX_VALUE_BYTES:
            return False
    return True


def is_user_sql(query_string: bytes) -> bool:
    params = parse_qs(query_string.decode("latin-1"), keep_blank_values=True)
    return any(params.get(name, [""])[0].strip() for name in USER_SQL_PARAMETERS)


def sql_slots(app, slots: int = SQL_SLOTS, wait_s: float = SQL_SLOT_WAIT_S):
    """ASGI middleware: user-written SQL waits for one of `slots`; past `wait_s` it is answered 503."""
    semaphore: list[asyncio.Semaphore] = []

    async def wrapped(scope, receive, send):
        if scope["type"] != "http" or not is_user_sql(scope.get("query_string", b"")):
            return await app(scope, receive, send)
        if not semaphore:
            semaphore.append(asyncio.Semaphore(slots))
        try:
            await asyncio.wait_for(semaphore[0].acquire(), wait_s)
        except (asyncio.TimeoutError, TimeoutError):
            return await plain_response(send, 503, "Too many SQL queries at once; try again in a few seconds.",
                                        [(b"retry-after", b"5")])
        try:
            await app(scope, receive, send)
        finally:
            semaphore[0].release()

    return wrapped


async def plain_response(send, status: int, message: str, headers=()) -> None:
    body = message.encode("utf-8") + b"\n"
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()), *headers]})
    await send({"type": "http.response.body", "body": body})
