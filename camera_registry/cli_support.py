"""What every ``camreg`` command shares: its settings, built once, and its session.

The root command's callback puts a :class:`CliState` on the Typer context
(``ctx.obj``); commands read the settings through :func:`cli_settings` and open
their database session through :func:`cli_session`, which disposes of the
engine afterwards and turns a domain error into its message and exit code 2.

This module is imported when ``camreg`` starts, so it imports nothing heavy
(no pydantic-settings, SQLAlchemy or FastAPI) until a command needs it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import TYPE_CHECKING

import typer

from camera_registry.errors import DomainError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress
    from sqlalchemy.orm import Session

    from camera_registry.settings import Settings

#: Prints a domain error that ends a command (on the command's console).
ShowProblem = Callable[["Console", DomainError], None]
#: Opens a session on the configured database (see :func:`open_session`).
OpenSession = Callable[["Settings"], AbstractContextManager["Session"]]


class CliState:
    """What a ``camreg`` run keeps on ``ctx.obj``: its settings, read from the environment once.

    They are read on first use, not when the CLI starts, so that ``--help``
    stays fast and does not fail on a bad ``CAMREG_*`` variable.
    """

    def __init__(self) -> None:
        """Nothing is read yet."""
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        """The settings of this run, built on first use."""
        if self._settings is None:
            from camera_registry.settings import Settings  # noqa: PLC0415 — slow import

            self._settings = Settings()
        return self._settings


def cli_settings(ctx: typer.Context) -> Settings:
    """The settings of this ``camreg`` run (on the root context; made there if missing)."""
    return ctx.ensure_object(CliState).settings


def open_session(settings: Settings) -> AbstractContextManager[Session]:
    """A session on the configured database, its engine disposed afterwards.

    Command modules that tests run on the test's own session import this name
    and pass it to :func:`cli_session`, so that the tests can substitute it.
    """
    from camera_registry.db import session_on  # noqa: PLC0415 — SQLAlchemy is slow to import

    return session_on(settings.database_url)


def print_detail(console: Console, exc: DomainError) -> None:
    """The usual way a command shows a domain error: its detail, in red."""
    console.print(f"[red]{exc.detail}[/red]")


@contextmanager
def cli_session(
    ctx: typer.Context,
    console: Console,
    *,
    show: ShowProblem = print_detail,
    opener: OpenSession = open_session,
) -> Iterator[Session]:
    """One command's session; a domain error ends the command: ``show`` it, exit code 2."""
    try:
        with opener(cli_settings(ctx)) as session:
            yield session
    except DomainError as exc:
        show(console, exc)
        raise typer.Exit(2) from None


@contextmanager
def spinner(console: Console, description: str) -> Iterator[Progress]:
    """A spinner with ``description`` while a command works; it vanishes when done."""
    from rich.progress import Progress, SpinnerColumn, TextColumn  # noqa: PLC0415

    columns = (SpinnerColumn(), TextColumn("{task.description}"))
    with Progress(*columns, console=console, transient=True) as bar:
        bar.add_task(description, total=None)
        yield bar
