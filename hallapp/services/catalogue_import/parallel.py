"""Big imports and the machine: the garbage collector held off while a reader builds, and the pinyin keys
of the matters being stored computed by a process of their own while this one does other work.

A reader of 100,000 matters makes millions of objects that all live to the end; Python's cyclic
collector would walk them again and again (a third of the exchange reader's time at 10,000 matters,
20–35 % of the Excel reader's) and finds no cycle among them. ``gc_paused`` turns it off for the read
and back on after, whatever happens. Reference counting still frees everything as usual.

A second process was measured for both readers and does not pay (benchmarks/README.md): sending the
guides back costs about half of building them. The pinyin keys are where the import uses a second core:
``keys_meanwhile`` starts them in a process of their own (100,000 names: ~5 s there, and pypinyin's
~35 MB of dictionaries never loaded here) while storing makes the content hashes; the names go there and
the keys come back, a few megabytes either way.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager

__all__ = ["MEANWHILE_FROM", "gc_paused", "keys_meanwhile"]

MEANWHILE_FROM = 5_000  # names; fewer are computed here sooner than a process starts
Keys = list[tuple[str, str]]


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


def _keys_here(names: Sequence[str]) -> Keys:
    from hallapp.search.pinyin import search_keys_many

    return search_keys_many(names, workers=1)


def keys_meanwhile(names: Sequence[str]) -> Callable[[], Keys]:
    """Start computing ``search_keys`` of each name; what is returned waits for them (in the order given).

    Many names go to a process of their own; few, or when no process can be started (a frozen app, a
    sandbox), they are computed here when waited for. The keys are the same either way.
    """
    names = list(names)
    if len(names) < MEANWHILE_FROM:
        return lambda: _keys_here(names)
    # not fork: a forked copy of a process with threads may hang on their locks
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    try:
        pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        future = pool.submit(_keys_here, names)
    except Exception as error:  # noqa: BLE001 - no process: computed here instead
        logging.getLogger(__name__).info("pinyin keys computed here: %s", type(error).__name__)
        return lambda: _keys_here(names)

    def wait() -> Keys:
        try:
            return future.result()
        except Exception as error:  # noqa: BLE001 - the process failed: computed here instead
            logging.getLogger(__name__).info("pinyin keys computed here: %s", type(error).__name__)
            return _keys_here(names)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    return wait
