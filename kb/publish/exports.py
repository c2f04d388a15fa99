"""The claims table's JSON and CSV as a reader wants them (plugins/exports.py applies these to responses).

- The search columns (kb.store.search.SEARCH_COLUMNS: each Chinese character
  spaced out, for the index) are left out: `_nocol` is added to the request
  unless the URL already picks its columns.
- Each row gets `url`, the claim's page, next to its `id`.
- JSON is written with Chinese as is (ensure_ascii=False), not as \\u escapes.
- `?_bom=1` on CSV starts the file with a UTF-8 byte order mark, so Excel opens
  Chinese text intact. Datasette 0.65 has no `_bom` (its source has no BOM
  anywhere); 1.0 adds one, and this goes when the project moves to it.
"""

import csv
import io
import json
import re
from typing import Callable
from urllib.parse import parse_qsl, urlencode

from kb.store.search import SEARCH_COLUMNS

CLAIMS_EXPORT = re.compile(r"^/(?P<database>[^/]+)/claims\.(?P<format>json|csv)$")
URL_COLUMN = "url"
BOM = "\ufeff"


def without_search_columns(query_string: str) -> str:
    """The query string of a claims .json/.csv request, leaving out the search columns."""
    args = parse_qsl(query_string, keep_blank_values=True)
    if any(key == "_col" for key, _ in args):
        args = [(k, v) for k, v in args if not (k == "_col" and v in SEARCH_COLUMNS)]
    else:
        excluded = {v for k, v in args if k == "_nocol"}
        args += [("_nocol", column) for column in SEARCH_COLUMNS if column not in excluded]
    return urlencode(args)


def _add_url(row: dict, url_for: Callable[[str], str]) -> dict:
    if isinstance(row, dict) and isinstance(row.get("id"), str):
        return {**row, URL_COLUMN: url_for(row["id"])}
    return row


def rewrite_json(body: bytes, url_for: Callable[[str], str]) -> bytes:
    """Datasette's table JSON (any `_shape`) with each claim's `url` added, Chinese unescaped."""
    try:
        data = json.loads(body)
    except ValueError:
        return body
    if isinstance(data, list):
        data = [_add_url(row, url_for) for row in data]
    elif isinstance(data, dict) and isinstance(data.get("rows"), list):
        columns = data.get("columns") or []
        if data["rows"] and isinstance(data["rows"][0], list) and "id" in columns:
            at = columns.index("id")
            data["columns"] = columns + [URL_COLUMN]
            data["rows"] = [row + [url_for(row[at])] for row in data["rows"]]
        else:
            if "id" in columns:
                data["columns"] = columns + [URL_COLUMN]
            data["rows"] = [_add_url(row, url_for) for row in data["rows"]]
    elif isinstance(data, dict) and all(isinstance(v, dict) for v in data.values()):  # _shape=object
        data = {key: _add_url(row, url_for) for key, row in data.items()}
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


class CsvWithUrls:
    """Adds a `url` column to a CSV arriving in chunks (Datasette streams CSV), record by record.

    A record ends at a line break outside quotes: an even number of `"` before it.
    """

    def __init__(self, url_for: Callable[[str], str], bom: bool = False):
        self.url_for = url_for
        self.pending = BOM if bom else ""
        self.buffer = ""
        self.id_at: int | None = None
        self.header_seen = False

    def _record(self, record: str) -> str:
        [fields] = list(csv.reader([record])) or [[]]
        if not self.header_seen:
            self.header_seen = True
            self.id_at = fields.index("id") if "id" in fields else None
            extra = URL_COLUMN
        elif self.id_at is None or self.id_at >= len(fields):
            return record
        else:
            extra = self.url_for(fields[self.id_at])
        if self.id_at is None:
            return record
        out = io.StringIO()
        csv.writer(out, lineterminator="").writerow(fields + [extra])
        return out.getvalue()

    def feed(self, chunk: str) -> str:
        self.buffer += chunk
        out, start, quotes = [self.pending], 0, 0
        self.pending = ""
        for n, char in enumerate(self.buffer):
            if char == '"':
                quotes += 1
            elif char == "\n" and quotes % 2 == 0:
                record = self.buffer[start:n].removesuffix("\r")
                out.append(self._record(record) + "\r\n")
                start, quotes = n + 1, 0
        self.buffer = self.buffer[start:]
        return "".join(out)

    def close(self) -> str:
        rest = (self.pending + self._record(self.buffer)) if self.buffer else self.pending
        self.buffer = self.pending = ""
        return rest
