"""The pure core of precedents: content words, profiles from a dossier, the measures, the
weighted mean, ranking and the reasons shown. No database."""

from __future__ import annotations

import datetime as dt

import pytest

from shingikai.dossiers.structure import dossier as d
from shingikai.search import precedents, words
from shingikai.search.precedents import Corpus, Profile

CATALOGUE = {"氏名": "basic", "住所": "basic", "病歴": "sensitive", "個人番号": "my_number"}


def _dossier(**changes: object) -> d.Dossier:
    base = d.Dossier(
        council="テスト区審議会",
        municipality="テスト区",
        kind="consultation",
        title="健康診査の受診票のデータ入力業務の外部委託について",
        department_name="健康推進課",
        consulted_on=dt.date(2022, 6, 1),
        summary="受診票を委託先に渡してデータ入力する。",
        parties=(
            d.Party(key="ward", name="健康推進課", kind="ward_division"),
            d.Party(key="contractor", name="株式会社ＪＴＢ", kind="contractor"),
            d.Party(key="later", name="未定", kind="contractor", undecided=True),
            d.Party(key="sub", name="（名称は会議録に記載なし）", kind="subcontractor"),
        ),
        handlings=(
            d.Handling(
                type="outsourcing",
                party="contractor",
                fields={"content": "受診票のデータ入力", "count": 1200, "place_shared": False},
                items=(d.Item(name="氏名"), d.Item(name="病歴"), d.Item(name="受診券番号")),
            ),
            d.Handling(type="external_connection", fields={"line_type": "lgwan"}),
        ),
        flow=(
            d.FlowStep(number=1, source="ward", target="contractor", channel="electronic_media"),
            d.FlowStep(number=2, source="contractor", target="ward", channel="in_system"),
            d.FlowStep(number=3, source="ward", target="ward", items=("住所",)),
        ),
    )
    return d.Dossier(**{**base.__dict__, **changes})


# -- words --------------------------------------------------------------------------------------


def test_it_keeps_content_words_in_their_normalised_form() -> None:
    found = list(words.content_words("ＵＳＢメモリは使いません。サーバーをLGWANで結ぶ。"))
    assert found == ["USB", "メモリ", "使う", "サーバー", "lgwan", "結ぶ"]
    assert words.count(["サーバを使う", "サーバーを使った"]) == {"サーバー": 2, "使う": 2}


def test_it_leaves_out_particles_numbers_counters_and_formal_nouns() -> None:
    found = set(words.content_words("令和5年1月に3件のことを行うため、等の旨を記載する。"))
    assert found.isdisjoint({"に", "の", "を", "3", "件", "年", "月", "事", "為", "行う", "記載"})


def test_it_reads_texts_longer_than_sudachi_accepts_at_once() -> None:
    text = "個人情報を委託先で保管する。" * 5000  # 70,000 characters, over 49,149 bytes
    assert words.count([text])["保管"] == 5000
    assert all(len(piece) <= words.PIECE for piece in words.pieces(text))
    assert "".join(words.pieces("あ" * 9000)) == "あ" * 9000  # no break: cut at the limit


def test_it_keeps_only_the_most_frequent_words_when_asked() -> None:
    counted = words.count(["委託 委託 委託 保管 保管 削除"], limit=2)
    assert counted == {"委託": 3, "保管": 2}


# -- profiles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("株式会社ＪＴＢ", "JTB"),
        ("株式会社JTB", "㈱ JTB"),
        ("国民健康保険団体連合会（都道府県ごとの国保連合会）", "国民健康保険団体連合会"),
        ("社会福祉法人 世田谷区社会福祉事業団", "世田谷区社会福祉事業団"),
    ],
)
def test_it_compares_contractors_by_name_without_form_width_or_brackets(a: str, b: str) -> None:
    assert precedents.contractor_key(a) == precedents.contractor_key(b) != ""


def test_it_does_not_take_placeholders_for_contractor_names() -> None:
    assert precedents.contractor_key("未定") == ""
    assert precedents.contractor_key("受託事業者（名称は会議録に記載なし）") == ""
    assert precedents.contractor_key("株式会社ファミワン") != precedents.contractor_key("JTB")


def test_a_case_profile_has_its_handlings_categories_channels_parties_and_contractors() -> None:
    profile = precedents.profile_of_dossier("case:1", _dossier(), CATALOGUE)
    assert profile.handling_types == {"outsourcing", "external_connection"}
    assert profile.categories == {"basic", "sensitive"}  # 受診券番号 is not in the catalogue
    assert profile.channels == {"electronic_media", "lgwan"}  # in_system says nothing
    assert profile.party_kinds == {"ward_division", "contractor", "subcontractor"}
    assert profile.contractors == ("株式会社ＪＴＢ",)  # not 未定, not 記載なし
    assert {"受診", "データ", "入力", "委託"} <= set(profile.terms)
    assert profile.has_dossier


def test_an_agenda_item_profile_has_the_title_s_handling_types_and_its_words() -> None:
    profile = precedents.profile_of_item(
        "item:3", ["outsourcing"], ["外部委託について", "USBメモリは暗号化するのか。"]
    )
    assert profile.handling_types == {"outsourcing"}
    assert profile.categories == frozenset() and not profile.has_dossier
    assert {"外部", "委託", "USB", "暗号化"} <= set(profile.terms)


def test_the_digest_changes_with_the_content() -> None:
    a = Profile("case:1", frozenset({"outsourcing"}), terms={"委託": 2})
    assert a.digest() == Profile("case:1", frozenset({"outsourcing"}), terms={"委託": 2}).digest()
    assert a.digest() != Profile("case:1", frozenset({"outsourcing"}), terms={"委託": 3}).digest()
    assert a.digest() != Profile("case:2", frozenset({"outsourcing"}), terms={"委託": 2}).digest()
    assert 0 <= a.digest() < 2**31


# -- measures and the weighted mean -------------------------------------------------------------


def test_the_measures() -> None:
    assert precedents.jaccard({"a", "b"}, {"b", "c"}) == pytest.approx(1 / 3)
    assert precedents.jaccard(set(), set()) == 0.0
    assert precedents.coverage({"a", "b"}, {"b", "c", "d"}) == 0.5
    assert precedents.coverage(set(), {"a"}) == 0.0
    assert sum(precedents.WEIGHTS.values()) == pytest.approx(1.0)


def test_it_leaves_out_features_the_query_case_does_not_have() -> None:
    query = Profile("case:1", frozenset({"outsourcing"}), categories=frozenset({"basic"}))
    candidate = Profile("case:2", frozenset({"outsourcing"}), categories=frozenset({"basic"}))
    parts = {"handling": 1.0, "categories": 1.0}
    # No text, channels, contractors or parties on the query: handling and categories only.
    assert precedents.combine(query, candidate, parts) == pytest.approx(1.0)


def test_an_item_without_a_dossier_is_scored_on_what_is_known_and_counts_for_less() -> None:
    query = Profile(
        "case:1",
        frozenset({"outsourcing"}),
        categories=frozenset({"basic"}),
        terms={"委託": 1},
    )
    item = Profile("item:1", frozenset({"outsourcing"}), terms={"委託": 1}, has_dossier=False)
    parts = {"handling": 1.0, "text": 1.0, "categories": 0.0}
    assert precedents.combine(query, item, parts) == pytest.approx(precedents.WITHOUT_DOSSIER)


# -- ranking ------------------------------------------------------------------------------------


def _profiles() -> dict[str, Profile]:
    query = precedents.profile_of_dossier("case:1", _dossier(), CATALOGUE)
    twin = precedents.profile_of_dossier("case:2", _dossier(), CATALOGUE)
    other_type = precedents.profile_of_dossier(
        "case:3",
        _dossier(
            handlings=(d.Handling(type="use_beyond_purpose", items=(d.Item(name="個人番号"),)),),
            flow=(),
            parties=(),
            summary="住民票の写しを目的外に利用する。",
            title="住民記録の目的外利用について",
        ),
        CATALOGUE,
    )
    same_type = precedents.profile_of_dossier(
        "case:4",
        _dossier(
            title="がん検診の結果通知の外部委託について",
            summary="検診結果を委託先が印刷して郵送する。",
            flow=(),
        ),
        CATALOGUE,
    )
    minutes = precedents.profile_of_item(
        "item:9", ["outsourcing"], ["健康診査の受診票の外部委託について", "受診票のデータ入力"]
    )
    return {p.key: p for p in (query, twin, other_type, same_type, minutes)}


def test_it_ranks_the_twin_first_and_another_handling_type_last() -> None:
    profiles = _profiles()
    corpus = Corpus(profiles.values())
    ranked = corpus.rank(profiles["case:1"], exclude={"case:1"})
    keys = [s.key for s in ranked]
    assert "case:1" not in keys
    assert keys[0] == "case:2"
    assert ranked[0].score == pytest.approx(1.0)
    assert keys[-1] == "case:3"
    assert ranked[0].parts["handling"] == 1.0 and ranked[-1].parts["handling"] == 0.0
    assert [s.score for s in ranked] == sorted((s.score for s in ranked), reverse=True)


def test_the_text_score_is_a_cosine() -> None:
    profiles = _profiles()
    corpus = Corpus(profiles.values())
    scores = corpus.text_scores(profiles["case:1"].terms)
    position = corpus.positions
    assert scores[position["case:2"]] == pytest.approx(1.0)
    assert 0.0 < scores[position["item:9"]] < 1.0
    assert scores[position["case:4"]] < scores[position["item:9"]]


def test_it_explains_what_a_precedent_shares() -> None:
    profiles = _profiles()
    corpus = Corpus(profiles.values())
    reasons = precedents.explain(profiles["case:1"], profiles["case:2"], corpus)
    lines = dict(reasons.lines())
    assert lines["同じ取扱い"] == "外部委託、外部結合"
    assert lines["共通の項目区分"] == "基本情報、要配慮個人情報"
    assert lines["共通の経路・媒体"] == "LGWAN、電子記録媒体（USB等）"
    assert lines["同じ委託先"] == "株式会社ＪＴＢ"
    assert lines["共通の関係者"] == "委託先、再委託先"  # 区（担当課等） explains nothing
    assert "「受診」" in lines["共通の語"]
    unrelated = precedents.explain(profiles["case:1"], profiles["case:3"], corpus)
    assert "同じ取扱い" not in dict(unrelated.lines())


def test_it_shows_latin_words_in_capitals() -> None:
    assert precedents.display_word("lgwan") == "LGWAN"
    assert precedents.display_word("委託") == "委託"
