"""Blob stores: one interface (`base.BlobStore`), picked by URI scheme: a local folder or S3."""
