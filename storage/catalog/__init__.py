"""The catalog: a SQLite file with full-text search, built from the records (schema, update, queries, rows)."""
