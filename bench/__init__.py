"""Benchmarks (`make bench`): see README, Benchmarks."""

from itertools import islice


def bounded_imap(pool, func, items, chunk: int = 256, chunksize: int = 4):
    """pool.imap over `items` (a list or an endless generator) a chunk at a time. imap alone has
    no back-pressure: it reads all the items ahead, and the workers run ahead of the one process
    that consumes their results, which then pile up in its memory."""
    items = iter(items)
    while batch := list(islice(items, chunk)):
        yield from pool.imap(func, batch, chunksize=chunksize)
