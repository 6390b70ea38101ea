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
    """A file import was refused; ``problems`` lists every bad row, nothing was written."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"{source}: {count} {noun}, nothing imported")


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
