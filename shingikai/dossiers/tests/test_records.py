"""Case rows ⇄ Dossier: every demo case file survives a write and a read unchanged."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from conftest import World
from shingikai.councils.models import Council, Department, Municipality
from shingikai.dossiers import records
from shingikai.dossiers.models import Case, CaseStatus, FlowStep, HandlingItem, Party, Safeguard
from shingikai.dossiers.structure import casefile
from shingikai.dossiers.structure import dossier as d

CASE_FILES = sorted((Path(__file__).resolve().parents[2] / "demo" / "cases").glob("*.yaml"))


def _parsed(path: Path) -> d.Dossier:
    return casefile.parse(casefile.load_text(path.read_text(encoding="utf-8")), records.catalogue())


def _home_of(dossier: d.Dossier) -> tuple[Council, Department]:
    """The council and department the file names, created for the test."""
    muni, _ = Municipality.objects.get_or_create(
        name=dossier.municipality, defaults={"head_title": f"{dossier.municipality}長"}
    )
    council, _ = Council.objects.get_or_create(municipality=muni, name=dossier.council)
    department, _ = Department.objects.get_or_create(
        municipality=muni, name=dossier.department_name, division=dossier.department_division
    )
    return council, department


def _new_case(council: Council, department: Department, dossier: d.Dossier) -> Case:
    return Case(
        council=council,
        department=department,
        kind=dossier.kind,
        title=dossier.title,
        status=CaseStatus.DRAFT,
        number=dossier.number,
        fiscal_year=dossier.fiscal_year,
    )


def _for_world(dossier: d.Dossier, world: World) -> d.Dossier:
    return dataclasses.replace(
        dossier,
        council=world.council.name,
        municipality=world.municipality.name,
        department_name=world.health.name,
        department_division=world.health.division,
    )


def test_it_finds_the_demo_case_files() -> None:
    assert len(CASE_FILES) >= 10


@pytest.mark.django_db
@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_it_reads_back_every_demo_case_as_written(path: Path) -> None:
    parsed = _parsed(path)
    assert parsed.handlings, "a demo case without handlings tests little"
    council, department = _home_of(parsed)
    case = records.write_dossier(_new_case(council, department, parsed), parsed)

    read = records.dossier_of(Case.objects.get(pk=case.pk))

    assert read.attachments == ()
    assert dataclasses.replace(read, attachments=()) == dataclasses.replace(parsed, attachments=())
    # The rows really are there, not only a value that happens to compare equal.
    assert Party.objects.filter(case=case).count() == len(parsed.parties)
    assert FlowStep.objects.filter(case=case).count() == len(parsed.flow)
    assert Safeguard.objects.filter(case=case).count() == len(parsed.safeguards)
    assert HandlingItem.objects.filter(handling__case=case).count() == sum(
        len(h.items) for h in parsed.handlings
    )


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_it_reads_back_a_demo_case_moved_to_the_world_council(path: Path, world: World) -> None:
    parsed = _for_world(_parsed(path), world)
    case = records.write_dossier(_new_case(world.council, world.health, parsed), parsed)

    read = records.dossier_of(Case.objects.get(pk=case.pk))

    assert read == parsed
    assert read.council == "テスト区情報公開・個人情報保護審議会"
    assert (read.department_division, read.department_name) == ("保健所", "健康推進課")


def test_it_keeps_the_handling_rows_when_written_again(world: World) -> None:
    path = next(p for p in CASE_FILES if p.stem == "setagaya-999")
    parsed = _for_world(_parsed(path), world)
    case = records.write_dossier(_new_case(world.council, world.health, parsed), parsed)
    ids = list(case.handlings.order_by("order").values_list("pk", flat=True))
    assert len(ids) == 4

    edited = dataclasses.replace(
        parsed,
        title="件名を直した",
        handlings=(
            dataclasses.replace(parsed.handlings[0], title="見出しを直した"),
            *parsed.handlings[1:],
        ),
    )
    records.write_dossier(case, edited)

    assert list(case.handlings.order_by("order").values_list("pk", flat=True)) == ids
    read = records.dossier_of(Case.objects.get(pk=case.pk))
    assert read == edited
    assert read.handlings[0].title == "見出しを直した"
    # Items are rewritten, not doubled.
    assert HandlingItem.objects.filter(handling__case=case).count() == sum(
        len(h.items) for h in parsed.handlings
    )


def test_it_keeps_the_leading_rows_and_drops_the_rest_when_handlings_are_removed(
    world: World,
) -> None:
    path = next(p for p in CASE_FILES if p.stem == "setagaya-999")
    parsed = _for_world(_parsed(path), world)
    case = records.write_dossier(_new_case(world.council, world.health, parsed), parsed)
    ids = list(case.handlings.order_by("order").values_list("pk", flat=True))
    # Safeguards target steps and parties only, so the first two handlings stand alone.
    shorter = dataclasses.replace(parsed, handlings=parsed.handlings[:2])

    records.write_dossier(case, shorter)

    assert list(case.handlings.order_by("order").values_list("pk", flat=True)) == ids[:2]
    assert records.dossier_of(Case.objects.get(pk=case.pk)) == shorter
