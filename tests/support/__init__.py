"""Helpers for the tests: local servers, SeaweedFS, the court mirror, generated PDFs."""
