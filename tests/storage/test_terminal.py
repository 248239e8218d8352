"""Fitting output to a terminal and the progress line (storage.cli.terminal), with no CLI around them."""

from __future__ import annotations

import io

import pytest

from storage.cli.terminal import (
    Progress,
    cut,
    display_width,
    fit_lines,
    fit_widths,
    output_width,
    pad,
    wrap,
)

YELLOW = "\x1b[1;33m"
RESET = "\x1b[0m"


class Terminal(io.StringIO):
    """A stream that says it is a terminal."""

    def isatty(self) -> bool:
        return True


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_short_text_is_left_whole() -> None:
    assert cut("Doe v. Roe", 10) == "Doe v. Roe"


def test_long_text_ends_with_an_ellipsis_at_exactly_the_width() -> None:
    assert cut("Students for Fair Admissions", 10) == "Students …"
    assert cut("abc", 1) == "…"
    assert cut("abc", 0) == ""


def test_colour_escapes_take_no_room_and_an_open_colour_is_closed() -> None:
    marked = f"the {YELLOW}preliminary injunction{RESET} is granted"
    assert display_width(marked) == len("the preliminary injunction is granted")
    assert cut(marked, 40) == marked
    shorter = cut(marked, 10)
    assert shorter == f"the {YELLOW}preli…{RESET}"
    assert display_width(shorter) == 10


def test_a_colour_closed_before_the_cut_is_not_closed_again() -> None:
    marked = f"{YELLOW}stay{RESET} denied in full today"
    assert cut(marked, 12) == f"{YELLOW}stay{RESET} denied…"


def test_wide_characters_take_two_columns() -> None:
    assert display_width("東京地裁") == 8
    assert cut("東京地方裁判所", 6) == "東京…"
    assert display_width(cut("東京地方裁判所", 6)) == 5  # a wide character does not fit the last column
    assert pad("東京", 6) == "東京  "
    assert display_width("e\u0301") == 1  # e and a combining accent


def test_every_line_is_cut_and_none_without_a_width() -> None:
    text = "a short line\n" + "x" * 50
    assert fit_lines(text, 20) == "a short line\n" + "x" * 19 + "…"
    assert fit_lines(text, None) == text


def test_wrapping_breaks_between_words_and_keeps_every_marked_word() -> None:
    marked = f"the {YELLOW}preliminary{RESET} {YELLOW}injunction{RESET} is granted in part"
    lines = wrap(marked, 16)
    assert lines == [f"the {YELLOW}preliminary{RESET}", f"{YELLOW}injunction{RESET} is", "granted in part"]
    assert all(display_width(line) <= 16 for line in lines)
    assert wrap("see https://www.supremecourt.gov/opinions/22pdf/21-476_c185.pdf now", 20) == [
        "see",
        "https://www.supreme…",
        "now",
    ]
    assert wrap("", 10) == [""]


def test_columns_that_fit_keep_their_widths() -> None:
    assert fit_widths([10, 5, 30], 49, minimum=[4, 4, 4]) == [10, 5, 30]


def test_the_widest_column_gives_way_first() -> None:
    # 10 + 8 + 40 + 30 + 3 gaps of 2 = 94 columns; 80 wanted: 40 loses 10 alone, then both lose 2.
    widths = fit_widths([10, 8, 40, 30], 80, minimum=[4, 4, 12, 12])
    assert widths == [10, 8, 28, 28]
    assert sum(widths) + 2 * 3 == 80


def test_a_column_at_its_minimum_stays_and_the_others_give_way() -> None:
    widths = fit_widths([10, 8, 40, 30], 60, minimum=[10, 8, 12, 12], gap=1)
    assert widths == [10, 8, 19, 20]  # on a tie the left one gives way
    assert sum(widths) + 3 == 60


def test_minimums_are_returned_when_nothing_fits() -> None:
    assert fit_widths([10, 8, 40], 10, minimum=[4, 3, 12]) == [4, 3, 12]


@pytest.mark.parametrize("wide", [False, True])
def test_no_width_for_a_pipe_or_with_wide(wide: bool) -> None:
    assert output_width(io.StringIO(), wide=wide) is None


def test_a_terminal_is_as_wide_as_it_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "57")
    assert output_width(Terminal()) == 57
    assert output_width(Terminal(), wide=True) is None


def test_progress_writes_nothing_when_the_stream_is_no_terminal() -> None:
    stream = io.StringIO()
    progress = Progress("verify", stream)
    for done in range(1, 11):
        progress(done, 10)
    progress.close()
    assert stream.getvalue() == ""


def test_progress_on_a_terminal_is_redrawn_at_most_once_per_interval_and_at_the_end() -> None:
    stream, clock = Terminal(), Clock()
    progress = Progress("catalog", stream, interval=0.5, clock=clock)
    progress(1, 4)
    clock.now += 0.1
    progress(2, 4)  # too soon: not drawn
    clock.now += 0.5
    progress(3, 4)
    progress(4, 4)  # the end is always drawn
    progress.close()
    assert stream.getvalue() == ("\rcatalog: 1/4 (25%)\x1b[K\rcatalog: 3/4 (75%)\x1b[K\rcatalog: 4/4 (100%)\x1b[K\n")


def test_progress_without_a_total_counts_and_forced_progress_has_no_escapes() -> None:
    stream = io.StringIO()
    progress = Progress("export", stream, force=True, interval=0)
    progress(7)
    progress.close()
    assert stream.getvalue() == "\rexport: 7\n"


def test_close_without_progress_shown_writes_nothing() -> None:
    stream = Terminal()
    Progress("flush", stream).close()
    assert stream.getvalue() == ""
