"""`courtarchive serve`: the catalog in Datasette, read-only. Datasette and the PDF stack are
imported when it runs, never by the other commands."""

from __future__ import annotations

import argparse
import os

from storage.catalog.update import catalog_path
from storage.cli.common import CliError, open_archive, open_db


def serve_command(args: argparse.Namespace) -> int:
    """Update the catalog, then serve it until interrupted.

    Raises:
        CliError: the [web] extra is not installed, or an open address has no password (2).
    """
    try:
        from storage.web.app import ServeRefused, auth_config, serve
    except ImportError as exc:
        raise CliError(
            f"courtarchive serve needs the web extra ({exc.name} is missing): pip install 'court-archiver[web]'", 2
        ) from None
    try:
        auth = auth_config(args.host, os.environ)
    except ServeRefused as exc:
        raise CliError(str(exc), 2) from None
    archive = open_archive(args)
    open_db(args, archive).close()
    return serve(archive, catalog_path(archive, args.catalog), args.host, args.port, auth)
