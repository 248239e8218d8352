"""A metadata value with where it was read, and a document's metadata, field by field."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parsers.courts import Docket


@dataclass(frozen=True)
class Field:
    """One value of a metadata field and where it was read."""

    value: str
    source: str


@dataclass(frozen=True)
class Metadata:
    """Every value found for each field, best first (a listing value before the document's)."""

    values: tuple[tuple[str, tuple[Field, ...]], ...]
    dockets: tuple[Docket, ...]

    def field(self, name: str) -> Field | None:
        """The chosen value of a field, with its source; None when nothing was found."""
        for key, found in self.values:
            if key == name and found:
                return found[0]
        return None

    def get(self, name: str) -> str | None:
        """The chosen value of a field, or None."""
        chosen = self.field(name)
        return chosen.value if chosen else None

    def with_listing(self, listing: Mapping[str, str | None]) -> Metadata:
        """These values with a listing's put first: the source's word wins, the document's stays."""
        values = tuple(
            (
                name,
                tuple([Field(value, "listing")] if (value := listing.get(name)) else [])
                + tuple(field for field in found if field.source != "listing"),
            )
            for name, found in self.values
        )
        return Metadata(values, self.dockets)

    def to_json(self) -> dict[str, Any]:
        """`{field: {value, source, others: [{value, source}]}}` plus every docket number found."""
        out: dict[str, Any] = {}
        for name, found in self.values:
            if not found:
                out[name] = None
                continue
            others = [
                {"value": field.value, "source": field.source} for field in found[1:] if field.value != found[0].value
            ]
            out[name] = {"value": found[0].value, "source": found[0].source, "others": others}
        out["docket_numbers"] = [
            {"printed": docket.printed, "core": docket.core, "source": docket.source} for docket in self.dockets
        ]
        return out
