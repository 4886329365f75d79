"""The pure core: folding, token streams, the query language, its translation for each
database, and snippets. No database."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shingikai.search import expressions, snippets, tokens
from shingikai.search.query import Query, QueryError, Term, matches, parse
from shingikai.search.tokens import fold

# Each pair must fold to the same string: the variants table of issue 7.
VARIANTS = [
    ("ＵＳＢ", "USB"),
    ("USB", "usb"),
    ("サーバー", "サーバ"),
    ("ｻｰﾊﾞｰ", "サーバ"),
    ("ｶﾅ", "カナ"),
    ("ｶﾞｲﾄﾞﾗｲﾝ", "ガイドライン"),
    ("３ヶ月", "3ケ月"),
    ("外部　委託", "外部委託"),
    ("Ｅ－ｍａｉｌ", "e-mail"),
    ("〜", "～"),
    ("Straße", "STRASSE"),
]


@pytest.mark.parametrize(("a", "b"), VARIANTS)
def test_it_folds_variants_to_one_string(a: str, b: str) -> None:
    assert fold(a) == fold(b)


def test_it_keeps_what_differs() -> None:
    assert fold("外部委託") != fold("外部結合")
    assert fold("かな") != fold("カナ")  # hiragana and katakana stay apart
    assert fold("個人。情報") == "個人。情報"  # punctuation is a character like any other


def test_it_maps_folded_characters_back_to_the_original() -> None:
    folded, starts, ends = tokens.fold_map("ｶﾞ ＵＳＢ")
    assert folded == "ガusb"
    assert (starts[0], ends[0]) == (0, 2)  # ｶﾞ is one letter
    assert (starts[1], ends[3]) == (3, 6)


def _by_clusters(text: str) -> tuple[str, list[int], list[int]]:
    """Folding one cluster (a character and its combining marks) at a time: what `fold` and
    `fold_map` do by translating the text when it has no marks."""
    chars, starts, ends = [], [], []
    for match in tokens._cluster().finditer(text):
        for c in tokens._fold_cluster(match.group()):
            chars.append(c)
            starts.append(match.start())
            ends.append(match.end())
    return "".join(chars), starts, ends


# Characters that fold to nothing, to several characters, combine or change width and case.
TRICKY = "ｶﾞｰﾊﾟ ＵＳＢサーバー㍿ＡＢｃ個人情報\u3099\u309a\u0301e\t\n\u200bﾞﾟ①ﬁẞßİヶ〜－"


@given(st.text(alphabet=st.sampled_from(TRICKY) | st.characters(max_codepoint=0x3000)))
def test_folding_the_whole_text_equals_folding_each_cluster(text: str) -> None:
    folded, starts, ends = tokens.fold_map(text)
    assert (folded, list(starts), list(ends)) == _by_clusters(text)
    assert fold(text) == folded


def test_it_writes_unigrams_and_bigrams_as_hex_tokens() -> None:
    assert tokens.unigrams("外部") == ["5916", "90e8"]
    assert tokens.bigrams("外部委") == ["5916x90e8", "90e8x59d4"]
    assert tokens.term_tokens("個") == ("500b",)
    assert tokens.term_tokens("usb") == ("75x73", "73x62")


def test_it_cuts_long_or_repetitive_text_into_chunks_a_tsvector_can_hold() -> None:
    text = "あ" * 1000 + "外部委託" + "い" * 9000
    bounds = tokens.chunk_bounds(text)
    assert len(bounds) > 2
    for start, end in bounds:
        chunk = text[start:end]
        assert len(chunk) <= tokens.MAX_CHUNK
        assert max(chunk.count(p) for p in ("ああ", "いい")) <= tokens.MAX_REPEAT
    assert any("外部委託" in text[s:e] for s, e in bounds)
    assert tokens.split_text("短い") == ["短い"]


def _terms(query: Query) -> list[list[str]]:
    return [[t.text for t in group] for group in query.groups]


def test_it_ands_words_and_ors_around_upper_case_or() -> None:
    query = parse("外部 委託 USB OR メモリ")
    assert _terms(query) == [["外部"], ["委託"], ["usb", "メモリ"]]
    assert _terms(parse("a or b")) == [["a"], ["or"], ["b"]]  # lower case is a word
    assert _terms(parse("OR a")) == [["or"], ["a"]]  # nothing before: a word
    assert _terms(parse("ＯＲ")) == [["or"]]


def test_it_excludes_minus_words_and_keeps_phrases_whole() -> None:
    query = parse('"外部 委託" -再委託 「個人 情報」')
    assert query.groups == (
        (Term("外部委託", "外部 委託", phrase=True),),
        (Term("個人情報", "個人 情報", phrase=True),),
    )
    assert query.excluded == (Term("再委託", "再委託"),)
    assert _terms(parse("e-mail")) == [["e-mail"]]  # a minus inside a word is a character


def test_it_accepts_one_and_two_character_terms() -> None:
    assert _terms(parse("個 委託 結合")) == [["個"], ["委託"], ["結合"]]


def test_it_refuses_queries_it_cannot_run() -> None:
    with pytest.raises(QueryError):
        parse("-委託")
    with pytest.raises(QueryError):
        parse(" ".join(f"語{i}" for i in range(20)))
    assert parse("").is_empty and parse("ー　").is_empty


def test_it_matches_substrings_of_the_folded_text() -> None:
    doc = fold("外部 委託の内容：ＵＳＢメモリをサーバーへ")
    assert matches(parse('"外部委託" usb サーバ'), doc)
    assert matches(parse("結合 OR 委託"), doc)
    assert not matches(parse("委託 -メモリ"), doc)
    assert not matches(parse('"委託外部"'), doc)


def test_it_writes_the_fts5_expression() -> None:
    query = parse("個 USB OR 外部 -再委託")
    assert expressions.fts5(query) == (
        '((uni : "500b") AND (bi : "75x73 73x62" OR bi : "5916x90e8"))'
        ' NOT (bi : "518dx59d4 59d4x8a17")'
    )


def test_it_writes_the_tsquery() -> None:
    query = parse("個 USB -再委託")
    assert expressions.tsquery(query) == (
        "(('500b')) & (('75x73' <-> '73x62')) & !(('518dx59d4' <-> '59d4x8a17'))"
    )
    assert expressions.tsvector("外部外") == "'5916' '90e8' '5916x90e8':1 '90e8x5916':2"


def test_it_marks_matches_in_an_escaped_snippet() -> None:
    text = "<script>x</script> 対象：ＵＳＢメモリとサーバー"
    snippet = snippets.snippet(text, parse("usb サーバ").highlight_terms())
    assert snippet.html() == (
        "&lt;script&gt;x&lt;/script&gt; 対象：<mark>ＵＳＢ</mark>メモリと<mark>サーバー</mark>"
    )
    assert snippet.plain() == "<script>x</script> 対象：ＵＳＢメモリとサーバー"


def test_it_cuts_the_snippet_around_the_first_match() -> None:
    text = "前置き" * 100 + "外部委託" + "後書き" * 100
    snippet = snippets.snippet(text, ("外部委託",), width=60)
    assert snippet.cut_before and snippet.cut_after
    assert "<mark>外部委託</mark>" in snippet.html()
    assert len(snippet.plain()) == 62
