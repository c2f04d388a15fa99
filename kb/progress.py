"""Progress over a list of files: a bar on a terminal, one plain line per item otherwise.

click's progressbar draws only on a terminal (on a pipe it prints the label
once), so logs and CI output get a `[3/12] label: item` line per item instead.
"""

import sys
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

import click

T = TypeVar("T")


def progress(items: Iterable[T], label: str, describe: Callable[[T], str] = str, enabled: bool = True) -> Iterator[T]:
    """Yield the items, showing how far along they are on stderr (nothing for a single item)."""
    items = list(items)
    if not enabled or len(items) < 2:
        yield from items
        return
    if sys.stderr.isatty():
        with click.progressbar(items, label=label, file=sys.stderr, show_pos=True,
                               item_show_func=lambda item: describe(item) if item is not None else "") as bar:
            yield from bar
        return
    for n, item in enumerate(items, start=1):
        click.echo(f"[{n}/{len(items)}] {label}: {describe(item)}", err=True)
        yield item
