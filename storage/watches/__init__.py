"""Watches: saved filters on the catalog whose new documents are delivered after each crawl.

A watch (`model`) is kept in the archive (`store`), so every machine crawling into it shares
it. After a crawl has updated the catalog, `run.run_watches` matches each watch against it
(`matching`), claims each document new to the watch in the delivery ledger (`ledger`), and
delivers it once to the watch's channels: a signed webhook (`webhook`), one email per run
(`mail`), an Atom feed in the archive (`atom`). What could not be delivered stays pending in
the ledger and is tried again on the next run. The layout is described in docs/watches.md.
"""
