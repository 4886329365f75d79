"""The statistics report's content: the comparison tables as text and the chart of each
category, handed to `documents.statsdoc` for Word and PDF and shown on the web page.
Pure Python: no Django."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from shingikai.documents.statsdoc import StatsFigure, StatsReport, StatsSection, StatsTable
from shingikai.lib import wareki
from shingikai.reports import chart, stats

CHANGE_LABEL = "前年度比"
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def columns(comparison: stats.Comparison) -> tuple[str, ...]:
    return ("区分", *comparison.year_labels, CHANGE_LABEL)


def table_rows(rows: Sequence[stats.Row]) -> tuple[tuple[str, ...], ...]:
    """Each row's label, its figure per year and the latest change."""
    return tuple(
        (r.label, *(stats.format_count(v) for v in r.values), stats.format_change(r.change))
        for r in rows
    )


def chart_title(comparison: stats.Comparison) -> str:
    return f"{comparison.label}：決定の内容（年度別）"


def chart_svg(comparison: stats.Comparison) -> str:
    """Bars of each outcome, one per year."""
    codes = [code for code, _label in stats.OUTCOMES]
    series = [
        chart.Series(label, tuple(comparison.row(code).values[i] for code in codes))
        for i, label in enumerate(comparison.year_labels)
    ]
    return chart.bar_chart(chart_title(comparison), [lb for _c, lb in stats.OUTCOMES], series)


def chart_alt(comparison: stats.Comparison) -> str:
    """What the chart shows, in words (for screen readers and the Word picture)."""
    parts = []
    for row in comparison.requests[1:]:
        values = "、".join(
            f"{year}{stats.format_count(v)}件"
            for year, v in zip(comparison.year_labels, row.values, strict=True)
        )
        parts.append(f"{row.label}：{values}")
    return f"{chart_title(comparison)}。" + "。".join(parts) + "。"


def has_figures(comparison: stats.Comparison) -> bool:
    return any(v is not None for v in comparison.row("requests").values)


def section(number: int, comparison: stats.Comparison) -> StatsSection:
    head = columns(comparison)
    return StatsSection(
        title=f"{str(number).translate(_FULLWIDTH)}　{comparison.label}",
        tables=(
            StatsTable("(1) 請求件数と決定の内容", head, table_rows(comparison.requests)),
            StatsTable("(2) 審査請求", head, table_rows(comparison.appeals)),
        ),
        figure=StatsFigure(chart_svg(comparison), chart_alt(comparison))
        if has_figures(comparison)
        else None,
    )


def notes(years: Sequence[int]) -> tuple[str, ...]:
    latest, previous = (wareki.format_fiscal_year(y) for y in (years[-1], years[-2]))
    return (
        f"{CHANGE_LABEL}は、{latest}と{previous}の件数の差です。",
        stats.PENDING_NOTE,
        "「—」は、その年度の数値が登録されていないことを示します。",
    )


def report(
    municipality: str,
    fiscal_year: int,
    comparisons: Sequence[stats.Comparison],
    date: dt.date | None = None,
) -> StatsReport:
    """The whole report of one municipality and fiscal year."""
    label = wareki.format_fiscal_year(fiscal_year)
    years = comparisons[0].years if comparisons else (fiscal_year - 1, fiscal_year)
    first = wareki.format_fiscal_year(years[0])
    return StatsReport(
        title=f"{label} 情報公開制度・個人情報保護制度の実施状況",
        municipality=municipality,
        fiscal_year_label=label,
        lead=(
            f"{label}の公文書の開示請求及び自己情報の開示請求の状況を、"
            f"{first}からの推移とあわせて報告します。"
        ),
        sections=tuple(section(n, c) for n, c in enumerate(comparisons, start=1)),
        notes=notes(years),
        date=date,
    )
