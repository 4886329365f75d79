from django.apps import AppConfig


class MinutesConfig(AppConfig):
    name = "shingikai.minutes"
    label = "minutes"
    verbose_name = "会議録"

    def ready(self) -> None:
        """Revisions and approvals are sealed; say how to read what was sealed."""
        from shingikai.accounts.audit import register_sealer

        register_sealer(
            "minutes.MinutesRevision",
            lambda r: {
                "minutes": r.minutes_id,
                "number": r.number,
                "text": r.text,
                "reason": r.reason,
            },
        )
        register_sealer(
            "minutes.Minutes",
            lambda m: {
                "meeting": m.meeting_id,
                "status": m.status,
                "approved_on": m.approved_on.isoformat() if m.approved_on else None,
                "approved_at_meeting": m.approved_at_meeting_id,
                "record": m.record,
            },
        )
