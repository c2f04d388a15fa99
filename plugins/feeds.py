"""`/feeds/verdicts.atom`: new verdicts as an Atom feed (kb.publish.atom)."""

from datasette import hookimpl
from datasette.utils.asgi import Response

from kb.publish import atom

DATABASE = "claims"


@hookimpl
def register_routes():
    return [(r"^/feeds/verdicts\.atom$", verdicts_atom)]


async def verdicts_atom(datasette, request):
    db = datasette.databases.get(DATABASE)
    if db is None or not await db.table_exists("verdicts"):
        return Response.text("no claims database", status=404)
    base_url = datasette.absolute_url(request, datasette.urls.instance()).rstrip("/")
    self_url = datasette.absolute_url(request, request.path)
    body = await db.execute_fn(lambda conn: atom.verdicts_feed(conn, base_url, self_url))
    return Response(body, content_type="application/atom+xml; charset=utf-8")
