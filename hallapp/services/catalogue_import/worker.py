"""A catalogue import in a process of its own: ``python -m hallapp.services.catalogue_import.worker``.

Reading, comparing and writing 100,000 matters is seconds of Python (and C calls that hold the
interpreter lock for long stretches): in the window's process it would freeze the window, whichever
thread ran it. So the window starts this process, which opens the installation's database itself, acts
for the administrator signed in at the window, and talks in JSON lines:

    window → worker (stdin)   {"data_dir", "database_url", "catalogue_dir", "principal", "file",
                               "format", "mapping"}            the first line: what to preview, for whom
                              {"command": "apply", "withdraw_missing": false}   or {"command": "cancel"}
    worker → window (stdout)  {"type": "progress", "stage", "done", "total"}
                              {"type": "preview", "report": {...}}   the head of ``preview_report``,
                              {"type": "rows", "list", "rows"} …      then its lists in chunks,
                              {"type": "preview_end"}
                              {"type": "result", "added", "updated", "withdrawn", "unchanged", "revision"}
                              {"type": "error", "message"}           in plain words; nothing was written

Cancelling is ending the process: an uncommitted transaction is rolled back by the database, so a
cancelled preview or apply writes nothing. The database address (it may hold a password) travels on
stdin, never on the command line. Only the window's own process starts this one, passing the principal
its sign-in established; the process trusts it as the window's session does.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import IO, Any

from hallapp.services.catalogue_import.preview import ImportPreview

__all__ = ["LIST_CAP", "PROBLEM_CAP", "main", "preview_report", "wire_messages"]

LIST_CAP = 2000  # matters of one list sent to the window (the counts are always whole)
PROBLEM_CAP = 5000  # problem lines sent to the window
VALUE_CAP = 4000  # characters of one old or new value of a changed field


def _cut(text: str, cap: int = VALUE_CAP) -> str:
    return text if len(text) <= cap else f"{text[:cap]}…（共 {len(text)} 个字符）"


def preview_report(
    preview: ImportPreview, *, cap: int = LIST_CAP, problem_cap: int = PROBLEM_CAP
) -> dict[str, Any]:
    """What the window and the command line show of a preview, as plain JSON values: the summary, the
    counts (whole), and each list cut to ``cap`` entries (problems to ``problem_cap``)."""
    problems = preview.imported.all_problems
    return {
        "file": preview.file,
        "format": preview.format,
        "revision": preview.revision,
        "source": f"import:{preview.file}:{preview.imported.source.digest}"[:1000],
        "summary": preview.summary(withdraw_missing=False),
        "summary_withdraw": preview.summary(withdraw_missing=True),
        "counts": {
            "accepted": len(preview.accepted),
            "added": len(preview.added),
            "changed": len(preview.changed),
            "unchanged": preview.unchanged,
            "reactivated": len(preview.reactivated),
            "missing": len(preview.missing),
            "refused": len(preview.refused),
            "problems": len(problems),
            "incomplete": preview.incomplete,
        },
        "writes_anything": preview.writes_anything,
        "added": [[g.code, g.name, g.department.name] for g in preview.added[:cap]],
        "changed": [
            {
                "code": c.code,
                "name": c.name,
                "changes": [[f.label, _cut(f.old), _cut(f.new)] for f in c.changes],
            }
            for c in preview.changed[:cap]
        ],
        "reactivated": [list(pair) for pair in preview.reactivated[:cap]],
        "missing": [list(pair) for pair in preview.missing[:cap]],
        "refused": [
            {"code": r.code, "name": r.name, "reasons": list(r.reasons)} for r in preview.refused[:cap]
        ],
        "problems": [
            {
                "file": p.file,
                "sheet": p.sheet,
                "row": p.row,
                "column": p.column,
                "value": p.value,
                "message": p.message,
                "text": str(p),
            }
            for p in problems[:problem_cap]
        ],
        "departments_added": preview.departments_added[:cap],
        "licence_types_added": preview.licence_types_added[:cap],
    }


CHUNK = 250  # rows per line: each line parses in a few milliseconds on the window's side


def table_rows(report: dict[str, Any]) -> dict[str, list[list[str]]]:
    """Each list of a report as the rows of the window's tables, every cell a string."""
    return {
        "added": report["added"],
        "changed": [[c["code"], c["name"], "、".join(f[0] for f in c["changes"])] for c in report["changed"]],
        "missing": report["missing"],
        "refused": [[r["code"], r["name"], "；".join(r["reasons"])] for r in report["refused"]],
        "problems": [
            [
                p["file"],
                p["sheet"],
                "" if p["row"] is None else str(p["row"]),
                p["column"],
                p["value"],
                p["message"],
                p["text"],  # the whole line in words, shown under the table
            ]
            for p in report["problems"]
        ],
        "changes": [c["changes"] for c in report["changed"]],
    }


def wire_messages(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The report as lines for the window: the head (summary, counts), then its rows ``CHUNK`` at a time,
    then the end; so no single line keeps the window's event loop busy for long."""
    lists = table_rows(report)
    head = {
        k: v for k, v in report.items() if k not in ("added", "changed", "missing", "refused", "problems")
    }
    messages: list[dict[str, Any]] = [{"type": "preview", "report": head}]
    for name, rows in lists.items():
        for start in range(0, len(rows), CHUNK):
            messages.append({"type": "rows", "list": name, "rows": rows[start : start + CHUNK]})
    messages.append({"type": "preview_end"})
    return messages


class _Channel:
    """JSON lines out, at most one progress line every 50 ms (the window repaints no faster anyway)."""

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._last = 0.0

    def send(self, message: dict[str, Any]) -> None:
        self._out.write(json.dumps(message, ensure_ascii=False) + "\n")
        self._out.flush()

    def progress(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self._last >= 0.05 or done >= total:
            self._last = now
            self.send({"type": "progress", "stage": stage, "done": done, "total": total})


def _words(error: BaseException) -> str:
    from hallapp.errors import describe

    return describe(error)


def _open(request: dict[str, Any], channel: _Channel) -> tuple[Any, Any]:
    from hallapp.config import AppPaths
    from hallapp.domain.access import Principal, Role
    from hallapp.services.bootstrap import open_app

    channel.progress("打开数据库", 0, 0)
    paths = AppPaths(
        data_dir=Path(request["data_dir"]),
        database_url=str(request["database_url"]),
        catalogue_dir=Path(request["catalogue_dir"]),
    )
    person = request["principal"]
    principal = Principal(
        username=person["username"],
        display_name=person["display_name"],
        role=Role(person["role"]),
        window=person.get("window", ""),
    )
    from hallapp.logs import setup_logging

    setup_logging(paths.log_dir)
    context = open_app(paths, load_shipped_catalogue=False)
    context.principal = principal
    return context, principal


def serve(stdin: IO[str], stdout: IO[str]) -> int:
    """Preview what the first line asks, send it, then apply or stop as the window says."""
    from hallapp.services.import_catalogue import apply_import, preview_import
    from hallapp.store.db import UnitOfWork

    channel = _Channel(stdout)
    line = stdin.readline()
    if not line.strip():
        return 0  # the window went away before asking anything
    request = json.loads(line)
    context = None
    try:
        context, principal = _open(request, channel)

        def uow(write: bool = False) -> UnitOfWork:
            return UnitOfWork(context.engine, write=write, principal=principal)

        mapping = request.get("mapping") or None
        preview = preview_import(
            uow(),
            Path(request["file"]),
            format=request.get("format") or None,
            mapping_file=Path(mapping) if mapping else None,
            progress=channel.progress,
        )
        for message in wire_messages(preview_report(preview)):
            channel.send(message)
        answer = stdin.readline()
        if not answer.strip():
            return 0
        command = json.loads(answer)
        if command.get("command") != "apply":
            return 0
        channel.progress("写入数据库", 0, 0)
        result = apply_import(
            uow(write=True), preview, withdraw_missing=bool(command.get("withdraw_missing"))
        )
        channel.send(
            {
                "type": "result",
                "added": result.added,
                "updated": result.updated,
                "withdrawn": result.withdrawn,
                "unchanged": result.unchanged,
                "revision": result.revision,
            }
        )
        return 0
    except Exception as error:  # noqa: BLE001 - every failure goes back to the window in words
        from hallapp.domain.errors import UserError

        if not isinstance(error, UserError):
            import logging

            from hallapp.errors import log_failure

            log_failure(logging.getLogger(__name__), error, "catalogue import worker")
        channel.send({"type": "error", "message": _words(error)})
        return 1
    finally:
        if context is not None:
            context.close()


def main() -> int:
    if hasattr(os, "nice"):
        # the window and this process share the PC's cores: let the window's event loop win them
        try:
            os.nice(5)
        except OSError:
            pass
    for stream in (sys.stdin, sys.stdout):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="surrogateescape")
    code = serve(sys.stdin, sys.stdout)
    # Skip the interpreter's teardown: freeing 100,000 guides object by object takes seconds of a core
    # the window could use, for memory the system takes back at once anyway.
    import logging

    logging.shutdown()
    sys.stdout.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
