"""The Datasette instance `courtarchive serve` runs: a read-only snapshot of the catalog, our
metadata and plugin, and a password when it listens beyond this machine."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import sqlite3
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import uvicorn
from datasette.app import Datasette
from datasette.plugins import pm
from datasette_auth_passwords.utils import hash_password

from storage.archive import Archive
from storage.watches.store import list_watches
from storage.web.metadata import DATABASE, catalog_metadata
from storage.web.plugin import CourtArchivePlugin

USER_ENV = "COURT_ARCHIVE_WEB_USER"
PASSWORD_ENV = "COURT_ARCHIVE_WEB_PASSWORD"
DEFAULT_USER = "reader"
# The password's hash, handed to datasette-auth-passwords through this process's environment
# (`$env`), so that no page Datasette shows holds it.
_HASH_ENV = "COURT_ARCHIVE_WEB_PASSWORD_HASH"
PLUGIN_NAME = "court-archiver"
SETTINGS = {"default_page_size": 50, "sql_time_limit_ms": 3000, "facet_time_limit_ms": 1000, "max_returned_rows": 1000}


class ServeRefused(Exception):
    """`serve` will not start as asked (an open address without a password)."""


def is_loopback(host: str) -> bool:
    """Whether `host` is reachable from this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def auth_config(host: str, environ: Mapping[str, str], *, hash_rounds: int | None = None) -> dict[str, Any] | None:
    """datasette-auth-passwords' settings: HTTP Basic auth on every request when `host` is not
    loopback (the password from $COURT_ARCHIVE_WEB_PASSWORD), None on loopback.

    The password is kept as a PBKDF2 hash of `hash_rounds` rounds (None: datasette-auth-passwords'
    own, 480,000, about 0.1 s of CPU for every request checked; tests pass fewer).

    Raises:
        ServeRefused: a host beyond loopback with no password in the environment.
    """
    if is_loopback(host):
        return None
    password = environ.get(PASSWORD_ENV)
    if not password:
        raise ServeRefused(
            f"not serving on {host} without a password: set {PASSWORD_ENV} (and "
            f"{USER_ENV}, default {DEFAULT_USER}), or serve on 127.0.0.1"
        )
    user = environ.get(USER_ENV) or DEFAULT_USER
    os.environ[_HASH_ENV] = (
        hash_password(password) if hash_rounds is None else hash_password(password, None, hash_rounds)
    )
    return {"http_basic_auth": True, f"{user}_password_hash": {"$env": _HASH_ENV}}


def snapshot(catalog: Path, folder: Path) -> Path:
    """A consistent copy of the catalog in `folder`, for Datasette to open immutable while
    crawls go on updating the catalog itself."""
    target = folder / f"{DATABASE}.db"
    source = sqlite3.connect(f"file:{catalog}?mode=ro", uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        copy.close()
        source.close()
    return target


def build_datasette(archive: Archive, catalog_file: Path, auth: dict[str, Any] | None = None) -> Datasette:
    """Datasette on `catalog_file` (opened immutable), with our metadata (a canned query for each
    watch the archive keeps, as it is when Datasette starts) and plugin."""
    metadata = catalog_metadata(list_watches(archive))
    if auth is not None:
        metadata["plugins"] = {"datasette-auth-passwords": auth}
    if pm.get_plugin(PLUGIN_NAME) is not None:  # Datasette's plugins are process-wide
        pm.unregister(name=PLUGIN_NAME)
    pm.register(CourtArchivePlugin(archive), name=PLUGIN_NAME)
    return Datasette(immutables=[str(catalog_file)], metadata=metadata, settings=SETTINGS)


def serve(archive: Archive, catalog: Path, host: str, port: int, auth: dict[str, Any] | None) -> int:
    """Serve a snapshot of `catalog` until interrupted; the exit status."""
    with tempfile.TemporaryDirectory(prefix="courtarchive-serve-") as folder:
        datasette = build_datasette(archive, snapshot(catalog, Path(folder)), auth)
        asyncio.run(datasette.invoke_startup())
        shown = f"[{host}]" if ":" in host else host
        print(
            f"courtarchive: serving the catalog of {archive.uri} at http://{shown}:{port}/ "
            f"({'password required' if auth else 'this machine only'}; Ctrl-C stops)",
            flush=True,
        )
        uvicorn.run(datasette.app(), host=host, port=port, log_level="warning", lifespan="on")
    return 0
