"""A grouped bar chart as SVG, for comparing fiscal years: one group per outcome, one bar
per year, the latest year darkest. Pure Python: no Django.

The SVG uses presentation attributes only (no style attributes), so it shows inline under
the site's Content-Security-Policy; the text is text, so it stays searchable in the PDF.
CairoSVG (the PNG in Word) uses only the first font family listed, hence Noto Sans CJK JP
first.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

FONT = "'Noto Sans CJK JP', 'Noto Sans JP', sans-serif"
# Blues from light (oldest year) to dark (latest), distinguishable in greyscale too.
PALETTE = ("#c5d7fb", "#9db7f9", "#7096f8", "#3460fb", "#0031d8", "#001a8c")
TEXT = "#1a1a1a"
GRID = "#d9d9d9"
WIDTH, HEIGHT = 680, 330
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 48, 44
TICKS = 5


@dataclass(frozen=True)
class Series:
    """The bars of one year, one value per category."""

    label: str
    values: tuple[int | None, ...]


def nice_ceiling(value: int, ticks: int = TICKS) -> int:
    """The top of the axis: `ticks` times a round whole step (1, 1.5, 2, 2.5, 3, 4, 5, 6
    or 8 × 10^k) that reaches `value`; at least `ticks`."""
    needed = max(value, 1) / ticks
    magnitude = 10 ** math.floor(math.log10(needed))
    for factor in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        step = factor * magnitude
        if step >= needed and step == int(step):
            return int(step) * ticks
    return ticks  # pragma: no cover - 10 × magnitude always qualifies


def colours(count: int) -> tuple[str, ...]:
    """`count` colours of the palette, ending with the darkest."""
    return PALETTE[-count:] if count <= len(PALETTE) else PALETTE * (count // len(PALETTE) + 1)


def bar_chart(
    title: str, categories: Sequence[str], series: Sequence[Series], *, unit: str = "件"
) -> str:
    """The chart as an SVG document (no XML prologue)."""
    top = max((v or 0 for s in series for v in s.values), default=0)
    ceiling = nice_ceiling(top)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" font-family={quoteattr(FONT)} role="img" '
        f"aria-label={quoteattr(title)}>",
        f"<title>{escape(title)}</title>",
        f'<rect x="0" y="0" width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="20" font-size="14" font-weight="bold" fill="{TEXT}">'
        f"{escape(title)}</text>",
        *_axis(ceiling, unit),
        *_bars(categories, series, ceiling),
        *_legend(series),
        "</svg>",
    ]
    return "\n".join(parts)


def _y(value: float, ceiling: int) -> float:
    plot = HEIGHT - TOP - BOTTOM
    return HEIGHT - BOTTOM - plot * value / ceiling


def _axis(ceiling: int, unit: str) -> list[str]:
    lines = []
    for step in range(TICKS + 1):
        value = ceiling * step / TICKS
        y = _y(value, ceiling)
        lines.append(
            f'<line x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}" '
            f'stroke="{GRID if step else TEXT}" stroke-width="1"/>'
        )
        label = f"{value:,.0f}"
        lines.append(
            f'<text x="{LEFT - 6}" y="{y + 4:.1f}" font-size="11" text-anchor="end" '
            f'fill="{TEXT}">{label}</text>'
        )
    lines.append(
        f'<text x="{LEFT - 6}" y="{TOP - 10}" font-size="11" text-anchor="end" '
        f'fill="{TEXT}">（{escape(unit)}）</text>'
    )
    return lines


def _bars(categories: Sequence[str], series: Sequence[Series], ceiling: int) -> list[str]:
    if not categories or not series:
        return []
    group = (WIDTH - LEFT - RIGHT) / len(categories)
    bar = min(group * 0.8 / len(series), 28)
    fills = colours(len(series))
    out = []
    for index, category in enumerate(categories):
        start = LEFT + group * index + (group - bar * len(series)) / 2
        for position, (one, fill) in enumerate(zip(series, fills, strict=False)):
            value = one.values[index] if index < len(one.values) else None
            x = start + bar * position
            out += _bar(x, bar, value, ceiling, fill, f"{category} {one.label}")
        out.append(
            f'<text x="{LEFT + group * (index + 0.5):.1f}" y="{HEIGHT - BOTTOM + 18}" '
            f'font-size="12" text-anchor="middle" fill="{TEXT}">{escape(category)}</text>'
        )
    return out


def _bar(
    x: float, width: float, value: int | None, ceiling: int, fill: str, what: str
) -> list[str]:
    if value is None:
        return []
    y = _y(value, ceiling)
    height = HEIGHT - BOTTOM - y
    return [
        f'<rect x="{x:.1f}" y="{y:.1f}" width="{width - 2:.1f}" height="{height:.1f}" '
        f'fill="{fill}" stroke="#000060" stroke-width="0.5"><title>{escape(what)}：{value:,}'
        "</title></rect>",
        f'<text x="{x + (width - 2) / 2:.1f}" y="{y - 3:.1f}" font-size="10" '
        f'text-anchor="middle" fill="{TEXT}">{value:,}</text>',
    ]


def _legend(series: Sequence[Series]) -> list[str]:
    out = []
    x = WIDTH - RIGHT
    for one, fill in reversed(list(zip(series, colours(len(series)), strict=False))):
        width = 16 + 12 * len(one.label) + 14
        x -= width
        out.append(
            f'<rect x="{x:.1f}" y="30" width="12" height="12" fill="{fill}" '
            'stroke="#000060" stroke-width="0.5"/>'
        )
        out.append(
            f'<text x="{x + 16:.1f}" y="40" font-size="12" fill="{TEXT}">{escape(one.label)}</text>'
        )
    return out
