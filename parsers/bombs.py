"""Decompression bombs: a PDF's Flate streams measured before PDFium inflates them.

PDFium inflates a content stream in full before parsing it and aborts the process when an
allocation fails, so a stream made to inflate to gigabytes would take them, or kill the
worker. `check_inflated_sizes` inflates each stream in 1 MiB steps, counting and never
holding the output, and stops at a cap.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from typing import Any

from parsers.errors import TooLargePdf

# Largest size a content, font or form stream may inflate to. The dev files' largest is
# 0.35 MB; this leaves room for heavy vector drawings and keeps a bomb far from the memory cap.
MAX_INFLATED_BYTES = 64 << 20

_CHUNK = 1 << 20
_STREAM = re.compile(rb">>\s*stream\r?\n")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_FLATE = {b"FlateDecode", b"Fl"}


def check_inflated_sizes(data: bytes, *, limit: int = MAX_INFLATED_BYTES) -> None:
    """Refuse a PDF with a content, font or form stream that inflates to more than `limit` bytes.

    Every stream filtered by one or more FlateDecode first is inflated in 1 MiB steps and
    counted, never held; image streams are skipped (PDFium decodes them only to render, and
    OCR bounds that). Streams behind other filters first are not measured.

    Raises:
        TooLargePdf: a stream inflates past `limit`.
    """
    for match in _STREAM.finditer(data):
        head = data.rfind(b"obj", max(0, match.start() - 65536), match.start())
        dictionary = data[head : match.start() + 2] if head >= 0 else b""
        if _IMAGE.search(dictionary):
            continue
        stages = _flate_stages(dictionary)
        if stages and _inflated_size(data, match.end(), stages, limit) > limit:
            raise TooLargePdf(
                f"a stream at byte {match.end()} inflates to more than {limit >> 20} MiB (a decompression bomb?)"
            )


def _flate_stages(dictionary: bytes) -> int:
    """How many FlateDecode filters a stream's /Filter starts with."""
    found = _FILTER.search(dictionary)
    if found is None:
        return 0
    names = re.findall(rb"/([^\s/\[\]<>()]+)", found.group(1))
    stages = 0
    while stages < len(names) and names[stages] in _FLATE:
        stages += 1
    return stages


def _inflated_size(data: bytes, start: int, stages: int, limit: int) -> int:
    """Bytes the stream at `start` inflates to through `stages` Flate filters (up to `limit`)."""
    decoders = [zlib.decompressobj() for _ in range(stages)]
    total = 0
    position = start
    try:
        while position < len(data) and not decoders[0].eof and total <= limit:
            piece = data[position : position + _CHUNK]
            position += _CHUNK
            for produced in _drain(decoders, 0, piece):
                total += produced
                if total > limit:
                    break
    except zlib.error:
        pass  # a corrupt stream: PDFium reads what it can, which is no more than we counted
    return total


def _drain(decoders: list[Any], stage: int, piece: bytes) -> Iterator[int]:
    """Feed `piece` to `decoders[stage]` and on through the later stages; yield output sizes."""
    decoder = decoders[stage]
    while True:
        out = decoder.decompress(piece, _CHUNK)
        piece = decoder.unconsumed_tail
        if stage + 1 < len(decoders):
            yield from _drain(decoders, stage + 1, out)
        else:
            yield len(out)
        if decoder.eof or (not out and not piece):
            return
