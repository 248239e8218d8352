"""What a page paints, as the engines read it into `parsers.chars.Shape`s: whether a fill
colour is dark, one box per subpath of a filled path, and the surface an annotation paints.

Both engines (`parsers.engine_pdfplumber`, `parsers.engine_pdfium`) build a page's shapes
with these, so they agree on what counts as a dark bar; `parsers.redactions` then judges
which shapes hide text.
"""

from __future__ import annotations

from collections.abc import Sequence

from parsers.chars import Shape

# Fill luminance (ITU-R BT.601, 0-255) at or under which a fill reads as a redaction bar.
DARK_LUMINANCE = 100.0
# Annotations that paint a surface over the page (Square, Circle, Polygon only when filled),
# and those that print text on it (never a redaction: the typewriter tool).
_COVERING_ANNOTATIONS = frozenset({"Redact", "Highlight", "Ink", "Stamp"})
_FILLED_ANNOTATIONS = frozenset({"Square", "Circle", "Polygon"})
_TEXT_ANNOTATIONS = frozenset({"FreeText"})


def colour_is_dark(components: Sequence[float] | None) -> bool | None:
    """Whether a fill colour (gray, RGB or CMYK components, 0-1) is dark; None if unknown."""
    if not components:
        return None
    if len(components) == 1:
        red = green = blue = components[0]
    elif len(components) == 3:
        red, green, blue = components
    elif len(components) == 4:
        cyan, magenta, yellow, black = components
        red, green, blue = ((1 - part) * (1 - black) for part in (cyan, magenta, yellow))
    else:
        return None
    return 255 * (0.299 * red + 0.587 * green + 0.114 * blue) <= DARK_LUMINANCE


def subpath_boxes(path: Sequence[tuple[str, list[tuple[float, float]]]]) -> list[list[tuple[float, float]]]:
    """The points of each subpath of a path given as (operator, points): a new one at each
    `m`. A redaction tool often fills many bars as one path: each bar is its own box."""
    subpaths: list[list[tuple[float, float]]] = []
    for operator, points in path:
        if operator == "m" or not subpaths:
            subpaths.append([])
        subpaths[-1].extend(points)
    return [points for points in subpaths if len(points) >= 2]


def annotation_shape(
    subtype: str,
    corners: Sequence[tuple[float, float]],
    order: int,
    interior: Sequence[float] | None,
    colour: Sequence[float] | None,
) -> Shape | None:
    """The shape an annotation paints over the page (corners in page coordinates), or None
    for one that paints no surface (links, notes, popups, unfilled squares)."""
    if subtype in _FILLED_ANNOTATIONS:
        if interior is None:  # an empty colour: filled, the colour not known
            return None
        dark = colour_is_dark(interior)
    elif subtype in _COVERING_ANNOTATIONS:
        dark = colour_is_dark(colour) if subtype != "Stamp" else None
    elif subtype in _TEXT_ANNOTATIONS:
        dark = None
    else:
        return None
    xs, tops = [x for x, _ in corners], [top for _, top in corners]
    kind = "text-annotation" if subtype in _TEXT_ANNOTATIONS else "annotation"
    return Shape(min(xs), min(tops), max(xs), max(tops), order, kind, dark)
