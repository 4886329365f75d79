from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "shingikai.meetings"
    label = "meetings"
    verbose_name = "会議"

    def ready(self) -> None:
        """Decisions are sealed when recorded and when the 答申 is issued."""
        from shingikai.accounts.audit import register_sealer

        register_sealer(
            "meetings.Decision",
            lambda d: {
                "agenda_item": d.agenda_item_id,
                "handling": d.handling_id,
                "outcome": d.outcome,
                "decided_on": d.decided_on.isoformat(),
                "no_objection": d.no_objection,
                "votes": [d.votes_for, d.votes_against, d.votes_abstain, d.votes_present],
                "number": d.number,
                "fiscal_year": d.fiscal_year,
                "issued_on": d.issued_on.isoformat() if d.issued_on else None,
                "addressee": d.addressee,
                "text": d.text,
                "warning": d.warning,
            },
        )
