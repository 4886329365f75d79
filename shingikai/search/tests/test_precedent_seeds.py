"""The fixed corpus of issue 7: the seed case files (tests/seed_cases, restating the real
seeds' cases) imported as decided past cases. For each one, the first precedent found among
the others shares a handling type and most of its item categories."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from conftest import make_user
from shingikai.accounts.models import Role
from shingikai.councils.models import Council, Department, Municipality
from shingikai.dossiers import importing, records
from shingikai.dossiers.models import Case, CaseStatus
from shingikai.dossiers.structure import casefile
from shingikai.search import precedent_index

pytestmark = pytest.mark.django_db
SEEDS = Path(settings.BASE_DIR) / "tests" / "seed_cases"


def import_seeds() -> dict[str, Case]:
    """Every seed case file, imported as a decided case (councils and departments created
    as the files name them)."""
    catalogue = records.catalogue()
    cases = {}
    for number, path in enumerate(sorted(SEEDS.glob("0*.yaml")), start=1):
        dossier = casefile.parse(casefile.load_text(path.read_text(encoding="utf-8")), catalogue)
        municipality, _ = Municipality.objects.get_or_create(
            name=dossier.municipality,
            defaults={"code": f"13{number:04d}", "head_title": f"{dossier.municipality}長"},
        )
        Council.objects.get_or_create(municipality=municipality, name=dossier.council)
        Department.objects.get_or_create(
            municipality=municipality,
            division=dossier.department_division,
            name=dossier.department_name,
        )
        imported = importing.import_dossier(None, dossier, status=CaseStatus.DECIDED)
        cases[path.stem] = imported.case
    return cases


def _majority(shared: set[str], own: set[str]) -> bool:
    return not own or 2 * len(shared) > len(own)


def test_the_first_precedent_of_each_seed_case_shares_its_handling_and_most_categories() -> None:
    cases = import_seeds()
    assert len(cases) == 24
    assert precedent_index.rebuild_all() == 24
    reader = make_user("jimukyoku", Role.SECRETARIAT)
    profiles = {name: precedent_index.query_profile(case) for name, case in cases.items()}
    names = {f"case:{case.pk}": name for name, case in cases.items()}

    failures, strict = [], 0
    for name, case in cases.items():
        own = profiles[name]
        others = [p for n, p in profiles.items() if n != name]
        found = precedent_index.find(reader, case, limit=1)
        assert found, f"{name}: no precedent"
        first = profiles[names[found[0].key]]
        assert found[0].key != f"case:{case.pk}"
        shares_handling = bool(own.handling_types & first.handling_types)
        shares_categories = _majority(own.categories & first.categories, set(own.categories))
        # What the corpus allows: another case with a handling type in common, and one that
        # has that and the majority of this case's categories too.
        possible_handling = any(own.handling_types & p.handling_types for p in others)
        possible_both = any(
            own.handling_types & p.handling_types
            and _majority(own.categories & p.categories, set(own.categories))
            for p in others
        )
        if possible_handling and not shares_handling:
            failures.append(f"{name} → {names[found[0].key]}: no handling type in common")
        if possible_both and not (shares_handling and shares_categories):
            failures.append(f"{name} → {names[found[0].key]}: too few item categories in common")
        strict += shares_handling and shares_categories
    assert not failures, "\n".join(failures)
    # The check above is not vacuous: most seeds have such a precedent in the corpus.
    assert strict >= 20
