"""The handling specs (schema.SPECS): one per handling type, well-formed fields, and the shared
count and period fields only where the type has them. Pure Python: no database, no Django."""

from __future__ import annotations

import pytest

from shingikai.dossiers.structure import schema
from shingikai.lib import glossary

TYPES = glossary.codes(glossary.HANDLING_TYPES)
COUNT_FIELDS = ("count", "count_note")
PERIOD_FIELDS = ("start_on", "end_on", "period_note")


def test_it_has_a_spec_for_every_handling_type_and_no_other() -> None:
    assert set(schema.SPECS) == set(TYPES)
    for code in TYPES:
        assert schema.SPECS[code].type == code


@pytest.mark.parametrize("code", TYPES)
def test_it_labels_and_heads_each_spec_from_the_glossary(code: str) -> None:
    spec = schema.SPECS[code]
    assert spec.label == glossary.label(glossary.HANDLING_TYPES, code)
    assert spec.heading == glossary.HANDLING_HEADINGS[code]


@pytest.mark.parametrize("code", TYPES)
def test_it_names_each_field_once_per_spec(code: str) -> None:
    names = [f.name for f in schema.SPECS[code].all_fields]
    assert len(names) == len(set(names)), names


@pytest.mark.parametrize("code", TYPES)
def test_it_gives_every_field_a_known_kind_a_label_and_a_form_number(code: str) -> None:
    spec = schema.SPECS[code]
    for f in spec.all_fields:
        assert f.kind in schema.KINDS, f.name
        assert f.label, f.name
    # The type's own fields carry the number the council's form gives them.
    for f in spec.fields:
        assert f.number, f.name


@pytest.mark.parametrize("code", TYPES)
def test_it_gives_choices_to_every_choice_and_multi_field_and_to_no_other(code: str) -> None:
    for f in schema.SPECS[code].all_fields:
        if f.kind in (schema.CHOICE, schema.MULTI):
            assert f.choices, f.name
            codes = [c for c, _ in f.choices]
            assert len(codes) == len(set(codes)), f.name
        else:
            assert f.choices == (), f.name


@pytest.mark.parametrize("code", TYPES)
def test_it_requires_at_least_one_field_of_each_type(code: str) -> None:
    assert any(f.required for f in schema.SPECS[code].fields)


@pytest.mark.parametrize("code", TYPES)
def test_it_adds_count_and_period_fields_only_where_the_type_has_them(code: str) -> None:
    spec = schema.SPECS[code]
    names = [f.name for f in spec.all_fields]
    own = [f.name for f in spec.fields]
    expected = own + (list(COUNT_FIELDS) if spec.has_items else [])
    expected += list(PERIOD_FIELDS) if spec.period else []
    assert names == expected
    assert not set(own) & {*COUNT_FIELDS, *PERIOD_FIELDS}


@pytest.mark.parametrize(
    ("code", "has_items", "period"),
    [
        ("outsourcing", True, True),
        ("external_connection", True, True),
        ("pia_third_party_inspection", False, False),
        ("ordinance_or_rules", False, True),
        ("other", True, True),
    ],
)
def test_it_knows_which_types_have_items_and_a_period(
    code: str, has_items: bool, period: bool
) -> None:
    spec = schema.SPECS[code]
    assert (spec.has_items, spec.period) == (has_items, period)


def test_it_gives_the_shared_fields_their_kinds() -> None:
    spec = schema.SPECS["outsourcing"]
    assert spec.field("count").kind == schema.INT
    assert spec.field("count_note").kind == schema.TEXT
    assert spec.field("start_on").kind == schema.DATE
    assert spec.field("end_on").kind == schema.DATE


def test_it_finds_a_field_by_name_or_raises_key_error() -> None:
    spec = schema.SPECS["outsourcing"]
    assert spec.field("contract_title").label == "委託の件名"
    assert spec.field("contract_title").number == "1"
    with pytest.raises(KeyError):
        spec.field("count_of_nothing")
    with pytest.raises(KeyError):
        schema.SPECS["pia_third_party_inspection"].field("count")


def test_it_asks_for_item_sources_only_on_outsourcing() -> None:
    for code in TYPES:
        spec = schema.SPECS[code]
        if code == "outsourcing":
            assert spec.item_sources == glossary.ITEM_SOURCES
        else:
            assert spec.item_sources == ()


@pytest.mark.parametrize("code", TYPES)
def test_it_names_the_party_when_party_kinds_are_restricted(code: str) -> None:
    spec = schema.SPECS[code]
    party_kinds = glossary.codes(glossary.PARTY_KINDS)
    assert set(spec.party_kinds) <= set(party_kinds)
    if spec.party_kinds:
        assert spec.party_label


def test_it_knows_every_attachment_a_spec_asks_for() -> None:
    kinds = glossary.codes(schema.ATTACHMENT_KINDS)
    for spec in schema.SPECS.values():
        assert set(spec.attachments) <= set(kinds)
