"""Mutated and hostile PDFs for fuzzing extraction, generated at test time.

From real seed PDFs: truncations, byte flips, random bursts and damaged structure (xref,
stream lengths, trailer). Built by hand: stream bombs, deeply nested objects, reference loops
and encryption. Deterministic: the same seeds and `seed` give the same mutants.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from tests.support.pdfgen import (
    _indexed_pdf,
    _stream,
    content_bomb_pdf,
    encrypted_pdf,
    text_pdf,
)

_PAGE_TREE = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"]


@dataclass(frozen=True)
class Mutant:
    """One fuzz input: a name saying how it was made, and its bytes."""

    name: str
    data: bytes


def truncations(name: str, data: bytes) -> Iterator[Mutant]:
    """The file cut at fixed fractions, one byte short, and just before its xref."""
    for fraction in (0.05, 0.25, 0.5, 0.75, 0.95):
        yield Mutant(f"{name}:cut{int(fraction * 100)}", data[: int(len(data) * fraction)])
    yield Mutant(f"{name}:cut-1", data[:-1])
    xref = data.rfind(b"startxref")
    if xref > 0:
        yield Mutant(f"{name}:cut-startxref", data[:xref])


def byte_flips(name: str, data: bytes, rng: random.Random) -> Iterator[Mutant]:
    """Random bytes flipped (1, 16, 256 of them) and a burst of random bytes mid-file."""
    for count in (1, 16, 256):
        mutated = bytearray(data)
        for _ in range(count):
            position = rng.randrange(len(mutated))
            mutated[position] ^= 1 << rng.randrange(8)
        yield Mutant(f"{name}:flip{count}", bytes(mutated))
    start = rng.randrange(len(data))
    burst = rng.randbytes(min(4096, len(data) - start))
    yield Mutant(f"{name}:burst", data[:start] + burst + data[start + len(burst) :])


def structural(name: str, data: bytes) -> Iterator[Mutant]:
    """Damage to the structure a reader relies on: the xref, stream lengths, the trailer."""
    yield Mutant(f"{name}:xref-garbled", data.replace(b"xref", b"xrfe"))
    yield Mutant(f"{name}:startxref-wrong", re.sub(rb"startxref\s+\d+", b"startxref\n999999999", data))
    yield Mutant(f"{name}:length-huge", re.sub(rb"/Length \d+", b"/Length 2147483647", data))
    yield Mutant(f"{name}:length-negative", re.sub(rb"/Length \d+", b"/Length -5", data))
    yield Mutant(f"{name}:no-endstream", data.replace(b"endstream", b""))
    yield Mutant(f"{name}:no-trailer", data.replace(b"trailer", b"").replace(b"/Root", b"/Rot"))
    yield Mutant(f"{name}:header-only", data[:16] + bytes(len(data) - 16))


def _nested(depth: int, opener: bytes, closer: bytes) -> bytes:
    return opener * depth + closer * depth


def hostile() -> Iterator[Mutant]:
    """PDFs made to hurt a reader: bombs, deep nesting, loops, encryption."""
    yield Mutant("bomb:content-1GiB", content_bomb_pdf(1))
    yield Mutant("bomb:content-4GiB", content_bomb_pdf(4))
    for depth in (1_000, 100_000):
        for kind, opener, closer in (("array", b"[", b"]"), ("dict", b"<< /A ", b" >>")):
            page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Deep %s >>" % _nested(depth, opener, closer)
            yield Mutant(f"nest:{kind}{depth}", _indexed_pdf([*_PAGE_TREE, page]))
    yield Mutant(
        "loop:parent",
        _indexed_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 612 792] >>",
            ]
        ),
    )
    yield Mutant(
        "loop:kids",
        _indexed_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",
            ]
        ),
    )
    yield Mutant(
        "loop:contents-self",
        _indexed_pdf([*_PAGE_TREE, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"]),
    )
    yield Mutant(
        "stream:bad-filter",
        _indexed_pdf(
            [
                *_PAGE_TREE,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                _stream(b"/Filter /FlateDecode", b"this is not zlib data at all"),
            ]
        ),
    )
    yield Mutant(
        "stream:filter-chain",
        _indexed_pdf(
            [
                *_PAGE_TREE,
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>",
                _stream(b"/Filter [" + b"/ASCIIHexDecode " * 500 + b"]", b"41>"),
            ]
        ),
    )
    yield Mutant(
        "mediabox:absurd", _indexed_pdf([*_PAGE_TREE, b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1e300 -1e300] >>"])
    )
    yield Mutant("encrypted:user-password", encrypted_pdf("secret"))
    yield Mutant("encrypted:empty-user-password", encrypted_pdf(""))
    yield Mutant("encrypted:truncated", encrypted_pdf("secret")[:-200])
    plain = text_pdf(["It is so ordered."])
    yield Mutant("plain:control", plain)
    yield Mutant("plain:two-headers", plain + plain)


def corpus(seeds: Mapping[str, bytes], *, seed: int = 7) -> list[Mutant]:
    """Every mutant of every seed file, then the hand-made hostile ones."""
    rng = random.Random(seed)
    found: list[Mutant] = []
    for name, data in sorted(seeds.items()):
        found += [*truncations(name, data), *byte_flips(name, data, rng), *structural(name, data)]
    found += hostile()
    return found
