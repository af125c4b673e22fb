"""Big imports and the machine: the garbage collector held off while a reader builds, and a second
process for work that pays for the trip.

A reader of 100,000 matters makes millions of objects that all live to the end; Python's cyclic
collector would walk them again and again (a third of the exchange reader's time) and finds no cycle
among them. ``gc_paused`` turns it off for the read and back on after, whatever happens.

Worker processes are started with ``spawn`` (``forkserver`` where there is one): the app runs Qt, and a
forked copy of a Qt process may hang on a lock another thread held at the fork.
"""

from __future__ import annotations

import gc
import multiprocessing
from collections.abc import Iterator
from contextlib import contextmanager
from multiprocessing.context import BaseContext

__all__ = ["gc_paused", "process_context"]


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


def process_context() -> BaseContext:
    """A start method that is safe beside Qt threads: forkserver where available, else spawn."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
