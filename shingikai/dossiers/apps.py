from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "shingikai.dossiers"
    label = "dossiers"
    verbose_name = "案件"

    def ready(self) -> None:
        """Submitted revisions are sealed as sent."""
        from shingikai.accounts.audit import register_sealer

        register_sealer(
            "dossiers.Revision",
            lambda r: {
                "case": r.case_id,
                "number": r.number,
                "kind": r.kind,
                "snapshot": r.snapshot,
            },
        )
