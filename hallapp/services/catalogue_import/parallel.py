"""Big imports and the machine: the garbage collector held off while a reader builds.

A reader of 100,000 matters makes millions of objects that all live to the end; Python's cyclic
collector would walk them again and again (a third of the exchange reader's time at 10,000 matters,
20–35 % of the Excel reader's) and finds no cycle among them. ``gc_paused`` turns it off for the read
and back on after, whatever happens. Reference counting still frees everything as usual.

A second process was measured for both readers and does not pay (benchmarks/README.md): sending the
guides back costs about half of building them. ``hallapp.search.pinyin.search_keys_many`` is where the
import uses a second core.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["gc_paused"]


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block (reference counting still frees as usual)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
