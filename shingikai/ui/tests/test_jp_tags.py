"""The Japanese display filters, as templates use them (they are builtins: no {% load %})."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template

UTC = dt.UTC
JST = dt.timezone(dt.timedelta(hours=9))


def render(source: str, **context: object) -> str:
    return Template(source).render(Context(context))


def test_it_writes_a_date_in_the_japanese_era_with_its_weekday() -> None:
    assert render("{{ d|wareki_date }}", d=dt.date(2022, 12, 27)) == "令和4年12月27日（火）"


def test_it_leaves_out_the_weekday_when_asked() -> None:
    assert render('{{ d|wareki_date:"short" }}', d=dt.date(2022, 12, 27)) == "令和4年12月27日"


def test_it_writes_the_first_year_of_an_era_as_gannen() -> None:
    assert render("{{ d|wareki_date }}", d=dt.date(2019, 5, 1)) == "令和元年5月1日（水）"


def test_it_dates_an_aware_datetime_in_japan_time() -> None:
    # 15:30 UTC on the 26th is 00:30 on the 27th in Tokyo.
    late_utc = dt.datetime(2022, 12, 26, 15, 30, tzinfo=UTC)
    early_utc = dt.datetime(2022, 12, 26, 14, 59, tzinfo=UTC)

    assert render("{{ d|wareki_date }}", d=late_utc) == "令和4年12月27日（火）"
    assert render("{{ d|wareki_date }}", d=early_utc) == "令和4年12月26日（月）"


def test_it_dates_a_naive_datetime_as_it_stands() -> None:
    naive = dt.datetime(2022, 12, 26, 23, 59)

    assert render('{{ d|wareki_date:"short" }}', d=naive) == "令和4年12月26日"


def test_it_writes_a_datetime_in_japan_time() -> None:
    aware = dt.datetime(2022, 12, 27, 5, 0, tzinfo=UTC)  # 14:00 in Tokyo

    assert render("{{ d|wareki_datetime }}", d=aware) == "令和4年12月27日（火）午後2時00分"


def test_it_writes_a_datetime_across_midnight_in_japan_time() -> None:
    aware = dt.datetime(2023, 3, 31, 15, 5, tzinfo=UTC)  # 00:05 on 1 April in Tokyo

    assert render("{{ d|wareki_datetime }}", d=aware) == "令和5年4月1日（土）午前0時05分"


def test_it_keeps_a_datetime_given_in_japan_time() -> None:
    aware = dt.datetime(2022, 11, 17, 14, 41, tzinfo=JST)

    assert render("{{ d|wareki_datetime }}", d=aware) == "令和4年11月17日（木）午後2時41分"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (dt.time(14, 0), "午後2時00分"),
        (dt.time(9, 5), "午前9時05分"),
        (dt.time(12, 30), "午後0時30分"),
        (dt.time(0, 0), "午前0時00分"),
    ],
)
def test_it_writes_a_time_in_twelve_hour_style(value: dt.time, text: str) -> None:
    assert render("{{ t|jtime }}", t=value) == text


def test_it_names_a_fiscal_year_in_the_japanese_era() -> None:
    assert render("{{ fy|fiscal_year }}", fy=2022) == "令和4年度"
    assert render("{{ fy|fiscal_year }}", fy=2019) == "令和元年度"
    assert render("{{ fy|fiscal_year }}", fy="2018") == "平成30年度"


@pytest.mark.parametrize("value", [None, ""])
@pytest.mark.parametrize(
    "source",
    [
        "{{ v|wareki_date }}",
        '{{ v|wareki_date:"short" }}',
        "{{ v|wareki_datetime }}",
        "{{ v|jtime }}",
        "{{ v|fiscal_year }}",
    ],
)
def test_it_renders_an_empty_value_as_nothing(source: str, value: object) -> None:
    assert render(f"[{source}]", v=value) == "[]"


@pytest.mark.parametrize(
    "source",
    ["{{ v|wareki_date }}", "{{ v|wareki_datetime }}", "{{ v|jtime }}", "{{ v|fiscal_year }}"],
)
def test_it_renders_a_missing_variable_as_nothing(source: str) -> None:
    assert render(f"[{source}]") == "[]"


def test_it_lets_default_fill_in_an_empty_value() -> None:
    assert render('{{ v|wareki_datetime|default:"—" }}', v=None) == "—"
