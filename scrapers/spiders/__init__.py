"""One module per court source; `scrapy list` finds every spider here."""
