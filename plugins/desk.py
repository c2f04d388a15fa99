"""`/desk/articles` and `/desk/queue`: the fact-checker's pages (kb.publish.desk), rendered with templates/desk_*.html."""

from datasette import hookimpl
from datasette.utils.asgi import Response

from kb.publish import desk

DATABASE = "claims"


@hookimpl
def register_routes():
    return [(r"^/desk/articles$", articles), (r"^/desk/queue$", queue)]


async def _db(datasette):
    db = datasette.databases.get(DATABASE)
    return db if db is not None and await db.table_exists("claims") else None


async def articles(datasette, request):
    db = await _db(datasette)
    if db is None:
        return Response.text("no claims database", status=404)
    found = await db.execute_fn(desk.articles_overview)
    html = await datasette.render_template("desk_articles.html", {"articles": found, "database": DATABASE}, request=request)
    return Response.html(html)


async def queue(datasette, request):
    db = await _db(datasette)
    if db is None:
        return Response.text("no claims database", status=404)
    try:
        page = int(request.args.get("page") or 1)
    except ValueError:
        page = 1
    found = await db.execute_fn(lambda conn: desk.review_queue(conn, page))
    html = await datasette.render_template("desk_queue.html", {"queue": found, "database": DATABASE}, request=request)
    return Response.html(html)
