"""One error type for everything a user can get wrong: it prints as `file:line: message`."""

from __future__ import annotations


class ConvertError(Exception):
    """Bad input or a refused operation; the CLI prints it on one line and exits non-zero."""

    def __init__(self, message: str, *, path: object = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:"
            if self.line is not None:
                where += f"{self.line}:"
            where += " "
        return f"{where}{self.message}"
