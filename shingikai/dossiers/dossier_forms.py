"""Forms for the parts of a dossier: a handling's fields and items, parties, flow steps and
safeguards. Values are read by structure.values, the same code the case-file import uses,
so 全角 digits, 和暦 dates and labels are accepted alike on screen and in files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shingikai.dossiers.structure import dossier as d
from shingikai.dossiers.structure import schema, values
from shingikai.lib import glossary, textnorm

REQUIRED = _("この項目は必須です。")
_BOOL_CHOICES = [("", "未記載"), ("true", "はい"), ("false", "いいえ")]


def _blank(vocabulary: glossary.Vocabulary, empty: str = "—") -> list[tuple[str, str]]:
    return [("", empty), *vocabulary]


def form_field(spec: schema.FieldSpec) -> forms.Field:
    """The Django field that asks for one schema field (cleaned later by `values.coerce`)."""
    common: dict[str, Any] = {
        "label": spec.label,
        "required": spec.required,
        "help_text": spec.help,
    }
    if spec.kind == schema.LONGTEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    if spec.kind == schema.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if spec.kind == schema.INT:
        return forms.CharField(widget=forms.TextInput(attrs={"inputmode": "numeric"}), **common)
    if spec.kind == schema.BOOL:
        return forms.ChoiceField(choices=_BOOL_CHOICES, widget=forms.RadioSelect, **common)
    if spec.kind == schema.CHOICE:
        return forms.ChoiceField(choices=_blank(spec.choices), **common)
    if spec.kind == schema.MULTI:
        return forms.MultipleChoiceField(
            choices=spec.choices, widget=forms.CheckboxSelectMultiple, **common
        )
    return forms.CharField(**common)


def initial_value(spec: schema.FieldSpec, value: Any) -> Any:
    if value is None:
        return None
    if spec.kind == schema.BOOL:
        return "true" if value else "false"
    if spec.kind == schema.DATE:
        return value.isoformat()
    return value


class JapaneseErrorsMixin:
    """Japanese 'required' messages on every field."""

    def _japanese_required(self) -> None:
        for field in self.fields.values():  # type: ignore[attr-defined]
            field.error_messages["required"] = REQUIRED


class HandlingForm(JapaneseErrorsMixin, forms.Form):
    """One handling: heading, legal basis, party and the type's own fields."""

    title = forms.CharField(label=_("見出し"), required=False)
    legal_basis = forms.CharField(label=_("根拠条文"), required=False)
    party = forms.ChoiceField(label=_("相手方"), required=False)

    def __init__(
        self,
        *args: Any,
        spec: schema.HandlingSpec,
        parties: tuple[d.Party, ...],
        handling: d.Handling | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        if spec.party_label:
            self.fields["party"].label = spec.party_label
            allowed = [p for p in parties if not spec.party_kinds or p.kind in spec.party_kinds]
            self.fields["party"].choices = _blank(
                tuple((p.key, p.display_name) for p in allowed), "（選択してください）"
            )
        else:
            del self.fields["party"]
        for field_spec in spec.all_fields:
            self.fields[field_spec.name] = form_field(field_spec)
        self._japanese_required()
        if handling is not None:
            self.initial.update(
                title=handling.title, legal_basis=handling.legal_basis, party=handling.party
            )
            for field_spec in spec.all_fields:
                self.initial[field_spec.name] = initial_value(
                    field_spec, handling.fields.get(field_spec.name)
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        typed = {}
        for field_spec in self.spec.all_fields:
            if field_spec.name in self.errors:
                continue
            try:
                value = values.coerce(field_spec, data.get(field_spec.name))
            except values.ValueProblem as exc:
                self.add_error(field_spec.name, str(exc))
                continue
            if value is not None:
                typed[field_spec.name] = value
        data["typed_fields"] = typed
        return data

    def field_groups(self) -> list[tuple[schema.FieldSpec, forms.BoundField]]:
        return [(spec, self[spec.name]) for spec in self.spec.all_fields]


class ItemForm(JapaneseErrorsMixin, forms.Form):
    """One row of a handling's item list."""

    name = forms.CharField(
        label=_("項目名"), required=False, widget=forms.TextInput(attrs={"list": "catalogue-items"})
    )
    source = forms.ChoiceField(
        label=_("提供元"), required=False, choices=_blank(glossary.ITEM_SOURCES)
    )
    necessity = forms.CharField(label=_("必要性"), required=False)
    free_text = forms.BooleanField(label=_("自由記述"), required=False)

    def __init__(
        self, *args: Any, catalogue: dict[str, str], with_source: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.known = {textnorm.normalize(name) for name in catalogue}
        if not with_source:
            del self.fields["source"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        name = textnorm.tidy(data.get("name") or "")
        data["name"] = name
        if not name:
            return data
        if "source" in self.fields and not data.get("source"):
            self.add_error("source", _("提供元を選んでください。"))
        if textnorm.normalize(name) not in self.known and not data.get("free_text"):
            self.add_error(
                "name", _("項目カタログにない項目です。自由記述にチェックしてください。")
            )
        return data

    def item(self) -> d.Item | None:
        data = self.cleaned_data
        if not data.get("name"):
            return None
        return d.Item(
            name=data["name"],
            source=data.get("source", ""),
            necessity=data.get("necessity", "").strip(),
            free_text=bool(data.get("free_text")),
        )


class BaseItemFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            item = form.item()
            if item is None:
                continue
            if (item.name, item.source) in seen:
                form.add_error("name", _("同じ項目が重複しています。"))
            seen.add((item.name, item.source))


ItemFormSet = forms.formset_factory(ItemForm, formset=BaseItemFormSet, extra=3)


class PartyForm(JapaneseErrorsMixin, forms.Form):
    key = forms.SlugField(
        label=_("記号"),
        required=False,
        max_length=40,
        help_text=_("流れ図で使う短い英数字（空欄なら自動で付けます）"),
    )
    name = forms.CharField(label=_("名称"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("種別"), choices=_blank(glossary.PARTY_KINDS))
    undecided = forms.BooleanField(label=_("未定（選定中）"), required=False)
    selection_method = forms.CharField(label=_("選定方法"), required=False)
    parent = forms.ChoiceField(label=_("再委託元"), required=False)
    prior_approval_required = forms.ChoiceField(
        label=_("再委託の事前承認"), choices=_BOOL_CHOICES, required=False, widget=forms.RadioSelect
    )
    location = forms.CharField(label=_("所在・取扱場所"), required=False)
    note = forms.CharField(label=_("備考"), required=False)
    cert_type = forms.ChoiceField(
        label=_("認証"), required=False, choices=_blank(glossary.CERTIFICATIONS, "なし")
    )
    cert_number = forms.CharField(label=_("登録番号"), required=False)
    cert_expires_on = forms.CharField(
        label=_("有効期限"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(
        self, *args: Any, parties: tuple[d.Party, ...], current: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.others = tuple(p for p in parties if p.key != current)
        contractors = tuple(
            (p.key, p.display_name)
            for p in self.others
            if p.kind in ("contractor", "subcontractor")
        )
        self.fields["parent"].choices = _blank(contractors, "（なし）")
        self._japanese_required()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("name", "").strip() and not data.get("undecided"):
            self.add_error("name", _("名称を入力してください（未定の場合は「未定」にチェック）。"))
        if data.get("key") and any(p.key == data["key"] for p in self.others):
            self.add_error("key", _("この記号は別の関係者が使っています。"))
        if data.get("kind") == "subcontractor" and not data.get("parent"):
            self.add_error("parent", _("再委託先には再委託元を選んでください。"))
        for name, kind in (
            ("cert_expires_on", schema.DATE),
            ("prior_approval_required", schema.BOOL),
        ):
            try:
                data[name] = values.coerce(schema.FieldSpec(name, name, kind), data.get(name))
            except values.ValueProblem as exc:
                self.add_error(name, str(exc))
        return data


class FlowStepForm(JapaneseErrorsMixin, forms.Form):
    number = forms.IntegerField(label=_("番号"), min_value=1, max_value=99)
    source = forms.ChoiceField(label=_("送信元（どこから）"))
    target = forms.ChoiceField(label=_("送信先（どこへ）"))
    action = forms.CharField(
        label=_("内容"),
        required=False,
        max_length=200,
        help_text=_("例：対象者データを連携、申請書を郵送"),
    )
    items = forms.MultipleChoiceField(
        label=_("項目"), required=False, widget=forms.CheckboxSelectMultiple
    )
    channel = forms.ChoiceField(
        label=_("経路・媒体"), required=False, choices=_blank(glossary.CHANNELS)
    )
    encrypted = forms.ChoiceField(
        label=_("暗号化"), choices=_BOOL_CHOICES, required=False, widget=forms.RadioSelect
    )
    kept = forms.CharField(label=_("送信先での保管"), required=False)
    retention = forms.CharField(label=_("保管期間"), required=False)
    disposal = forms.CharField(label=_("削除・返却の方法"), required=False)

    def __init__(
        self, *args: Any, dossier: d.Dossier, current: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        parties = _blank(
            tuple((p.key, p.display_name) for p in dossier.parties), "（選択してください）"
        )
        self.fields["source"].choices = parties
        self.fields["target"].choices = parties
        self.fields["items"].choices = [(n, n) for n in dossier.declared_items()]
        self.taken = {s.number for s in dossier.flow if s.number != current}
        self._japanese_required()
        self.fields["number"].error_messages.update(
            min_value=_("1以上の番号にしてください。"), invalid=_("番号は数字で入力してください。")
        )

    def clean_number(self) -> int:
        number: int = self.cleaned_data["number"]
        if number in self.taken:
            raise ValidationError(_("この番号はすでに使われています。"))
        return number

    def clean_encrypted(self) -> bool | None:
        raw = self.cleaned_data.get("encrypted")
        return None if not raw else raw == "true"


class SafeguardForm(JapaneseErrorsMixin, forms.Form):
    kind = forms.ChoiceField(label=_("種別"), choices=_blank(glossary.SAFEGUARD_KINDS))
    clause = forms.ChoiceField(
        label=_("契約上の手段"),
        required=False,
        choices=_blank(glossary.CONTRACT_CLAUSES),
        help_text=_("契約上の対策のときだけ選びます"),
    )
    text = forms.CharField(label=_("内容"), widget=forms.Textarea(attrs={"rows": 2}))
    target = forms.ChoiceField(label=_("対象"), required=False)

    def __init__(self, *args: Any, dossier: d.Dossier, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = safeguard_targets(dossier)
        self._japanese_required()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("clause") and data.get("kind") != "contractual":
            self.add_error("clause", _("契約上の対策のときだけ選べます。"))
        return data


def safeguard_targets(dossier: d.Dossier) -> list[tuple[str, str]]:
    """Choices for what a safeguard protects: the case, a handling, a party or a step."""
    choices = [("", "案件全体")]
    for i, h in enumerate(dossier.handlings, 1):
        choices.append(
            (f"handling:{i}", f"第{i} {glossary.label(glossary.HANDLING_TYPES, h.type)}")
        )
    choices += [(f"party:{p.key}", f"関係者：{p.display_name}") for p in dossier.parties]
    choices += [(f"step:{s.number}", f"流れ {s.number}：{s.action}") for s in dossier.flow]
    return choices


def target_value(safeguard: d.Safeguard) -> str:
    target = safeguard.target
    return f"{target[0]}:{target[1]}" if target else ""


def safeguard_from(data: dict[str, Any]) -> d.Safeguard:
    kind, _sep, key = (data.get("target") or "").partition(":")
    return d.Safeguard(
        kind=data["kind"],
        clause=data.get("clause", ""),
        text=data["text"].strip(),
        handling=int(key) if kind == "handling" else None,
        party=key if kind == "party" else "",
        step=int(key) if kind == "step" else None,
    )
