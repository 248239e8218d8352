"""Text printed over other text, taken apart before it is read as one line: two runs set
across each other, and words typed over a form's blanks.

A caption sometimes sets a role a few points under a name and across it ("DONALD KNIGHT;"
over "Plaintiffs-Appellants,"). The line sweep puts both in one line, whose glyphs, ordered
left to right, interleave letter by letter ("DOPlNaiAnLtif…"). Such a line has two
baselines (glyph bottoms) apart by a point or more, whose glyphs of full size alternate
along the line; small capitals (one baseline) and footnote markers (small glyphs) do not.
"""

from __future__ import annotations

import numpy as np

from parsers.chars import Floats, Ints, Mask, Texts

# Baselines at least this far apart (points) are two runs, not one line's jitter.
MIN_BASELINE_GAP = 1.0
# Each run has this many glyphs at least, and they alternate along the line this often.
MIN_RUN_GLYPHS = 4
MIN_ALTERNATIONS = 4
# The smaller run's glyphs are nearly the other's size (footnote markers are smaller).
SIZE_RATIO = 0.85


def split_overlapping(
    top: Floats, bottom: Floats, x0: Floats, size: Floats, group: Ints, band_top: list[float], band_bottom: list[float]
) -> tuple[Ints, list[float], list[float]]:
    """Lines (`group`, one number per glyph, ascending top to bottom) with every line of two
    interleaved runs cut in two, renumbered; and the lines' bands. Arrays are per glyph."""
    if len(group) == 0:
        return group, band_top, band_bottom
    # Lines are runs of one number (the sweep numbers them in order): only those whose glyph
    # bottoms spread over a point or more are looked at glyph by glyph.
    starts = np.flatnonzero(np.diff(group, prepend=-1))
    ends = np.append(starts[1:], len(group))
    spread = np.maximum.reduceat(bottom, starts) - np.minimum.reduceat(bottom, starts)
    cuts: dict[int, float] = {}
    for index in np.flatnonzero((spread >= MIN_BASELINE_GAP) & (ends - starts >= 2 * MIN_RUN_GLYPHS)).tolist():
        members = slice(int(starts[index]), int(ends[index]))
        at = _cut_between_runs(bottom[members], x0[members], size[members])
        if at is not None:
            cuts[int(group[starts[index]])] = at
    if not cuts:
        return group, band_top, band_bottom
    lower = np.zeros(len(group), dtype=bool)
    for number, at in cuts.items():
        lower |= (group == number) & (bottom >= at)
    _, renumbered = np.unique(group * 2 + lower, return_inverse=True)
    tops: list[float] = []
    bottoms: list[float] = []
    for number, (old_top, old_bottom) in enumerate(zip(band_top, band_bottom)):
        if number not in cuts:
            tops.append(old_top)
            bottoms.append(old_bottom)
            continue
        for run in ((group == number) & ~lower, (group == number) & lower):
            tops.append(float(top[run].min()))
            bottoms.append(float(bottom[run].max()))
    return renumbered.astype(np.intp), tops, bottoms


def _cut_between_runs(bottom: Floats, x0: Floats, size: Floats) -> float | None:
    """The bottom value between a line's two interleaved runs, or None for a line of one."""
    levels = np.unique(np.round(bottom, 1))
    if len(levels) < 2:
        return None
    gaps = np.diff(levels)
    widest = int(np.argmax(gaps))
    if gaps[widest] < MIN_BASELINE_GAP:
        return None
    at = float(levels[widest] + gaps[widest] / 2)
    lower = bottom >= at
    if min(int(lower.sum()), int((~lower).sum())) < MIN_RUN_GLYPHS:
        return None
    if min(np.median(size[lower]), np.median(size[~lower])) < SIZE_RATIO * np.median(size):
        return None
    along = lower[np.argsort(x0, kind="stable")]
    return at if int(np.count_nonzero(along[1:] != along[:-1])) >= MIN_ALTERNATIONS else None


def typed_over_blanks(text: Texts, x0: Floats, x1: Floats, top: Floats, bottom: Floats) -> Mask:
    """Which glyphs are a form's blank (`_`) with a typed letter over it, so the typed words
    read "Reliable Contracting Group", not "R__e_lia_b_l_e_ C__o_n_tr…". Blanks left empty stay."""
    blank = text == "_"
    covered = np.zeros(len(text), dtype=bool)
    if not blank.any():
        return covered
    typed = np.flatnonzero(~blank & (text != " "))
    if len(typed) == 0:
        return covered
    order = typed[np.argsort(x0[typed], kind="stable")]
    starts = x0[order]
    for index in np.flatnonzero(blank).tolist():
        # Typed glyphs starting before this blank ends, within a glyph's width to its left.
        width = max(x1[index] - x0[index], 1.0)
        near = order[np.searchsorted(starts, x0[index] - 2 * width) : np.searchsorted(starts, x1[index])]
        overlap = np.minimum(x1[near], x1[index]) - np.maximum(x0[near], x0[index])
        stacked = (np.minimum(bottom[near], bottom[index]) - np.maximum(top[near], top[index])) > 0
        covered[index] = bool(np.any((overlap > 0.3 * width) & stacked))
    return covered
