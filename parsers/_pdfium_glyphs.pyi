"""Types of the C module parsers/_pdfium_glyphs.c (the fast engine's loops over PDFium glyphs).

Addresses are ints; arrays must be C-contiguous, and those filled in writable.
"""

import numpy as np
import numpy.typing as npt

def read_glyphs(
    text_page: int,
    text_object_at: int,
    loose_box_at: int,
    objects: npt.NDArray[np.uint64],
    boxes: npt.NDArray[np.float32],
    /,
) -> None: ...
def read_runs(
    text_page: int,
    matrix_at: int,
    origin_at: int,
    font_size_at: int,
    font_of: int,
    firsts: npt.NDArray[np.int32],
    objects: npt.NDArray[np.uint64],
    styles: npt.NDArray[np.float64],
    fonts: npt.NDArray[np.uint64],
    /,
) -> None: ...
def read_objects(
    parent: int,
    in_form: bool,
    object_at: int,
    type_of: int,
    draw_mode_of: int,
    handles: npt.NDArray[np.uint64],
    kinds: npt.NDArray[np.int32],
    fills: npt.NDArray[np.int32],
    /,
) -> None: ...
