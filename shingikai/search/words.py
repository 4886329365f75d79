"""Content words of Japanese text, for comparing cases (precedents). Pure Python: no Django.

SudachiPy (with the core dictionary) splits the text in mode B, the middle unit (支給対象者
→ 支給・対象者, so two texts share words a compound would hide). Each word is counted by
its normalised form, the dictionary's spelling (サーバ = サーバー, 為る for し, LGWAN =
lgwan, ＵＳＢ = USB). Only content words count: nouns (numbers, counters, pronouns and formal
nouns such as こと, もの, ため left out), verbs, adjectives and adjectival nouns; particles,
auxiliaries, symbols and a short list of words every case uses (`STOP`) carry no topic.

The dictionary is memory-mapped and loaded once per process, on first use (about 0.1 s; its
pages are shared between the worker processes of one machine). A tokenizer may not be used
by two threads at once, so each thread makes its own from the shared dictionary.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

# SudachiPy refuses inputs over 49,149 bytes; 4,000 characters are at most 16,000 bytes.
PIECE = 4000

# Parts of speech (the first two levels) whose words carry the topic of a text.
CONTENT = {
    ("名詞", "普通名詞"),
    ("名詞", "固有名詞"),
    ("動詞", "一般"),
    ("形容詞", "一般"),
    ("形状詞", "一般"),
}
# Counter nouns (件, 年, 回 …) are left out with the numbers they follow.
COUNTERS = "助数詞可能"
# Frequent words (normalised forms) that say nothing about what a case is about.
STOP = frozenset(
    {
        "事",
        "物",
        "為",
        "様",
        "時",
        "所",
        "方",
        "場合",
        "上",
        "中",
        "際",
        "以下",
        "以上",
        "内",
        "後",
        "前",
        "他",
        "旨",
        "点",
        "者",
        "人",
        "日",
        "円",
        "令和",
        "平成",
        "年度",
        "有る",
        "居る",
        "成る",
        "出来る",
        "言う",
        "思う",
        "行う",
        "於く",
        "関する",
        "係る",
        "対する",
        "伴う",
        "依る",
        "因る",
        "通す",
        "見る",
        "記載",
        "お願い",
        "説明",
        "質問",
        "回答",
        "確認",
        "御",
        "委員",
        "会長",
        "事務局",
        "課長",
        "部長",
        "以外",
    }
)
_TRIVIAL = re.compile(r"[\W\d_ぁ-ゖー]{1,2}|[\W\d_]+")


@cache
def _dictionary() -> Any:
    """The SudachiPy core dictionary (imported here so that importing this module is cheap)."""
    from sudachipy import Dictionary

    return Dictionary(dict="core")


_local = threading.local()


def _tokenizer() -> Any:
    """This thread's tokenizer (mode B, only the fields read here loaded)."""
    tokenizer = getattr(_local, "tokenizer", None)
    if tokenizer is None:
        from sudachipy import SplitMode

        tokenizer = _dictionary().tokenizer(mode=SplitMode.B, fields={"pos", "normalized_form"})
        _local.tokenizer = tokenizer
    return tokenizer


_BREAK = re.compile(r"[。．.！？!?\s、，,]")


def pieces(text: str) -> Iterator[str]:
    """`text` in pieces SudachiPy accepts: its lines, a line longer than `PIECE` characters
    cut after the last sentence end, comma or space within the limit (mid-word only if
    there is none)."""
    for line in text.splitlines():
        while line:
            piece = line
            if len(line) > PIECE:
                breaks = [m.end() for m in _BREAK.finditer(line, 0, PIECE)]
                piece = line[: breaks[-1] if breaks else PIECE]
            line = line[len(piece) :]
            if piece.strip():
                yield piece.strip()


def content_words(text: str) -> Iterator[str]:
    """The content words of `text`, normalised, in order (repeats kept)."""
    if not text.strip():
        return
    tokenizer = _tokenizer()
    dictionary = _dictionary()
    content = _content_pos_ids(dictionary)
    for piece in pieces(text):
        for morpheme in tokenizer.tokenize(piece):
            if morpheme.part_of_speech_id() not in content:
                continue
            word = morpheme.normalized_form()
            if word in STOP or _TRIVIAL.fullmatch(word):
                continue
            yield word


@cache
def _content_pos_ids(dictionary: Any) -> frozenset[int]:
    """Ids of the content parts of speech (the dictionary numbers every POS it knows)."""
    ids = set()
    pos_id = 0
    while True:
        pos = dictionary.pos_of(pos_id)
        if pos is None:
            break
        if (pos[0], pos[1]) in CONTENT and pos[2] != COUNTERS:
            ids.add(pos_id)
        pos_id += 1
    return frozenset(ids)


def count(texts: Iterable[str], limit: int | None = None) -> dict[str, int]:
    """Content words of `texts` with how often each occurs; with `limit`, only the most
    frequent ones (ties: first seen first)."""
    counter: Counter[str] = Counter()
    for text in texts:
        counter.update(content_words(text))
    return dict(counter.most_common(limit))
