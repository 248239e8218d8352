"""`courtarchive serve`: the catalog in Datasette, with a document page of our own.

The subcommand is registered in `storage.cli` and run by `storage.cli.serve`; `app` builds and
runs the Datasette instance, `metadata` describes the catalog to it, `plugin` adds the document page,
and `pages` renders a PDF page with a quote's boxes highlighted.
"""
