"""The reports demo: loaded after the main demo, once; a second run changes nothing."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command

from shingikai.dossiers.models import Handling
from shingikai.reports import demo
from shingikai.reports.models import AnnualStatistics, Incident, PersonalInfoFile


def _counts() -> dict[str, int]:
    labels = ("accounts", "councils", "dossiers", "meetings", "reports")
    return {
        model._meta.label: model.objects.count()
        for label in labels
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
    }


@pytest.fixture
def loaded(db: None) -> None:
    call_command("demo", stdout=StringIO())
    demo.load()


@pytest.mark.usefixtures("loaded")
def test_it_loads_once_and_then_changes_nothing() -> None:
    first = _counts()

    assert demo.load() == {}
    assert _counts() == first


@pytest.mark.usefixtures("loaded")
def test_it_restates_seed_001_for_meguro() -> None:
    usb = Incident.objects.get(municipality__name="目黒区")
    years = AnnualStatistics.objects.filter(municipality__name="目黒区")

    assert "USBメモリの紛失" in usb.title
    assert usb.contractor == "区の委託を受けた医療機関"
    assert usb.warning() is None
    assert set(years.values_list("fiscal_year", "category")) == {
        (2018, "public_documents"),
        (2018, "personal_information"),
        (2019, "public_documents"),
        (2019, "personal_information"),
    }


@pytest.mark.usefixtures("loaded")
def test_it_shows_each_feature_in_setagaya() -> None:
    incidents = Incident.objects.filter(municipality__name="世田谷区")
    my_number = incidents.get(my_number=True)
    pia = Handling.objects.get(type="pia_third_party_inspection", case__number=1005)

    assert {i.warning() for i in incidents} == {"soon", "overdue", None}
    assert my_number.agenda_item is not None
    assert my_number.agenda_item.kind == "report"
    assert pia.fields["serious_incident"] is True
    assert all(s.figures.outcome_total == s.requests for s in AnnualStatistics.objects.all())
    files = PersonalInfoFile.objects.filter(municipality__name="世田谷区")
    assert files.published().count() == files.count() - 1
    assert files.get(name="出産・子育て応援事業ファイル").cases.get().number == 999
