"""The annual operating statistics (実施状況) of disclosure requests: the figures of one year
and category, their arithmetic, the comparison of years with year-on-year differences, and
the CSV export. Pure Python: no Django.

Every request received in the year ends in exactly one outcome, or is still pending at the
year's end (carried over): the outcomes plus pending equal the requests. Likewise every
appeal (審査請求) has one result or is still pending.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, fields

from shingikai.lib import wareki
from shingikai.reports import register

CATEGORIES = (
    ("public_documents", "公文書の開示請求"),
    ("personal_information", "自己情報の開示請求"),
)
OUTCOMES = (
    ("disclosed", "全部開示"),
    ("partly_disclosed", "一部開示"),
    ("not_disclosed", "不開示"),
    ("no_document", "不存在"),
    ("withdrawn", "取下げ"),
    ("pending", "処理中"),
)
APPEAL_RESULTS = (
    ("upheld", "認容"),
    ("partly_upheld", "一部認容"),
    ("rejected", "棄却"),
    ("dismissed", "却下"),
    ("appeal_withdrawn", "取下げ"),
    ("appeal_pending", "審理中"),
)
REQUESTS_LABEL = "請求件数"
APPEALS_LABEL = "審査請求件数"
PENDING_NOTE = "処理中・審理中は、年度末に決定していない件数（翌年度へ繰越）です。"


def category_label(code: str) -> str:
    return dict(CATEGORIES)[code]


@dataclass(frozen=True)
class Figures:
    """The counts of one municipality, fiscal year and category."""

    requests: int = 0
    disclosed: int = 0
    partly_disclosed: int = 0
    not_disclosed: int = 0
    no_document: int = 0
    withdrawn: int = 0
    pending: int = 0
    appeals: int = 0
    upheld: int = 0
    partly_upheld: int = 0
    rejected: int = 0
    dismissed: int = 0
    appeal_withdrawn: int = 0
    appeal_pending: int = 0

    @property
    def outcome_total(self) -> int:
        return sum(getattr(self, code) for code, _label in OUTCOMES)

    @property
    def appeal_total(self) -> int:
        return sum(getattr(self, code) for code, _label in APPEAL_RESULTS)


FIELD_NAMES = tuple(f.name for f in fields(Figures))


def problems(figures: Figures) -> dict[str, str]:
    """The arithmetic that does not add up, keyed by the field the message belongs next to."""
    found = {}
    if figures.outcome_total != figures.requests:
        found["requests"] = (
            f"全部開示から処理中までの合計（{figures.outcome_total}件）が"
            f"請求件数（{figures.requests}件）と一致しません。"
        )
    if figures.appeal_total != figures.appeals:
        found["appeals"] = (
            f"認容から審理中までの合計（{figures.appeal_total}件）が"
            f"審査請求件数（{figures.appeals}件）と一致しません。"
        )
    return found


@dataclass(frozen=True)
class Row:
    """One line of a comparison table: a figure over the years and the latest change."""

    code: str
    label: str
    values: tuple[int | None, ...]  # None where a year has no figures

    @property
    def changes(self) -> tuple[int | None, ...]:
        return year_on_year(self.values)

    @property
    def change(self) -> int | None:
        """The latest year against the one before."""
        return self.changes[-1] if self.changes else None


@dataclass(frozen=True)
class Comparison:
    """The figures of one category over consecutive fiscal years."""

    category: str
    years: tuple[int, ...]
    requests: tuple[Row, ...]  # 請求件数 and the outcomes
    appeals: tuple[Row, ...]  # 審査請求件数 and the results

    @property
    def label(self) -> str:
        return category_label(self.category)

    @property
    def year_labels(self) -> tuple[str, ...]:
        return tuple(wareki.format_fiscal_year(y) for y in self.years)

    def row(self, code: str) -> Row:
        return next(r for r in self.requests + self.appeals if r.code == code)


def year_on_year(values: Sequence[int | None]) -> tuple[int | None, ...]:
    """The change from each year to the next (None where either year is missing)."""
    return tuple(None if a is None or b is None else b - a for a, b in itertools.pairwise(values))


def format_change(change: int | None) -> str:
    """+3, −2, ±0, or — where there is nothing to compare."""
    if change is None:
        return "—"
    if change == 0:
        return "±0"
    return f"+{change:,}" if change > 0 else f"−{-change:,}"


def format_count(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def years_up_to(fiscal_year: int, count: int) -> tuple[int, ...]:
    """The `count` fiscal years ending with `fiscal_year`, oldest first."""
    return tuple(range(fiscal_year - count + 1, fiscal_year + 1))


def compare(category: str, by_year: Mapping[int, Figures], years: Sequence[int]) -> Comparison:
    """The comparison table of one category over `years` (oldest first)."""

    def row(code: str, label: str) -> Row:
        return Row(code, label, tuple(_value(by_year.get(y), code) for y in years))

    return Comparison(
        category=category,
        years=tuple(years),
        requests=(row("requests", REQUESTS_LABEL), *(row(c, lb) for c, lb in OUTCOMES)),
        appeals=(row("appeals", APPEALS_LABEL), *(row(c, lb) for c, lb in APPEAL_RESULTS)),
    )


def _value(figures: Figures | None, code: str) -> int | None:
    return None if figures is None else getattr(figures, code)


# -- CSV ------------------------------------------------------------------------------------

CSV_HEADER = (
    "全国地方公共団体コード",
    "地方公共団体名",
    "年度",
    "区分",
    f"{REQUESTS_LABEL}（件）",
    *(f"{label}（件）" for _code, label in OUTCOMES),
    f"{APPEALS_LABEL}（件）",
    *(f"審査請求_{label}（件）" for _code, label in APPEAL_RESULTS),
    "備考",
)


@dataclass(frozen=True)
class CsvRow:
    code: str
    municipality: str
    fiscal_year: int
    category: str
    figures: Figures
    note: str = ""


def csv_bytes(rows: Sequence[CsvRow]) -> bytes:
    """UTF-8 with BOM, one header row, one row per year and category, plain numbers; the
    fiscal year as the Western year it starts in (2019 for 令和元年度)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for r in rows:
        writer.writerow(
            (
                r.code,
                r.municipality,
                r.fiscal_year,
                category_label(r.category),
                *astuple(r.figures),
                register.plain(r.note),
            )
        )
    return out.getvalue().encode("utf-8-sig")
