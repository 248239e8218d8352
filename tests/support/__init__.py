"""Helpers the tests share: servers, mirrors, PDF generators and the crawl harness."""
