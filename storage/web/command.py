"""`courtarchive serve`: its arguments and handler. Imports nothing heavy until it runs, so
the other commands never load Datasette or the PDF stack for it."""

from __future__ import annotations

import argparse

DEFAULT_PORT = 8001


def add_serve_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser],
                     common: argparse.ArgumentParser) -> None:
    """Register `serve` on the `courtarchive` subcommands."""
    help_ = ("browse the catalog in Datasette (the [web] extra): facets, full-text search, and a "
             "page per document with its key quotes highlighted on the PDF; read-only")
    serve = commands.add_parser(
        "serve", help=help_, parents=[common],
        description=help_ + ". Listens on 127.0.0.1 unless --host says otherwise; any other "
                    "address needs a password in COURT_ARCHIVE_WEB_PASSWORD (user "
                    "COURT_ARCHIVE_WEB_USER, default reader). Serves the catalog as it is when it starts.")
    serve.add_argument("--host", default="127.0.0.1", help="the address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"the port ({DEFAULT_PORT})")
    serve.add_argument("--no-update", action="store_true",
                       help="serve the catalog as it is, without looking for changed records")
    serve.set_defaults(handler=serve_command)


def serve_command(args: argparse.Namespace) -> int:
    """Update the catalog, then serve it until interrupted.

    Raises:
        CliError: the [web] extra is not installed, or an open address has no password (2).
    """
    import os

    from storage.catalog import catalog_path
    from storage.commands import CliError, open_archive, open_db

    try:
        from storage.web.app import ServeRefused, auth_config, serve
    except ImportError as exc:
        raise CliError(f"courtarchive serve needs the web extra ({exc.name} is missing): "
                       "pip install 'court-archiver[web]'", 2) from None
    try:
        auth = auth_config(args.host, os.environ)
    except ServeRefused as exc:
        raise CliError(str(exc), 2) from None
    archive = open_archive(args)
    open_db(args, archive).close()
    return serve(archive, catalog_path(archive, args.catalog), args.host, args.port, auth)
