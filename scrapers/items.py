"""What every spider promises: a `CourtDocument` per document found on a court source.

The model is storage's (`storage.document`), shared by spiders, the pipeline, `courtarchive
add`, records and the catalog.
"""

from __future__ import annotations

from storage.document import CourtDocument, DocumentRef

__all__ = ["CourtDocument", "DocumentRef"]
