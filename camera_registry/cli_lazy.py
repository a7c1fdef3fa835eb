"""Sub-commands of ``camreg`` that are imported when they run, not when the CLI starts.

Importing every command module (and through them FastAPI, Alembic,
SQLAlchemy, GDAL …) took seconds before ``camreg`` could print its help or
run one small command.  A group built by :func:`lazy_group` lists its
commands from their :class:`Lazy` entries — name and one-line help — and
imports a command's module only when that command is run (or asked for its
own ``--help``).  ``tests/test_cli_lazy.py`` checks that each entry's help is
the command's own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class Lazy:
    """A sub-command (or group) of ``camreg``: its name, ``module:attribute`` and one-line help.

    The attribute is a command function or a :class:`typer.Typer` group.
    """

    name: str
    target: str
    help: str

    def load(self) -> Any:
        """The command function or Typer group, its module imported now."""
        module, _, attribute = self.target.partition(":")
        return getattr(importlib.import_module(module), attribute)


class LazyCommand(TyperCommand):
    """Stands for a command in its group's listing; the real one takes over when it runs."""

    def __init__(self, entry: Lazy) -> None:
        """Listed under ``entry.name`` with ``entry.help``; nothing imported yet."""
        super().__init__(name=entry.name, help=entry.help)
        self.entry = entry
        self._loaded: Any = None

    def real(self) -> Any:
        """The Typer-built command or group the entry names (imported once)."""
        if self._loaded is None:
            found = self.entry.load()
            if isinstance(found, typer.Typer):
                self._loaded = typer.main.get_group(found)
            else:
                single = typer.Typer(add_completion=False)
                single.command(self.entry.name)(found)
                self._loaded = typer.main.get_command(single)
        return self._loaded

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        """The real command's context: from here on the real command parses and runs."""
        return self.real().make_context(info_name, args, parent=parent, **extra)


def lazy_group(*entries: Lazy) -> type[TyperGroup]:
    """A Typer group class that lists ``entries`` (in order) and imports each only to run it."""

    class LazyGroup(TyperGroup):
        def __init__(self, **attrs: Any) -> None:
            super().__init__(**attrs)
            for entry in entries:
                self.add_command(LazyCommand(entry))

    return LazyGroup
