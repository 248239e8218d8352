"""Scrapy-free readers of a platform's answers (pages, feeds, API JSON), one per platform spider,
of the same name; `bounds` limits what a source may send."""
