"""`shingikai search QUERY [--json]` and `shingikai reindex`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from shingikai.search.models import SearchDocument

from .conftest import Searchable

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("search", *args, stdout=out)
    return out.getvalue()


def test_it_prints_results_as_json(searchable: Searchable) -> None:
    data = json.loads(_run("ＵＳＢ", "--json", "--order", "date", "--limit", "3"))
    assert data["query"] == [["USB"]]
    assert data["total"] == sum(data["counts"].values()) > 3
    assert len(data["results"]) == 3
    first = data["results"][0]
    assert set(first) == {"kind", "title", "where", "url", "date", "snippet"}
    assert "<mark>" not in first["snippet"]
    dates = [r["date"] for r in data["results"]]
    assert dates == sorted(dates, reverse=True)


def test_it_searches_as_the_public_or_as_a_user(searchable: Searchable) -> None:
    public = json.loads(_run("秘密 OR ただいまから", "--json", "--public"))
    assert public["counts"] == {"utterance": 1}
    assert public["results"][0]["url"].startswith("/public/meetings/")
    department = json.loads(_run("秘密", "--json", "--user", "tantouka"))
    assert department["total"] == 0
    member = json.loads(_run("秘密", "--json", "--user", "iin", "--type", "utterance"))
    assert member["total"] == 1


def test_it_prints_title_place_and_snippet(searchable: Searchable) -> None:
    out = _run("アクセスログ", "--role", "", "--outcome", "approved_with_conditions")
    assert out.splitlines()[0] == "1件（条件・付帯意見 1）"
    assert "[条件・付帯意見] 諮問第10号 健康推進課の受理済み案件" in out
    assert "    令和4年度第1回 議題1 条件　/meetings/" in out
    assert "アクセスログを毎月点検すること。" in out


def test_it_refuses_a_query_of_exclusions_only(searchable: Searchable) -> None:
    with pytest.raises(CommandError, match="除外する語"):
        _run("--", "-秘密")


def test_it_rebuilds_the_index(searchable: Searchable, capsys: pytest.CaptureFixture[str]) -> None:
    count = SearchDocument.objects.count()
    SearchDocument.objects.all().delete()
    out = StringIO()
    call_command("reindex", "--progress", "always", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == f"検索索引を作り直しました（{count}件の文書）。"
    assert lines[1].startswith("類似案件の特徴を作り直しました（")
    assert "索引: 100%" in capsys.readouterr().err
    assert json.loads(_run("ＵＳＢ", "--json"))["total"] > 0
