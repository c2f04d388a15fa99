"""Claim, article and home pages: hands the templates what kb.publish.pages gathers."""

from datasette import hookimpl
from datasette.utils import tilde_decode

from kb.publish import pages


def _base_url(datasette, request) -> str:
    """The site root as the visitor reached it (honours force_https_urls and base_url)."""
    return datasette.absolute_url(request, datasette.urls.instance()).rstrip("/")


@hookimpl
def extra_template_vars(view_name, database, table, request, datasette):
    if request is None:
        return {}
    if view_name == "index":
        async def home():
            db = datasette.databases.get("claims")
            if db is None or not await db.table_exists("claims"):
                return {}
            return {"home": await db.execute_fn(pages.home_page)}

        return home
    if view_name != "row" or database != "claims" or table not in ("claims", "articles"):
        return {}
    pk = tilde_decode(request.url_vars.get("pks", ""))

    async def page():
        db = datasette.get_database(database)
        if table == "claims":
            return {"claim_page": await db.execute_fn(lambda conn: pages.claim_page(conn, pk, _base_url(datasette, request)))}
        return {"article_page": await db.execute_fn(lambda conn: pages.article_page(conn, pk))}

    return page
