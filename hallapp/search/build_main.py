"""Build and save the search index of a database in a process of its own.

``python -m hallapp.search.build_main DATABASE_URL OUT.npz REVISION``

Used for large catalogues: the build's temporary memory (a few hundred MB at 100,000 matters) is given
back to the system when this process ends, and the window's process never competes with it for the
interpreter lock, so typing stays smooth while it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path


def build(database_url: str, out: Path, revision: str) -> int:
    from hallapp.search import persist
    from hallapp.search.index import SearchIndex
    from hallapp.store import search_repo
    from hallapp.store.db import UnitOfWork, make_engine

    engine = make_engine(database_url)
    try:
        with UnitOfWork(engine) as uow:
            records = search_repo.index_records(uow.session)
    finally:
        engine.dispose()
    index = SearchIndex.build(records)
    index.revision = revision
    persist.save(index, out)
    return index.size


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    build(args[0], Path(args[1]), args[2])
    return 0


if __name__ == "__main__":
    sys.exit(main())
