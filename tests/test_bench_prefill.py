"""bench.prefill's clones: what the 100k-article measurement fills the database with must be sound rows."""

import sqlite3
from collections import Counter

from bench import prefill
from kb.factcheck.copies import original_of
from kb.store.db import open_db, writing
from kb.store.ingest import prepare, store


def test_a_clone_is_a_distinct_article_with_its_sources_figures(seed_path, tmp_path):
    source = prepare(seed_path)
    db_path = tmp_path / "prefill.db"
    db = open_db(db_path)
    with writing(db):
        store(db, source)
    prefill.set_sources([source])
    relations = prefill.relations_of(db, [source])
    postings = Counter(dict(db.execute("select key, count(*) from claim_keys group by key").fetchall()))
    made = [prefill._clone_task((0, n)) for n in (1, 2)]
    with writing(db):
        linked = [prefill.write_clone(db, *item, relations, postings) for item in made]
    assert linked == [False, False]
    for clone, views, source_claims in made:
        assert clone.id != source.id and original_of(db, clone.id) is None
        assert len(clone.claims) == len(source.claims) and source_claims == [d.id for d in source.claims]
        assert not {d.id for d in clone.claims} & {d.id for d in source.claims}
        edited = 0
        for draft, old in zip(clone.claims, source.claims):
            # the figures are the source's, at their new offsets in the edited text
            assert [draft.text[q.start : q.end] for q in draft.quantities] == [q.text for q in old.quantities]
            assert [(q.value, q.unit) for q in draft.quantities] == [(q.value, q.unit) for q in old.quantities]
            edited += draft.text != old.text
        assert edited > len(clone.claims) / 2
        assert 0.1 <= clone.signature.similarity(source.signature) <= 0.45
        assert all(view.keys for view in views if view.words)
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == 3
        for clone, _, _ in made:
            keys = conn.execute("select count(*) from claim_keys k join claims c on c.id = k.claim_id where c.article_id = ?",
                                [clone.id]).fetchone()[0]
            assert keys > 0
        # the source's matches re-pointed (none for a lone article) and its quantities copied with the claims
        assert conn.execute("select count(*) from quantities").fetchone()[0] == 3 * len(source.quantity_rows)


def test_fill_writes_every_clone_in_bounded_batches(seed_path, tmp_path, monkeypatch):
    """fill hands the workers one batch at a time (the next while the last is written): every clone
    from start to until is written once, whatever the batch size."""
    import multiprocessing

    source = prepare(seed_path)
    db = open_db(tmp_path / "fill.db")
    with writing(db):
        store(db, source)
    prefill.set_sources([source])
    relations = prefill.relations_of(db, [source])
    monkeypatch.setattr(prefill, "PREFILL_BATCH", 2)
    with multiprocessing.get_context("fork").Pool(1) as pool:
        first = prefill.fill(db, [source], relations, 0, 5, pool, log=lambda _: None)
        second = prefill.fill(db, [source], relations, 5, 6, pool, log=lambda _: None)
    assert first == {"written": 5, "linked_as_copies": 0} and second == {"written": 1, "linked_as_copies": 0}
    titles = [t for (t,) in db.execute("select title from articles where id != ? order by title", [source.id]).fetchall()]
    assert titles == sorted(f"{source.article.title} ({n})" for n in range(6))
