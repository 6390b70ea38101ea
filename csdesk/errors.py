"""Errors the user can act on, each one clear sentence: the CLI prints it, the UI shows it."""

from __future__ import annotations


class CsdeskError(Exception):
    """Base for every error that is the user's to fix, not a bug."""


class NotFoundError(CsdeskError):
    pass


class ValidationError(CsdeskError):
    """Invalid input. ``errors`` maps a field name to its message so a form can show it in place."""

    def __init__(self, errors: dict[str, str] | str) -> None:
        if isinstance(errors, str):
            errors = {"": errors}
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))

    def __str__(self) -> str:
        return "; ".join(self.errors.values())


class WorkspaceError(CsdeskError):
    """The workspace cannot be used as it is (locked, too new, not a csdesk workspace...)."""


class DamagedWorkspaceError(WorkspaceError):
    """The database file is corrupt, truncated or not a database at all."""


class ServerUnreachableError(WorkspaceError):
    """A team workspace's server did not answer (offline, wrong address, refused).

    ``detail`` is the driver's own words, for the curious and the log."""

    def __init__(self, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.detail = detail


class WorkspaceLockedError(WorkspaceError):
    """Another csdesk process has this workspace open."""


class WorkspaceTooNewError(WorkspaceError):
    """The workspace was written by a newer csdesk than this one."""


class ImportRowsError(CsdeskError):
    """A file import was refused and nothing was written.

    ``problems`` lists the problems of the first bad rows (``SHOWN`` lines or a few more, so a
    row's problems stay together), then one line counting the bad rows left out, then the
    file's encoding ``note`` if there is one. A file of more than ``SHOWN`` rows is summed up in
    the message: how many rows were read, how many had problems.
    """

    SHOWN = 20

    def __init__(self, source: str, problems: list[str], *, rows_read: int = 0,
                 rows_with_problems: int = 0, rows_left_out: int = 0,
                 note: str | None = None) -> None:
        self.source = source
        self.rows_read = rows_read
        self.rows_with_problems = rows_with_problems
        self.problems = list(problems)
        if rows_left_out:
            rows = "row" if rows_left_out == 1 else "rows"
            self.problems.append(f"… and {rows_left_out:,} more {rows} with problems")
        if note:
            self.problems.append(note)
        if rows_left_out or rows_read > self.SHOWN:
            message = (f"{source}: {rows_read:,} rows read, {rows_with_problems:,} with "
                       f"problems; nothing was imported")
        else:
            count = len(problems)
            noun = "problem" if count == 1 else "problems"
            message = f"{source}: {count} {noun}, nothing imported"
        super().__init__(message)


class ConflictError(CsdeskError):
    """Someone else saved the same fields of a record since this edit began.

    ``fields`` maps each field to (value when the edit began, value now, value typed here).
    """

    def __init__(self, what: str, fields: dict[str, tuple[object, object, object]]) -> None:
        self.what = what
        self.fields = fields
        names = ", ".join(fields) or "it"
        super().__init__(f"{what} was changed by someone else while you were editing "
                         f"({names})")
