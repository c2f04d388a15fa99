"""Error pages that cost what a page costs.

Datasette 0.65's default `handle_exception` prints every exception, a 404
included, with `rich` and the local variables of each frame, on the event loop:
0.4 to 0.9 s of a blocked server per missing page. This one answers with the same
templates and JSON shape, logs a plain traceback only for a real server error
(500), and answers 400, not 500, for the request mistakes Datasette reports as
plain DatasetteError (`?_sort=nope`).
"""

import asyncio
import re
import sqlite3
import sys
import traceback

from datasette import Response
from datasette.utils import add_cors_headers
from datasette.utils.asgi import Base400, NotFound, Request
from datasette.views.base import DatasetteError
from markupsafe import Markup, escape

# The page around a message depends only on the status and title (no request data is passed
# to the template), so it is rendered once and the escaped message put in its place.
_PLACEHOLDER = "\ue000kb-error-message\ue000"
_PAGES: dict[tuple, str] = {}

# Messages of Datasette's (datasette/views/table.py) that blame the request, raised with status 500.
REQUEST_MISTAKES = ("Cannot sort table by", "Cannot use _sort and _sort_desc")


def status_and_message(exception: BaseException) -> tuple[int, str, str | None, dict]:
    """(status, message, title, extra JSON fields) for an exception, as Datasette's own handler derives them."""
    if isinstance(exception, Base400):
        return exception.status, str(exception.args[0]) if exception.args else "", None, {}
    if isinstance(exception, DatasetteError):
        status = exception.status
        if status == 500 and str(exception.message).startswith(REQUEST_MISTAKES):
            status = 400
        message = Markup(exception.message) if exception.message_is_html else exception.message
        return status, message, exception.title, dict(exception.error_dict)
    if isinstance(exception, sqlite3.DataError):  # SQLITE_TOOBIG: kb.publish.limits.MAX_VALUE_BYTES
        return 400, str(exception), "Invalid SQL", {}
    return 500, str(exception), None, {}


async def error_response(datasette, request, exception: BaseException) -> Response:
    status, message, title, info = status_and_message(exception)
    if status >= 500:
        traceback.print_exception(exception, file=sys.stderr)
    info.update({"ok": False, "error": message, "status": status, "title": title})
    headers = {}
    if datasette.cors:
        add_cors_headers(headers)
    if request.path.split("?")[0].endswith(".json"):
        return Response.json(info, status=status, headers=headers)
    if isinstance(message, Markup):  # Datasette's own HTML messages (a query that took too long): rare, rendered whole
        return Response.html(await _render(datasette, info), status=status, headers=headers)
    key = (id(datasette), status, title)
    if key not in _PAGES:
        _PAGES[key] = await _render(datasette, {**info, "error": _PLACEHOLDER})
    return Response.html(_PAGES[key].replace(_PLACEHOLDER, str(escape(message)), 1), status=status, headers=headers)


async def _render(datasette, info: dict) -> str:
    template = datasette.jinja_env.select_template([f"{info['status']}.html", "error.html"])
    context = dict(info, urls=datasette.urls, app_css_hash=datasette.app_css_hash(), menu_links=lambda: [])
    return await template.render_async(context)


# A permalink of a claim or article that does not exist: answered before Datasette's row view
# (table lookups, the row query, the page machinery), so a client looping missing ids costs
# the server a primary-key probe, not a page; and answered after MISSING_ROW_DELAY_S (a tarpit:
# nothing a person notices, but a client looping ids gets ~20 answers a second per connection
# instead of ~400, so it cannot crowd out other readers on the event loop). Other 404s take
# the normal path above.
MISSING_ROW_DELAY_S = 0.05
MISSING_ROW = re.compile(r"^/claims/(claims|articles)/([A-Za-z0-9_-]{1,128})(\.json)?$")  # ids as written, no ~ escapes


def missing_rows(datasette, app):
    """ASGI middleware: a GET of /claims/claims/<id> or /claims/articles/<id> whose row is not there gets
    the same 404 (HTML or JSON) as Datasette's, from a primary-key probe on a read-only connection."""
    probes: dict[str, sqlite3.Connection] = {}

    def exists(table: str, row_id: str) -> bool:
        database = datasette.databases.get("claims")
        if database is None or database.path is None:
            return True  # not ours to answer: let Datasette say what it says
        conn = probes.get(database.path)
        if conn is None:
            conn = probes[database.path] = sqlite3.connect(f"file:{database.path}?mode=ro", uri=True, check_same_thread=False)
        try:
            return conn.execute(f"select 1 from [{table}] where id = ?", [row_id]).fetchone() is not None
        except sqlite3.Error:
            return True

    async def wrapped(scope, receive, send):
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and not scope.get("query_string"):
            found = MISSING_ROW.match(scope["path"])
            if found and not exists(found.group(1), found.group(2)):
                await asyncio.sleep(MISSING_ROW_DELAY_S)
                request = Request(scope, receive)
                response = await error_response(datasette, request, NotFound("Record not found"))
                return await response.asgi_send(send)
        await app(scope, receive, send)

    return wrapped
