"""The case file (docs/case-file.md): YAML or JSON text ⇄ Dossier, with every problem
reported by its path in the file, so a department can fix them all in one go.

Paths count from 1, as people do: `handlings[2].fields.count` is the second handling.
Pure Python: no Django.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from shingikai.dossiers.structure import schema, values
from shingikai.dossiers.structure.dossier import (
    FORMAT,
    Certification,
    Dossier,
    FlowStep,
    Handling,
    Item,
    Party,
    Safeguard,
)
from shingikai.lib import glossary, textnorm

_KEY = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")
MAX_BYTES = 2 * 1024 * 1024
# libyaml's safe loader when PyYAML has it: fast, and it refuses nesting past 1000 levels at
# once, where the pure-Python scanner spends seconds on a line of 「[[[[…」.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# What the database keeps (dossiers.models; a test holds them equal): the longest text of
# each field, the largest numbers, and the most entries in a list (their `order` is a small
# integer). A file beyond them is refused with the path, rather than failing on save.
TEXT_LIMITS: dict[str, dict[str, int]] = {
    "": {"title": 300, "subtitle": 200, "business": 120},
    "parties": {"name": 200, "selection_method": 200, "location": 200, "note": 300},
    "handlings": {"title": 200, "legal_basis": 120},
    "items": {"name": 80, "necessity": 300},
    "flow": {"action": 200, "kept": 200, "retention": 100, "disposal": 200},
}
MAX_CASE_NUMBER = 2_147_483_647  # PositiveIntegerField
MAX_SMALL = 32_767  # PositiveSmallIntegerField: fiscal year, flow step number
MAX_ENTRIES = 1000
UNREADABLE_VALUE = "YAML/JSONとして読めません（存在しない日付など、読み取れない値があります）。"


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CaseFileError(Exception):
    """The file cannot become a Dossier; `problems` lists why."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    def __reduce__(self) -> tuple[type[CaseFileError], tuple[list[Problem]]]:
        # Pickled with its problems (it comes back from a parse in a child process).
        return (type(self), (self.problems,))


def load_text(text: str) -> Any:
    """Parse YAML (JSON is YAML too); a syntax error is one Problem with its line."""
    try:
        return yaml.load(text, Loader=_LOADER)  # noqa: S506 - a safe loader
    except RecursionError:  # PyYAML composes nested collections recursively
        raise CaseFileError([Problem("", "入れ子が深すぎるため読めません。")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}行目" if mark is not None else ""
        raise CaseFileError([Problem(where, "YAML/JSONとして読めません。")]) from exc
    except Exception:  # PyYAML builds values itself: 2027-04-00, !!timestamp x, !!bool x …
        raise CaseFileError([Problem("", UNREADABLE_VALUE)]) from None


def load_bytes(data: bytes) -> Any:
    if len(data) > MAX_BYTES:
        raise CaseFileError([Problem("", "ファイルが大きすぎます（2MBまで）。")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CaseFileError([Problem("", "UTF-8の文字コードで保存してください。")]) from exc
    return load_text(text)


def dump(dossier: Dossier) -> str:
    """YAML with Japanese written as is (never escaped)."""
    return yaml.safe_dump(
        dossier.to_dict(), allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )


def dump_json(dossier: Dossier) -> str:
    return json.dumps(dossier.to_dict(), ensure_ascii=False, indent=2, default=values.encode)


@dataclass
class _Reader:
    """Walks the file's data, converting values and collecting problems."""

    problems: list[Problem] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, data: Any, path: str) -> Mapping[str, Any]:
        if data is None:
            return {}
        if not isinstance(data, Mapping):
            self.add(path, "項目の組（キー: 値）で書いてください。")
            return {}
        return data

    def sequence(self, data: Any, path: str) -> list[Any]:
        if data is None:
            return []
        if not isinstance(data, list):
            self.add(path, "一覧（- で始まる行）で書いてください。")
            return []
        return data

    def text(self, data: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> str:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.add(f"{path}.{key}" if path else key, "必須です。")
            return ""
        if isinstance(value, (dict, list)):
            self.add(f"{path}.{key}" if path else key, "文字列で書いてください。")
            return ""
        return str(value).strip()

    def convert(self, where: str, spec: schema.FieldSpec, value: Any) -> Any:
        try:
            return values.coerce(spec, value)
        except values.ValueProblem as exc:
            self.add(where, str(exc))
            return None

    def code(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        vocabulary: glossary.Vocabulary,
        *,
        required: bool = False,
    ) -> str:
        spec = schema.FieldSpec(key, key, schema.CHOICE, choices=vocabulary)
        found = len(self.problems)
        value = self.convert(f"{path}.{key}" if path else key, spec, data.get(key))
        if value is None and required and len(self.problems) == found:  # missing or blank
            self.add(f"{path}.{key}" if path else key, "必須です。")
        return value or ""

    def optional(self, data: Mapping[str, Any], key: str, path: str, kind: str) -> Any:
        where = f"{path}.{key}" if path else key
        return self.convert(where, schema.FieldSpec(key, key, kind), data.get(key))

    def unknown_keys(self, data: Mapping[str, Any], allowed: set[str], path: str) -> None:
        for key in data:
            if key not in allowed:
                self.add(f"{path}.{key}" if path else str(key), "この項目名は使えません。")


_TOP_KEYS = {
    "format",
    "council",
    "municipality",
    "kind",
    "number",
    "fiscal_year",
    "consulted_on",
    "title",
    "subtitle",
    "business",
    "department",
    "summary",
    "parties",
    "handlings",
    "flow",
    "safeguards",
    "attachments",
}
_PARTY_KEYS = {
    "key",
    "name",
    "kind",
    "undecided",
    "selection_method",
    "certifications",
    "parent",
    "prior_approval_required",
    "location",
    "note",
}
_HANDLING_KEYS = {"type", "title", "legal_basis", "party", "fields", "items"}
_ITEM_KEYS = {"name", "source", "necessity", "free_text"}
_STEP_KEYS = {
    "number",
    "from",
    "to",
    "action",
    "items",
    "channel",
    "encrypted",
    "kept",
    "retention",
    "disposal",
}
_SAFEGUARD_KEYS = {"kind", "clause", "text", "target"}


def _party(r: _Reader, data: Mapping[str, Any], path: str) -> Party:
    r.unknown_keys(data, _PARTY_KEYS, path)
    key = r.text(data, "key", path, required=True)
    if key and not _KEY.match(key):
        r.add(f"{path}.key", "英数字・-・_ の40文字以内で書いてください。")
    undecided = bool(r.optional(data, "undecided", path, schema.BOOL))
    certs = []
    for j, cert in enumerate(r.sequence(data.get("certifications"), f"{path}.certifications"), 1):
        cpath = f"{path}.certifications[{j}]"
        cert = r.mapping(cert, cpath)
        r.unknown_keys(cert, {"type", "number", "expires_on"}, cpath)
        certs.append(
            Certification(
                type=r.code(cert, "type", cpath, glossary.CERTIFICATIONS, required=True),
                number=r.text(cert, "number", cpath),
                expires_on=r.optional(cert, "expires_on", cpath, schema.DATE),
            )
        )
    return Party(
        key=key,
        name=r.text(data, "name", path, required=not undecided) or ("未定" if undecided else ""),
        kind=r.code(data, "kind", path, glossary.PARTY_KINDS, required=True),
        undecided=undecided,
        selection_method=r.text(data, "selection_method", path),
        certifications=tuple(certs),
        parent=r.text(data, "parent", path),
        prior_approval_required=r.optional(data, "prior_approval_required", path, schema.BOOL),
        location=r.text(data, "location", path),
        note=r.text(data, "note", path),
    )


def _handling(r: _Reader, data: Mapping[str, Any], path: str) -> Handling:
    r.unknown_keys(data, _HANDLING_KEYS, path)
    h_type = r.code(data, "type", path, glossary.HANDLING_TYPES, required=True)
    spec = schema.SPECS.get(h_type)
    fields: dict[str, Any] = {}
    raw_fields = r.mapping(data.get("fields"), f"{path}.fields")
    if spec is not None:
        known = {f.name: f for f in spec.all_fields}
        for name, raw in raw_fields.items():
            if name not in known:
                r.add(f"{path}.fields.{name}", f"{spec.label}の項目にありません。")
                continue
            value = r.convert(f"{path}.fields.{name}", known[name], raw)
            if value is not None:
                fields[name] = value
    items = []
    for j, item in enumerate(r.sequence(data.get("items"), f"{path}.items"), 1):
        ipath = f"{path}.items[{j}]"
        if isinstance(item, str):
            item = {"name": item}
        item = r.mapping(item, ipath)
        r.unknown_keys(item, _ITEM_KEYS, ipath)
        items.append(
            Item(
                name=textnorm.tidy(r.text(item, "name", ipath, required=True)),
                source=r.code(item, "source", ipath, glossary.ITEM_SOURCES),
                necessity=r.text(item, "necessity", ipath),
                free_text=bool(r.optional(item, "free_text", ipath, schema.BOOL)),
            )
        )
    return Handling(
        type=h_type,
        title=r.text(data, "title", path),
        legal_basis=r.text(data, "legal_basis", path),
        party=r.text(data, "party", path),
        fields=fields,
        items=tuple(items),
    )


def _step(r: _Reader, data: Mapping[str, Any], path: str) -> FlowStep:
    r.unknown_keys(data, _STEP_KEYS, path)
    found = len(r.problems)
    number = r.optional(data, "number", path, schema.INT)
    if number is None and len(r.problems) == found:  # missing or blank, not unreadable
        r.add(f"{path}.number", "必須です。")
    elif number == 0:
        r.add(f"{path}.number", "1以上の番号にしてください。")
    names = []
    for k, name in enumerate(r.sequence(data.get("items"), f"{path}.items"), 1):
        if isinstance(name, (dict, list)):  # never str(): YAML aliases can nest it hugely
            r.add(f"{path}.items[{k}]", "項目名を文字列で書いてください。")
        elif name is not None:
            names.append(name)
    return FlowStep(
        number=number or 0,
        source=r.text(data, "from", path, required=True),
        target=r.text(data, "to", path, required=True),
        action=r.text(data, "action", path),
        items=tuple(textnorm.tidy(str(n)) for n in names if str(n).strip()),
        channel=r.code(data, "channel", path, glossary.CHANNELS),
        encrypted=r.optional(data, "encrypted", path, schema.BOOL),
        kept=r.text(data, "kept", path),
        retention=r.text(data, "retention", path),
        disposal=r.text(data, "disposal", path),
    )


def _safeguard(r: _Reader, data: Mapping[str, Any], path: str) -> Safeguard:
    r.unknown_keys(data, _SAFEGUARD_KEYS, path)
    target = r.mapping(data.get("target"), f"{path}.target")
    r.unknown_keys(target, {"handling", "party", "step"}, f"{path}.target")
    if len(target) > 1:
        r.add(f"{path}.target", "対象は一つだけ指定してください（handling・party・step）。")
    return Safeguard(
        kind=r.code(data, "kind", path, glossary.SAFEGUARD_KINDS, required=True),
        clause=r.code(data, "clause", path, glossary.CONTRACT_CLAUSES),
        text=r.text(data, "text", path, required=True),
        handling=r.optional(target, "handling", f"{path}.target", schema.INT),
        party=r.text(target, "party", f"{path}.target"),
        step=r.optional(target, "step", f"{path}.target", schema.INT),
    )


def parse(data: Any, catalogue: Mapping[str, str] | None = None) -> Dossier:
    """Build a Dossier from the file's data, or raise CaseFileError with every problem.

    `catalogue` maps data-item names to categories; an item outside it must be declared
    with `free_text: true`.
    """
    r = _Reader()
    top = r.mapping(data, "")
    if data is None:
        r.add("", "ファイルが空です。")
    r.unknown_keys(top, _TOP_KEYS, "")
    if top.get("format", FORMAT) != FORMAT:
        r.add("format", f"「{FORMAT}」形式のファイルではありません。")
    dept = r.mapping(top.get("department"), "department")
    r.unknown_keys(dept, {"division", "name"}, "department")
    dossier = Dossier(
        council=r.text(top, "council", "", required=True),
        municipality=r.text(top, "municipality", ""),
        kind=r.code(top, "kind", "", glossary.CASE_KINDS, required=True),
        title=r.text(top, "title", "", required=True),
        department_name=r.text(dept, "name", "department", required=True),
        department_division=r.text(dept, "division", "department"),
        number=r.optional(top, "number", "", schema.INT),
        fiscal_year=r.optional(top, "fiscal_year", "", schema.INT),
        consulted_on=r.optional(top, "consulted_on", "", schema.DATE),
        subtitle=r.text(top, "subtitle", ""),
        business=r.text(top, "business", ""),
        summary=r.text(top, "summary", ""),
        parties=_each(r, top, "parties", _party),
        handlings=_each(r, top, "handlings", _handling),
        flow=_each(r, top, "flow", _step),
        safeguards=_each(r, top, "safeguards", _safeguard),
    )
    r.problems += check(dossier, catalogue)
    if r.problems:
        raise CaseFileError(_unique(r.problems))
    return dossier


def _each(r: _Reader, top: Mapping[str, Any], key: str, read: Any) -> tuple[Any, ...]:
    return tuple(
        read(r, r.mapping(entry, f"{key}[{i}]"), f"{key}[{i}]")
        for i, entry in enumerate(r.sequence(top.get(key), key), 1)
    )


def _unique(problems: list[Problem]) -> list[Problem]:
    return list(dict.fromkeys(problems))


def incomplete(dossier: Dossier) -> list[Problem]:
    """Required form fields left empty. A draft or an imported record may be incomplete;
    a case is complete before it is submitted."""
    return [
        Problem(f"handlings[{i}].fields.{f.name}", f"{f.label}が未記入です。")
        for i, h in enumerate(dossier.handlings, 1)
        for f in schema.SPECS[h.type].all_fields
        if f.required and h.fields.get(f.name) in (None, "", [])
    ]


def check(dossier: Dossier, catalogue: Mapping[str, str] | None = None) -> list[Problem]:
    """The rules that tie the parts of a dossier together: references, periods, items.

    Used on imports and on every save from the screens.
    """
    if catalogue is not None:
        # Names are kept as written and compared by their normal form (ＵＳＢ = USB).
        catalogue = {textnorm.normalize(name): c for name, c in catalogue.items()}
    problems: list[Problem] = []
    problems += _check_sizes(dossier)
    problems += _check_parties(dossier)
    problems += _check_handlings(dossier, catalogue)
    problems += _check_flow(dossier, catalogue)
    problems += _check_safeguards(dossier)
    return problems


def _too_long(obj: object, where: str, path: str) -> list[Problem]:
    problems = []
    for name, limit in TEXT_LIMITS[where].items():
        length = len(getattr(obj, name))
        if length > limit:
            message = f"{limit}文字以内にしてください（{length}文字あります）。"
            problems.append(Problem(f"{path}.{name}" if path else name, message))
    return problems


def _too_large(value: int | None, limit: int, path: str) -> list[Problem]:
    if value is not None and value > limit:
        return [Problem(path, f"{limit}以下の数値にしてください。")]
    return []


def _check_sizes(d: Dossier) -> list[Problem]:
    """Texts, numbers and lists within what the database keeps."""
    problems = _too_long(d, "", "")
    problems += _too_large(d.number, MAX_CASE_NUMBER, "number")
    problems += _too_large(d.fiscal_year, MAX_SMALL, "fiscal_year")
    lists = {"parties": d.parties, "handlings": d.handlings, "flow": d.flow}
    lists |= {"safeguards": d.safeguards}
    lists |= {f"handlings[{i}].items": h.items for i, h in enumerate(d.handlings, 1)}
    for path, entries in lists.items():
        if len(entries) > MAX_ENTRIES:
            problems.append(Problem(path, f"{MAX_ENTRIES}件までにしてください。"))
    for i, party in enumerate(d.parties, 1):
        problems += _too_long(party, "parties", f"parties[{i}]")
    for i, h in enumerate(d.handlings, 1):
        problems += _too_long(h, "handlings", f"handlings[{i}]")
        for j, item in enumerate(h.items, 1):
            problems += _too_long(item, "items", f"handlings[{i}].items[{j}]")
    for i, step in enumerate(d.flow, 1):
        problems += _too_long(step, "flow", f"flow[{i}]")
        problems += _too_large(step.number, MAX_SMALL, f"flow[{i}].number")
    return problems


def _check_parties(d: Dossier) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for i, party in enumerate(d.parties, 1):
        path = f"parties[{i}]"
        if party.key in seen:
            problems.append(Problem(f"{path}.key", f"「{party.key}」が重複しています。"))
        seen.add(party.key)
        if party.parent:
            parent = d.party(party.parent)
            if parent is None:
                problems.append(
                    Problem(f"{path}.parent", f"「{party.parent}」という関係者はいません。")
                )
            elif parent.kind not in ("contractor", "subcontractor"):
                problems.append(Problem(f"{path}.parent", "再委託元には委託先を指定してください。"))
        if party.kind == "subcontractor" and not party.parent:
            problems.append(
                Problem(f"{path}.parent", "再委託先には再委託元（parent）を指定してください。")
            )
    return problems


def _period_problem(fields: Mapping[str, Any], start: str, end: str, path: str) -> list[Problem]:
    first, last = fields.get(start), fields.get(end)
    if isinstance(first, dt.date) and isinstance(last, dt.date) and last < first:
        return [Problem(f"{path}.fields.{end}", "終了日が開始日より前です。")]
    return []


def _known_item(name: str, catalogue: Mapping[str, str] | None, declared: set[str]) -> bool:
    """In the (normalised) catalogue, or among the names the case declares."""
    key = textnorm.normalize(name)
    return catalogue is None or key in catalogue or key in {textnorm.normalize(n) for n in declared}


def _check_handlings(d: Dossier, catalogue: Mapping[str, str] | None) -> list[Problem]:
    problems: list[Problem] = []
    free = {i.name for h in d.handlings for i in h.items if i.free_text}
    for i, h in enumerate(d.handlings, 1):
        path = f"handlings[{i}]"
        spec = schema.SPECS.get(h.type)
        if spec is None:
            continue
        problems += _period_problem(h.fields, "start_on", "end_on", path)
        problems += _period_problem(h.fields, "public_comment_start", "public_comment_end", path)
        problems += _check_handling_party(d, h, spec, path)
        problems += _check_items(h, spec, path, catalogue, free)
    return problems


def _check_handling_party(
    d: Dossier, h: Handling, spec: schema.HandlingSpec, path: str
) -> list[Problem]:
    if not h.party:
        if h.type == "outsourcing":
            return [
                Problem(f"{path}.party", "委託先を指定してください（未定でも関係者として登録）。")
            ]
        return []
    party = d.party(h.party)
    if party is None:
        return [Problem(f"{path}.party", f"「{h.party}」という関係者はいません。")]
    if spec.party_kinds and party.kind not in spec.party_kinds:
        kind = glossary.label(glossary.PARTY_KINDS, party.kind)
        message = f"{spec.party_label}に{party.name}（{kind}）は指定できません。"
        return [Problem(f"{path}.party", message)]
    return []


_SOURCE_NEEDED = "提供元（区から委託先へ／本人から／区及び本人以外から）を指定してください。"
_NOT_IN_CATALOGUE = "「{}」は項目カタログにありません。自由記述の項目なら free_text: true に。"


def _check_items(
    h: Handling,
    spec: schema.HandlingSpec,
    path: str,
    catalogue: Mapping[str, str] | None,
    free: set[str],
) -> list[Problem]:
    if h.items and not spec.has_items:
        return [Problem(f"{path}.items", f"{spec.label}には個人情報の項目を登録しません。")]
    problems = []
    seen: set[tuple[str, str]] = set()
    for j, item in enumerate(h.items, 1):
        ipath = f"{path}.items[{j}]"
        if spec.item_sources and not item.source:
            problems.append(Problem(f"{ipath}.source", _SOURCE_NEEDED))
        if not spec.item_sources and item.source:
            problems.append(Problem(f"{ipath}.source", f"{spec.label}では提供元を指定しません。"))
        if (item.name, item.source) in seen:
            problems.append(Problem(f"{ipath}.name", f"「{item.name}」が重複しています。"))
        seen.add((item.name, item.source))
        if item.name and not item.free_text and not _known_item(item.name, catalogue, free):
            problems.append(Problem(f"{ipath}.name", _NOT_IN_CATALOGUE.format(item.name)))
    return problems


def _check_flow(d: Dossier, catalogue: Mapping[str, str] | None) -> list[Problem]:
    problems: list[Problem] = []
    declared = set(d.declared_items())
    numbers: set[int] = set()
    for i, step in enumerate(d.flow, 1):
        path = f"flow[{i}]"
        if step.number in numbers:
            problems.append(Problem(f"{path}.number", f"番号{step.number}が重複しています。"))
        numbers.add(step.number)
        for end, key in (("from", step.source), ("to", step.target)):
            if key and d.party(key) is None:
                problems.append(
                    Problem(f"{path}.{end}", f"「{key}」という関係者は登録されていません。")
                )
        for name in step.items:
            if not _known_item(name, catalogue, declared):
                problems.append(
                    Problem(
                        f"{path}.items", f"「{name}」は項目カタログにも案件の項目にもありません。"
                    )
                )
    return problems


def _check_safeguards(d: Dossier) -> list[Problem]:
    problems = []
    for i, s in enumerate(d.safeguards, 1):
        path = f"safeguards[{i}]"
        if s.clause and s.kind != "contractual":
            problems.append(
                Problem(f"{path}.clause", "契約上の対策（contractual）にだけ指定できます。")
            )
        if s.handling is not None and not 1 <= s.handling <= len(d.handlings):
            problems.append(
                Problem(f"{path}.target.handling", f"{s.handling}番目の取扱いはありません。")
            )
        if s.party and d.party(s.party) is None:
            problems.append(
                Problem(f"{path}.target.party", f"「{s.party}」という関係者はいません。")
            )
        if s.step is not None and d.step(s.step) is None:
            problems.append(Problem(f"{path}.target.step", f"番号{s.step}の流れはありません。"))
    return problems
