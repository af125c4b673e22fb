"""A counter that accepts cases as fast as it can, printing each case number once it is committed.

Run by the durability tests, which kill it with SIGKILL at random moments:
    python tests/store/kill_writer.py DATA_DIR MATTER_CODE
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from hallapp.config import resolve_paths
from hallapp.services.bootstrap import open_app
from hallapp.services.catalogue import get_guide
from hallapp.services.intake import Decision, submit_intake
from hallapp.services.settings import CounterSettings
from tests.people import CLERK
from tests.services.intake_helpers import request


def main() -> None:
    context = open_app(resolve_paths(sys.argv[1]), load_shipped_catalogue=False)
    context.principal = CLERK  # a clerk signed in: nobody signed in may take in nothing
    guide = get_guide(context.uow(), sys.argv[2])
    assert guide is not None
    settings = CounterSettings(window="09", clerk="压力测试", case_prefix="KW")
    calendar = context.calendar
    from hallapp.printing.fonts import load_font

    load_font()  # the counter loads its print font after sign-in; the kill lands on intakes, not on that
    print("ready", flush=True)
    while True:
        result = submit_intake(
            context.uow(write=True), request(guide, Decision.ACCEPT), settings=settings, calendar=calendar
        )
        print(result.number, flush=True)


if __name__ == "__main__":
    main()
