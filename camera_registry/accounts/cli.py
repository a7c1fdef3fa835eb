"""``camreg user …`` and ``camreg key …``: accounts from the command line."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy.orm import Session

from camera_registry.accounts import queries as accounts
from camera_registry.accounts.models import AppUser
from camera_registry.accounts.passwords import hash_password, new_totp_secret, totp_uri
from camera_registry.admin_units import queries as units
from camera_registry.audit import service as audit
from camera_registry.auth import Principal, issue_key, principal_of
from camera_registry.cli_support import cli_session
from camera_registry.vocab import Level, Role

user_app = typer.Typer(help="Người dùng / users.", no_args_is_help=True)
key_app = typer.Typer(help="Khóa API / API keys.", no_args_is_help=True)
console = Console()


def acting_principal(session: Session, user: str | None) -> tuple[str, Principal | None]:
    """Who runs a command: ``--user`` or the login name, and their principal if registered.

    An unknown or disabled ``--user`` is a ``BadParameter``; an unregistered login name
    gives no principal (the operator, who holds the database credentials anyway).
    """
    name = user or getpass.getuser()
    found = accounts.get_user(session, username=name)
    if found is not None and found.is_active:
        return name, principal_of(found, session)
    if user is not None:
        raise typer.BadParameter(f"no active user named {user!r}", param_hint="--user")
    return name, None


def _existing_user(session: Session, username: str) -> AppUser:
    """The named user, or the command ends (exit code 1)."""
    user = accounts.get_user(session, username=username)
    if user is None:
        console.print(f"[red]No user {username!r}.")
        raise typer.Exit(1)
    return user


@user_app.command("add")
def user_add(
    ctx: typer.Context,
    username: str,
    role: Annotated[Role, typer.Option(help="One of: " + ", ".join(r.value for r in Role))],
    commune: Annotated[list[str] | None, typer.Option(help="Commune code (repeatable)")] = None,
    province: Annotated[
        list[str] | None, typer.Option(help="Investigators: province code (repeatable)")
    ] = None,
    full_name: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Thêm người dùng — add a user with a role (commune officers need --commune)."""
    if role == Role.COMMUNE_OFFICER and not commune:
        console.print("[red]A commune_officer needs at least one --commune CODE.")
        raise typer.Exit(2)
    if province and role != Role.INVESTIGATOR:
        console.print("[red]--province scopes investigators only.")
        raise typer.Exit(2)
    with cli_session(ctx, console) as session:
        if accounts.get_user(session, username=username):
            console.print(f"[red]User {username!r} already exists.")
            raise typer.Exit(1)
        for code in province or []:
            found = units.units_by_code(session, code=code)
            if not any(u.level == Level.PROVINCE.value for u in found):
                console.print(f"[red]No province has code {code!r}.")
                raise typer.Exit(2)
        accounts.add_user(
            session,
            username=username,
            role=role.value,
            full_name=full_name,
            commune_codes=[*(commune or []), *(province or [])],
        )
        audit.record(
            session,
            action="user.create",
            actor="cli",
            object_type="user",
            object_id=username,
            detail=f"role={role.value}",
        )
        session.commit()
    console.print(f"[green]User {username} ({role.value}) added.")


@user_app.command("passwd")
def user_passwd(
    ctx: typer.Context,
    username: str,
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)],
) -> None:
    """Đặt mật khẩu — set a user's password (at least 12 characters; argon2id)."""
    try:
        digest = hash_password(password)
    except ValueError as exc:
        console.print(f"[red]{exc}")
        raise typer.Exit(2) from None
    with cli_session(ctx, console) as session:
        user = _existing_user(session, username)
        user.password_hash = digest
        audit.record(
            session, action="user.password", actor="cli", object_type="user", object_id=username
        )
        session.commit()
    console.print(f"[green]Password set for {username}.")


@user_app.command("totp")
def user_totp(ctx: typer.Context, username: str) -> None:
    """Bật xác thực 2 lớp — enrol a TOTP second factor; prints the otpauth URI once."""
    with cli_session(ctx, console) as session:
        user = _existing_user(session, username)
        user.totp_secret = new_totp_secret()
        audit.record(
            session, action="user.totp", actor="cli", object_type="user", object_id=username
        )
        session.commit()
        typer.echo(totp_uri(user.totp_secret, username))


@key_app.command("create")
def key_create(
    ctx: typer.Context,
    username: str,
    name: Annotated[str | None, typer.Option(help="What the key is for")] = None,
) -> None:
    """Tạo khóa API — create an API key for a user; it is shown only once."""
    with cli_session(ctx, console) as session:
        user = _existing_user(session, username)
        key = issue_key(session, user, name=name)
        audit.record(
            session,
            action="auth.key_create",
            actor="cli",
            object_type="api_key",
            object_id=f"{username}:{key.split('_')[1]}",
        )
        session.commit()
    typer.echo(key)


@key_app.command("revoke")
def key_revoke(
    ctx: typer.Context,
    username: str,
    prefix: Annotated[str | None, typer.Option(help="Only this key (default: all)")] = None,
) -> None:
    """Thu hồi khóa API — revoke one key (by prefix) or all keys of a user."""
    with cli_session(ctx, console) as session:
        user = _existing_user(session, username)
        count = accounts.revoke_keys(session, user=user, prefix=prefix)
        audit.record(
            session,
            action="auth.key_revoke",
            actor="cli",
            object_type="api_key",
            object_id=f"{username}:{prefix or '*'}",
            detail=f"revoked={count}",
        )
        session.commit()
    console.print(f"Revoked {count} key(s) of {username}.")
