"""Field-by-field comparison of two versions of a dossier (submitted revisions, or a revision
and the current draft), labelled in Japanese for the people who compare them.

Works on the case-file dicts (`Dossier.to_dict()` after a JSON round trip), so stored
revisions from any version of the code compare alike. Pure Python: no Django.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shingikai.dossiers.structure import schema
from shingikai.lib import glossary

HEADER = (
    ("kind", "種別"),
    ("consulted_on", "諮問・報告日"),
    ("title", "件名"),
    ("subtitle", "事業名"),
    ("business", "登録業務の名称"),
    ("summary", "概要"),
)
PARTY = (
    ("name", "名称"),
    ("kind", "種別"),
    ("undecided", "未定"),
    ("selection_method", "選定方法"),
    ("certifications", "認証"),
    ("parent", "再委託元"),
    ("prior_approval_required", "再委託の事前承認"),
    ("location", "所在・取扱場所"),
    ("note", "備考"),
)
STEP = (
    ("from", "送信元"),
    ("to", "送信先"),
    ("action", "内容"),
    ("items", "項目"),
    ("channel", "経路・媒体"),
    ("encrypted", "暗号化"),
    ("kept", "保管"),
    ("retention", "保管期間"),
    ("disposal", "削除・返却"),
)


@dataclass(frozen=True)
class Change:
    """One difference: where (in Japanese), what it was, what it is ("" for absent)."""

    section: str
    field: str
    old: str
    new: str

    @property
    def kind(self) -> str:
        if not self.old:
            return "added"
        if not self.new:
            return "removed"
        return "changed"


def _text(value: Any) -> str:
    if value is None or value == [] or value == {}:
        return ""
    if isinstance(value, bool):
        return "はい" if value else "いいえ"
    if isinstance(value, list):
        return "、".join(_text(v) for v in value)
    if isinstance(value, dict):
        # Sorted: stored snapshots (PostgreSQL jsonb) do not keep the order keys came in.
        return "、".join(f"{k}: {_text(v)}" for k, v in sorted(value.items()) if _text(v))
    return str(value)


def _compare(
    section: str, pairs: tuple[tuple[str, str], ...], old: dict[str, Any], new: dict[str, Any]
) -> list[Change]:
    changes = []
    for key, label in pairs:
        before, after = _text(old.get(key)), _text(new.get(key))
        if before != after:
            changes.append(Change(section, label, before, after))
    return changes


def _keyed(rows: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {row.get(key): row for row in rows}


def _parties(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    a, b = _keyed(old.get("parties", []), "key"), _keyed(new.get("parties", []), "key")
    changes = []
    for key in [*a, *(k for k in b if k not in a)]:
        name = (b.get(key) or a.get(key) or {}).get("name", key)
        section = f"関係者「{name}」"
        if key not in b:
            changes.append(Change(section, "関係者", name, ""))
        elif key not in a:
            changes.append(Change(section, "関係者", "", name))
        else:
            changes += _compare(section, PARTY, a[key], b[key])
    return changes


def _items(handling: dict[str, Any]) -> dict[str, str]:
    """Item → where it comes from (and its necessity), for set comparison."""
    result = {}
    for item in handling.get("items", []):
        source = glossary.label(glossary.ITEM_SOURCES, item.get("source")) or "項目"
        note = f"（{item['necessity']}）" if item.get("necessity") else ""
        result[f"{source}：{item.get('name', '')}"] = note
    return result


def _handling(section: str, a: dict[str, Any], b: dict[str, Any]) -> list[Change]:
    spec = schema.SPECS.get(b.get("type", ""))
    labels = (
        tuple((f.name, f"{f.number} {f.label}".strip()) for f in spec.all_fields) if spec else ()
    )
    changes = _compare(
        section,
        (("type", "取扱い"), ("title", "見出し"), ("legal_basis", "根拠条文"), ("party", "相手方")),
        a,
        b,
    )
    changes += _compare(section, labels, a.get("fields", {}), b.get("fields", {}))
    before, after = _items(a), _items(b)
    for item in [*before, *(i for i in after if i not in before)]:
        if item not in after:
            changes.append(Change(section, "個人情報の項目", item, ""))
        elif item not in before:
            changes.append(Change(section, "個人情報の項目", "", item))
        elif before[item] != after[item]:
            changes.append(Change(section, f"{item} の必要性", before[item], after[item]))
    return changes


def _handlings(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    a, b = old.get("handlings", []), new.get("handlings", [])
    changes = []
    for i in range(max(len(a), len(b))):
        row = b[i] if i < len(b) else a[i]
        section = f"第{i + 1} {glossary.label(glossary.HANDLING_TYPES, row.get('type'))}"
        if i >= len(b):
            changes.append(Change(section, "取扱い", section, ""))
        elif i >= len(a):
            changes.append(Change(section, "取扱い", "", section))
        else:
            changes += _handling(section, a[i], b[i])
    return changes


def _flow(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    a, b = _keyed(old.get("flow", []), "number"), _keyed(new.get("flow", []), "number")
    changes = []
    for number in sorted({*a, *b}, key=lambda n: (n is None, n)):
        section = f"個人情報の流れ {number}"
        if number not in b:
            changes.append(Change(section, "手順", _text(a[number].get("action")) or "あり", ""))
        elif number not in a:
            changes.append(Change(section, "手順", "", _text(b[number].get("action")) or "あり"))
        else:
            changes += _compare(section, STEP, a[number], b[number])
    return changes


def _safeguards(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    def entries(d: dict[str, Any]) -> list[str]:
        return [
            f"{glossary.label(glossary.SAFEGUARD_KINDS, s.get('kind'))}：{s.get('text', '')}"
            for s in d.get("safeguards", [])
        ]

    a, b = entries(old), entries(new)
    return [Change("安全管理措置", "措置", s, "") for s in a if s not in b] + [
        Change("安全管理措置", "措置", "", s) for s in b if s not in a
    ]


def _department(data: dict[str, Any]) -> str:
    department = data.get("department") or {}
    return f"{department.get('division', '')}{department.get('name', '')}"


def compare(old: dict[str, Any], new: dict[str, Any]) -> list[Change]:
    """Every difference between two case-file dicts, in document order."""
    header_old = {**old, "department": _department(old)}
    header_new = {**new, "department": _department(new)}
    return (
        _compare("基本情報", (*HEADER, ("department", "担当課")), header_old, header_new)
        + _handlings(old, new)
        + _parties(old, new)
        + _flow(old, new)
        + _safeguards(old, new)
    )
