"""Plain text files: the encoding worked out, each non-empty line a paragraph.

Lines are kept as written (indents, trailing spaces and tabs between cells included): the
structurer's `normalize` functions read those marks.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from shingikai.ingest.records import Paragraph, ReadError

UNDECODABLE = "文字コードを判別できません（UTF-8・Shift_JIS・EUC-JPのいずれでも読めません）。"
BROKEN_UTF8 = "UTF-8として正しくないバイトを含んでいます（ファイルが壊れている可能性があります）。"
BINARY = "テキストとして読めないファイルです（制御文字を含んでいます）。"

_JAPANESE = ["cp932", "euc_jp"]
_UTF16 = ["utf_16_le", "utf_16_be"]
_NAMES = {"utf_16_le": "utf-16", "utf_16_be": "utf-16", "utf_16": "utf-16"}
# Characters no text file holds (C0/C1 controls but line breaks and tabs, surrogates), and
# the private-use area (外字 are rare in real text, frequent in binary read as text).
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_PRIVATE = re.compile(r"[\ue000-\uf8ff]")
_UNUSUAL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff]")
_MOJIBAKE = re.compile(r"[\uff61-\uff9f\ue000-\uf8ff]")
_HIRAGANA = re.compile(r"[\u3041-\u309f]")
_PROSE_SAMPLE = 2048
_CONTROL_SHARE = 0.001
_PRIVATE_SHARE = 0.05
_SJIS_NAMES = frozenset({"shift_jis", "cp932", "shift_jis_2004", "shift_jisx0213"})
# Declared charsets taken at their word (a page declaring Latin-1 is usually wrong).
_JAPANESE_CODECS = frozenset({"cp932", "euc_jp", "euc_jis_2004", "iso2022_jp"})
# Valid UTF-8 characters per bad byte from which undecodable bytes are damaged UTF-8.
_UTF8_VALID_PER_BAD = 2


def lines_of(text: str) -> list[Paragraph]:
    """Each line that holds more than white space, newlines of any convention."""
    return [Paragraph(line) for line in text.splitlines() if line.strip()]


def decode(data: bytes, hint: str | None = None) -> tuple[str, str]:
    """Text and encoding name (utf-8, cp932, euc_jp, utf-16, iso2022_jp).

    UTF-8 (with or without BOM; a character cut off at the end is dropped) is tried first,
    then ``hint`` (an HTML page's declared charset, if Japanese), then CP932 (Shift_JIS)
    and EUC-JP: the one that decodes strictly when only one does and the text reads as
    Japanese prose (`_prose`), else whichever of them, or of UTF-16 when the bytes hold
    NULs, charset-normalizer finds likelier (it costs more than the rest of reading); the
    result must decode strictly and look like text. Raise ReadError otherwise.
    """
    text, encoding = _decode(data, hint)
    if _UNUSUAL.search(text) is None:  # one scan for the usual text that holds neither
        return text, encoding
    if _share(_CONTROLS, text) > _CONTROL_SHARE or _share(_PRIVATE, text) > _PRIVATE_SHARE:
        raise ReadError(BINARY)
    return text, encoding


def _decode(data: bytes, hint: str | None) -> tuple[str, str]:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf_16"), "utf-16"
    if b"\x1b$" in data and _decodes(data, "iso2022_jp"):
        return data.decode("iso2022_jp"), "iso2022_jp"
    if (utf8 := _utf8(data)) is not None:
        return utf8, "utf-8"
    declared = _codec(hint)
    if declared in _JAPANESE_CODECS and _decodes(data, declared):
        return data.decode(declared), declared
    nul = b"\x00" in data
    # Before the damaged-UTF-8 test, which costs more: UTF-8 read as CP932 or EUC-JP is
    # never prose (half-width katakana, few hiragana).
    if not nul and (only := _only_decoding(data, _JAPANESE)) is not None:
        return only
    if _damaged_utf8(data):
        raise ReadError(BROKEN_UTF8)
    candidates = _UTF16 if nul else _JAPANESE
    best = charset_normalizer.from_bytes(data, cp_isolation=candidates).best()
    if best is None or not _decodes(data, best.encoding):
        raise ReadError(UNDECODABLE)
    return data.decode(best.encoding), _NAMES.get(best.encoding, best.encoding)


def _utf8(data: bytes) -> str | None:
    """The text if the bytes are UTF-8 (BOM or not), a character cut off at the end aside."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        cut = exc.reason == "unexpected end of data" and exc.start >= len(data) - 3
        return data[: exc.start].decode("utf-8-sig") if cut else None


def _only_decoding(data: bytes, encodings: list[str]) -> tuple[str, str] | None:
    """Text and encoding when exactly one of ``encodings`` decodes the bytes strictly and
    the text reads as Japanese prose; None leaves the choice to charset-normalizer."""
    found: list[tuple[str, str]] = []
    for encoding in encodings:
        try:
            found.append((data.decode(encoding), encoding))
        except UnicodeDecodeError:
            continue
    return found[0] if len(found) == 1 and _prose(found[0][0]) else None


def _prose(text: str) -> bool:
    """Whether text looks like Japanese written in its own encoding, judged on its first
    characters (mis-decoding shows from the start): hiragana make at least a fifth of those
    beyond ASCII, and none is a half-width katakana or a user-defined character (what
    EUC-JP, UTF-8 or damaged bytes read as CP932 turn into)."""
    sample = text[:_PROSE_SAMPLE]
    if _MOJIBAKE.search(sample) is not None:
        return False
    wide = len(sample) - len(sample.encode("ascii", errors="ignore"))
    return wide > 0 and len(_HIRAGANA.findall(sample)) * 5 >= wide


def _codec(name: str | None) -> str | None:
    """Python's name for a declared charset, Shift_JIS read as its superset CP932."""
    try:
        codec = codecs.lookup(name).name if name else None
    except LookupError:
        return None
    return "cp932" if codec in _SJIS_NAMES else codec


def _strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise ReadError(UNDECODABLE) from None


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True


def _damaged_utf8(data: bytes) -> bool:
    """Whether the bytes are UTF-8 with a few bad bytes (damage), not another encoding.

    Shift_JIS or EUC-JP read as UTF-8 give about one valid multibyte character for three
    bad bytes; damaged UTF-8 gives many valid characters for each bad one.
    """
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if not bad:
        return False
    # Characters beyond ASCII, counted in C: the length less that of the ASCII ones.
    valid = len(text) - len(text.encode("ascii", errors="ignore")) - bad
    return valid >= _UTF8_VALID_PER_BAD * bad


def _share(pattern: re.Pattern[str], text: str) -> float:
    """Share of the characters of ``text`` that ``pattern`` matches."""
    if not text:
        return 0.0
    return len(pattern.findall(text)) / len(text)
