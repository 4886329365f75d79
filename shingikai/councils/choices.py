"""The council's vocabulary (GLOSSARY.md), shared by cases, rules and decisions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HandlingType(models.TextChoices):
    """What a case asks the council about (取扱い)."""

    OUTSOURCING = "outsourcing", _("外部委託")
    EXTERNAL_CONNECTION = "external_connection", _("外部結合")
    USE_BEYOND_PURPOSE = "use_beyond_purpose", _("目的外利用")
    PROVISION_TO_THIRD_PARTY = "provision_to_third_party", _("外部提供")
    COLLECTION_FROM_OTHERS = "collection_from_others", _("本人外収集")
    NEW_RECORDED_ITEMS = "new_recorded_items", _("電子計算機への記録")
    SENSITIVE_INFO = "sensitive_info", _("要配慮個人情報の収集")
    PIA_THIRD_PARTY_INSPECTION = "pia_third_party_inspection", _("特定個人情報保護評価の第三者点検")
    ORDINANCE_OR_RULES = "ordinance_or_rules", _("条例・規則・制度の改正")
    OTHER = "other", _("その他")


class CaseKind(models.TextChoices):
    """A consultation asks for approval (諮問 → 承認); a report is acknowledged (報告 → 了承)."""

    CONSULTATION = "consultation", _("諮問")
    REPORT = "report", _("報告")


class Outcome(models.TextChoices):
    """What the council decided on an agenda item or one handling of it."""

    APPROVED = "approved", _("承認")
    APPROVED_WITH_CONDITIONS = "approved_with_conditions", _("条件付承認")
    ACKNOWLEDGED = "acknowledged", _("了承")
    REJECTED = "rejected", _("不承認")
    CONTINUED = "continued", _("継続審議")


CONSULTATION_OUTCOMES = (
    Outcome.APPROVED,
    Outcome.APPROVED_WITH_CONDITIONS,
    Outcome.REJECTED,
    Outcome.CONTINUED,
)
REPORT_OUTCOMES = (Outcome.ACKNOWLEDGED, Outcome.CONTINUED)
