"""The scheduled runner: the sources file, `courtarchive crawl`, source locks, run reports, monitoring."""
