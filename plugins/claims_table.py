"""The claims table's rows (kb.publish.claims_table) as a Jinja filter, and per page: each row's
main figure and quote-only hit, and why an empty search found nothing (kb.publish.search_help)."""

from datasette import hookimpl

from kb.publish import claims_table, search_help


@hookimpl
def prepare_jinja2_environment(env):
    env.filters["claims_rows"] = claims_table.rows_html
    env.globals["claims_columns"] = claims_table.COLUMNS


@hookimpl
def extra_template_vars(view_name, table, database, request, datasette):
    if view_name != "table" or table != "claims" or request is None:
        return {}
    search = request.args.get("_search") or None
    db = datasette.get_database(database)

    async def claims_extras(display_rows):
        rows = [claims_table.raw_row(row) for row in display_rows]
        return await db.execute_fn(lambda conn: claims_table.row_extras(conn, rows, search))

    async def search_explanation():
        if not search:
            return None
        return await db.execute_fn(lambda conn: search_help.explain_empty(conn, search))

    return {
        "claims_extras": claims_extras,
        "search_explanation": search_explanation,
        "claims_search": search,
        "claims_row_url": lambda table, key: datasette.urls.row(database, table, key),
    }
