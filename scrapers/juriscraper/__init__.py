"""The bridge to Free Law Project's juriscraper: its court parsers, fed by Scrapy's downloads.

juriscraper (BSD-2, the `courts` extra, pinned exactly) keeps listing parsers for about 250
U.S. courts, one `Site` class per module id (`ca1`, `nyappdiv_1st`, `scotus_slip`). Scrapy
makes every request (`session`), juriscraper only parses (`sites`); `courts` lists and
chooses the modules, `refs` turns their cases into DocumentRefs. Only the `juriscraper`
spider imports this package, when it runs: other crawls never load juriscraper.
"""
