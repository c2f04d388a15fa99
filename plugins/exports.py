"""The claims table's JSON and CSV without search columns, with each claim's page url, and `?_bom=1` (kb.publish.exports)."""

from datasette import hookimpl
from datasette.utils.asgi import Request

from kb.publish import exports


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def claims_exports(scope, receive, send):
            match = exports.CLAIMS_EXPORT.match(scope.get("path", "")) if scope.get("type") == "http" else None
            if not match:
                return await app(scope, receive, send)
            query = scope.get("query_string", b"").decode("utf-8")
            bom = "_bom=1" in query.split("&")
            scope = {**scope, "query_string": exports.without_search_columns(query).encode("utf-8")}
            request = Request(scope, receive)
            database = match["database"]

            def url_for(claim_id: str) -> str:
                return datasette.absolute_url(request, datasette.urls.row(database, "claims", claim_id))

            if match["format"] == "json":
                await _buffered_json(app, scope, receive, send, url_for)
            else:
                await _streamed_csv(app, scope, receive, send, exports.CsvWithUrls(url_for, bom))

        return claims_exports

    return wrap


def _headers(message) -> list:
    return [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-length"]


async def _buffered_json(app, scope, receive, send, url_for):
    start, body = {}, []

    async def collect(message):
        if message["type"] == "http.response.start":
            start.update(message)
        elif message["type"] == "http.response.body":
            body.append(message.get("body", b""))
            if not message.get("more_body"):
                content = b"".join(body)
                if start.get("status") == 200:
                    content = exports.rewrite_json(content, url_for)
                headers = _headers(start) + [(b"content-length", str(len(content)).encode())]
                await send({**start, "headers": headers})
                await send({"type": "http.response.body", "body": content})
        else:
            await send(message)

    await app(scope, receive, collect)


async def _streamed_csv(app, scope, receive, send, rewriter):
    state = {"ok": False}

    async def rewrite(message):
        if message["type"] == "http.response.start":
            state["ok"] = message.get("status") == 200
            await send({**message, "headers": _headers(message)} if state["ok"] else message)
        elif message["type"] == "http.response.body" and state["ok"]:
            text = rewriter.feed(message.get("body", b"").decode("utf-8"))
            if not message.get("more_body"):
                text += rewriter.close()
            await send({**message, "body": text.encode("utf-8")})
        else:
            await send(message)

    await app(scope, receive, rewrite)
