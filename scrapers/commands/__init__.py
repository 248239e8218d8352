"""Project commands for `scrapy`: `crawl` here replaces Scrapy's to report and set exit status."""
