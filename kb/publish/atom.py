"""An Atom feed of new verdicts, so readers can subscribe: `/feeds/verdicts.atom` (plugins/feeds.py).

Built with feedgen. datasette-atom 0.9 (a `.atom` renderer for canned queries)
was tried first: it works on 0.65, but answers an empty result (a new
database, no verdict yet) with a 500 (`max()` of no rows), and can only link
relative urls from SQL.
"""

import sqlite3

from feedgen.feed import FeedGenerator

from kb.publish.claimreview import article_url, claim_url
from kb.publish.labels import status_label
from kb.store.db import now

FEED_SIZE = 100


def verdicts_feed(conn: sqlite3.Connection, base_url: str, self_url: str, title: str = "claimkb: new verdicts") -> bytes:
    """The FEED_SIZE latest status changes, newest first, each linking its claim's page."""
    cursor = conn.execute(
        """select v.id, v.claim_id, v.status, v.previous_status, v.note, v.author, v.created_at,
        c.text, c.article_id, a.title as article from verdicts v
        join claims c on c.id = v.claim_id join articles a on a.id = c.article_id
        order by v.created_at desc, v.id limit ?""",
        [FEED_SIZE],
    )
    names = [d[0] for d in cursor.description]
    verdicts = [dict(zip(names, row)) for row in cursor.fetchall()]
    feed = FeedGenerator()
    feed.id(self_url)
    feed.title(title)
    feed.link(href=self_url, rel="self")
    feed.link(href=base_url.rstrip("/") + "/", rel="alternate")
    feed.updated(verdicts[0]["created_at"] if verdicts else now())
    for v in reversed(verdicts):  # feedgen lists the entry added last first
        entry = feed.add_entry()
        entry.id(f"urn:claimkb:verdict:{v['id']}")
        entry.title(f"{status_label(v['status'])}: {v['text']}")
        entry.updated(v["created_at"])
        entry.published(v["created_at"])
        entry.author({"name": v["author"]})
        entry.link(href=claim_url(base_url, v["claim_id"]), rel="alternate")
        entry.content(
            f"{v['note']} (was: {status_label(v['previous_status'])}; article: {v['article']}, "
            f"{article_url(base_url, v['article_id'])})",
            type="text",
        )
    return feed.atom_str(pretty=True)
