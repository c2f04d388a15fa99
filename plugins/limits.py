"""Bounds on what one request may cost (kb.publish.limits) and cheap error pages (kb.publish.errors),
missing claim and article permalinks answered before the row view."""

from datasette import hookimpl
from datasette.plugins import pm

from kb.publish import errors, limits

# Datasette's own handler renders a rich traceback with locals for every error, even a
# 404; all handle_exception hooks run, so it is unregistered, not outranked.
if pm.get_plugin("datasette.handle_exception") is not None:
    pm.unregister(name="datasette.handle_exception")


@hookimpl
def prepare_connection(conn):
    limits.limit_connection(conn)


@hookimpl
def asgi_wrapper(datasette):
    return lambda app: errors.missing_rows(datasette, limits.sql_slots(app))


@hookimpl
def handle_exception(datasette, request, exception):
    async def inner():
        return await errors.error_response(datasette, request, exception)

    return inner
