"""`/claims/claims/<id>/full.json`: a claim with its quantities, citations, checks, verdicts and ClaimReview (kb.publish.claim_json)."""

from datasette import hookimpl
from datasette.utils import tilde_decode
from datasette.utils.asgi import Response

from kb.publish import claim_json

JSON = "application/json; charset=utf-8"


@hookimpl
def register_routes():
    return [(r"^/(?P<database>[^/]+)/claims/(?P<claim_id>[^/]+)/full\.json$", full_json)]


async def full_json(datasette, request):
    database = request.url_vars["database"]
    claim_id = tilde_decode(request.url_vars["claim_id"])
    db = datasette.databases.get(database)
    if db is None:
        return Response(claim_json.dumps({"error": f"no database {database}"}), status=404, content_type=JSON)
    base_url = datasette.absolute_url(request, datasette.urls.instance()).rstrip("/")
    data = await db.execute_fn(lambda conn: claim_json.claim_json(conn, claim_id, base_url))
    if data is None:
        return Response(claim_json.dumps({"error": f"no claim {claim_id}"}), status=404, content_type=JSON)
    return Response(claim_json.dumps(data), content_type=JSON)
