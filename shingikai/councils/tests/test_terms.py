"""Terms of office and their members: who held office on a given day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from shingikai.councils.models import Council, Member, Municipality, Term

D = dt.date


@pytest.fixture
def council(db: None) -> Council:
    muni = Municipality.objects.create(name="任期区", head_title="任期区長")
    return Council.objects.create(municipality=muni, name="任期区情報公開・個人情報保護審議会")


@pytest.fixture
def term(council: Council) -> Term:
    return Term.objects.create(
        council=council, number=13, starts_on=D(2021, 4, 1), ends_on=D(2023, 3, 31)
    )


def test_it_knows_which_days_a_term_contains() -> None:
    term = Term(number=13, starts_on=D(2021, 4, 1), ends_on=D(2023, 3, 31))

    assert term.contains(D(2021, 4, 1))
    assert term.contains(D(2022, 12, 27))
    assert term.contains(D(2023, 3, 31))
    assert not term.contains(D(2021, 3, 31))
    assert not term.contains(D(2023, 4, 1))


def test_it_treats_a_term_without_an_end_as_open() -> None:
    term = Term(number=16, starts_on=D(2025, 4, 1), ends_on=None)

    assert term.contains(D(2099, 1, 1))
    assert not term.contains(D(2025, 3, 31))


def test_it_lists_the_members_in_office_on_a_day(term: Term) -> None:
    def member(name: str, appointed: dt.date, ended: dt.date | None = None) -> Member:
        return Member.objects.create(
            term=term, name=name, affiliation="academic", appointed_on=appointed, ended_on=ended
        )

    from_start = member("青木", D(2021, 4, 1))
    appointed_that_day = member("石川", D(2022, 12, 27))
    member("上野", D(2022, 12, 28))
    ended_that_day = member("遠藤", D(2021, 4, 1), ended=D(2022, 12, 27))
    member("小川", D(2021, 4, 1), ended=D(2022, 12, 26))

    on_the_day = set(term.members_on(D(2022, 12, 27)))

    assert on_the_day == {from_start, appointed_that_day, ended_that_day}


def test_it_finds_the_term_in_force_on_a_day(council: Council, term: Term) -> None:
    later = Term.objects.create(council=council, number=14, starts_on=D(2023, 4, 1))

    assert council.term_on(D(2023, 3, 31)) == term
    assert council.term_on(D(2023, 4, 1)) == later
    assert council.term_on(D(2040, 1, 1)) == later
    assert council.term_on(D(2021, 3, 31)) is None


def test_it_finds_no_term_in_a_gap_between_terms(council: Council, term: Term) -> None:
    Term.objects.create(council=council, number=14, starts_on=D(2023, 6, 1))

    assert council.term_on(D(2023, 5, 1)) is None


def test_it_refuses_a_term_ending_before_it_starts() -> None:
    term = Term(number=1, starts_on=D(2023, 4, 1), ends_on=D(2023, 3, 31))

    with pytest.raises(ValidationError) as info:
        term.clean()

    assert info.value.message_dict == {"ends_on": ["終了日は開始日以降にしてください。"]}


def test_it_refuses_an_appointment_outside_the_term(term: Term) -> None:
    member = Member(term=term, name="千葉", affiliation="academic", appointed_on=D(2023, 4, 1))

    with pytest.raises(ValidationError) as info:
        member.clean()

    assert info.value.message_dict == {"appointed_on": ["委嘱日が期の期間外です。"]}


def test_it_accepts_an_appointment_within_the_term(term: Term) -> None:
    Member(term=term, name="千葉", affiliation="academic", appointed_on=D(2023, 3, 31)).clean()


def test_it_refuses_a_member_leaving_before_appointment(term: Term) -> None:
    member = Member(
        term=term,
        name="千葉",
        affiliation="academic",
        appointed_on=D(2022, 4, 1),
        ended_on=D(2022, 3, 31),
    )

    with pytest.raises(ValidationError) as info:
        member.clean()

    assert info.value.message_dict == {"ended_on": ["退任日は委嘱日以降にしてください。"]}


def test_the_database_refuses_a_term_ending_before_it_starts(council: Council) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Term.objects.create(
            council=council, number=1, starts_on=D(2023, 4, 1), ends_on=D(2023, 3, 31)
        )

    assert not Term.objects.exists()


def test_the_database_refuses_a_member_leaving_before_appointment(term: Term) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Member.objects.create(
            term=term,
            name="千葉",
            affiliation="academic",
            appointed_on=D(2022, 4, 1),
            ended_on=D(2022, 3, 31),
        )

    assert not term.members.exists()
