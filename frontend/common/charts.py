"""Bar chart geometry for server-rendered SVG (components/chart.html).

A pure function: a series of (label, integer value) in, bar rectangles in SVG user units out.
Values are integers (minor units, counts); the geometry is float, as it is only drawing. Negative
values (a month with more refunds than commission) hang below the zero line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

# Room for the value labels under the bars; the rest of the height is the plot.
LABEL_SPACE = 18.0
TOP_PAD = 4.0
# At most this many x-axis labels are drawn; the others stay in each bar's tooltip and the table.
MAX_AXIS_LABELS = 10


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    text: str  # the value as people read it ("1.234,56 €")
    x: float
    y: float
    width: float
    height: float
    label_x: float  # the middle of the bar, where its axis label is centred
    show_label: bool
    negative: bool


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    width: float
    height: float
    zero_y: float  # where the value 0 sits
    plot_bottom: float  # the x-axis labels sit below this
    bars: list[Bar]
    label_y: float
    max_text: str
    min_text: str

    @property
    def empty(self) -> bool:
        return not any(bar.value for bar in self.bars)


def _round(value: float) -> float:
    return round(value, 2)


def bar_chart(
    *,
    chart_id: str,
    title: str,
    series: Sequence[tuple[str, int]],
    width: float = 600.0,
    height: float = 200.0,
    gap_ratio: float = 0.2,
    fmt: Callable[[int], str] = str,
) -> BarChart:
    """Bars for ``series`` in a ``width`` x ``height`` box.

    Each bar gets an equal slot; ``gap_ratio`` of the slot is left empty between bars. The value
    axis spans min(0, smallest) .. max(0, largest), so a bar's height is proportional to its value
    and zero is one straight line. An all-zero series draws no bars of any height.
    """
    if width <= 0 or height <= LABEL_SPACE + TOP_PAD:
        raise ValueError("The chart is too small to draw.")
    if not 0 <= gap_ratio < 1:
        raise ValueError("gap_ratio must be in [0, 1).")
    values = [int(value) for _label, value in series]
    top, bottom = max([0, *values]), min([0, *values])
    plot_top, plot_bottom = TOP_PAD, height - LABEL_SPACE
    span = top - bottom
    scale = (plot_bottom - plot_top) / span if span else 0.0
    zero_y = plot_top + top * scale if span else plot_bottom
    slot = width / len(values) if values else width
    bar_width = slot * (1 - gap_ratio)
    every = -(-len(values) // MAX_AXIS_LABELS) if values else 1  # ceiling division
    bars = []
    for index, (label, value) in enumerate(zip((label for label, _ in series), values)):
        bar_height = abs(value) * scale
        y = zero_y - bar_height if value >= 0 else zero_y
        bars.append(
            Bar(
                label=str(label),
                value=value,
                text=fmt(value),
                x=_round(index * slot + (slot - bar_width) / 2),
                y=_round(y),
                width=_round(bar_width),
                height=_round(bar_height),
                label_x=_round(index * slot + slot / 2),
                # Counted back from the last bar, so "today" / the latest month always has its label.
                show_label=(len(values) - 1 - index) % every == 0,
                negative=value < 0,
            )
        )
    return BarChart(
        id=chart_id,
        title=title,
        width=_round(width),
        height=_round(height),
        zero_y=_round(zero_y),
        plot_bottom=_round(plot_bottom),
        bars=bars,
        label_y=_round(height - 4),
        max_text=fmt(top),
        min_text=fmt(bottom),
    )
