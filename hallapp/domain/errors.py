"""The one family of errors a person at the counter reads as plain words.

A refusal (a rule forbids the action, a field is wrong, the password does not match) is not a fault of the
program: the clerk should see its message as it is, and the log should not treat it as an error. Every such
error derives from ``UserError`` so that the one place that turns errors into words
(``hallapp.errors.describe``) can tell it from a fault whose text must never be shown.
"""

from __future__ import annotations


class UserError(Exception):
    """An error whose ``str()`` is a message in Chinese meant for the person who caused it.

    ``problems`` lists every reason when there are several (a form with three wrong fields), so a dialog
    can show them all at once instead of one per attempt.
    """

    problems: list[str]

    def __init__(self, *args: object, problems: list[str] | None = None) -> None:
        super().__init__(*args)
        if problems is not None:
            self.problems = problems
