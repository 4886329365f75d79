"""The search index: one `SearchDocument` per searchable place (a case's basic data, a
handling, a decision, an utterance …) with its text, link and filter columns.

The token index beside it depends on the database (see `backends`): an FTS5 table
`search_fts` (rowid = document id) on SQLite, a tsvector column `tokens` with a GIN index on
PostgreSQL. Both are created by migration 0002 only on their own database, so neither is a
model field.

Who may see a document is decided when searching, from the live rows it points to (the case,
the meeting, the agenda item, the minutes), so a status change, a publication time passing
or an item being closed takes effect at once. `audience` says whom the text is written for:
staff pages show more than the public site (a decision's conclusion and warning, a
condition's owner and status, who asked a question), so such places have an internal and a
public document, each with exactly what its pages show; an utterance reads the same on both
(`both`). Case documents and precheck findings are internal only.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shingikai.councils.models import Council
from shingikai.dossiers.models import Case
from shingikai.meetings.models import AgendaItem, Meeting
from shingikai.minutes.models import Minutes


class DocumentKind(models.TextChoices):
    CASE = "case", _("案件")
    HANDLING = "handling", _("取扱い")
    FINDING = "finding", _("事前点検")
    AGENDA = "agenda", _("議題")
    DECISION = "decision", _("答申・議決")
    CONDITION = "condition", _("条件・付帯意見")
    QUESTION = "question", _("質疑")
    UTTERANCE = "utterance", _("発言")


class Audience(models.TextChoices):
    INTERNAL = "internal", _("職員・委員")
    PUBLIC = "public", _("公開サイト")
    BOTH = "both", _("両方")


class SearchDocument(models.Model):
    """One searchable place. `unit` names what it is rebuilt with (case:1, meeting:2,
    minutes:3); `key` is unique (utterance:9, or utterance:9#2 for a long text's part 2)."""

    key = models.CharField(_("キー"), max_length=80, unique=True)
    unit = models.CharField(_("単位"), max_length=40, db_index=True)
    kind = models.CharField(_("種類"), max_length=20, choices=DocumentKind.choices)
    object_id = models.PositiveBigIntegerField(_("対象ID"))
    title = models.CharField(_("見出し"), max_length=400)
    where = models.CharField(_("場所"), max_length=400, blank=True)
    url = models.CharField(_("リンク"), max_length=300)
    public_url = models.CharField(_("公開サイトのリンク"), max_length=300, blank=True)
    text = models.TextField(_("本文"))
    date = models.DateField(_("日付"), null=True, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"), null=True, blank=True)
    council = models.ForeignKey(
        Council, verbose_name=_("審議会"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("案件"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("会議"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    agenda_item = models.ForeignKey(
        AgendaItem, verbose_name=_("議題"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    minutes = models.ForeignKey(
        Minutes, verbose_name=_("会議録"), null=True, on_delete=models.CASCADE, related_name="+"
    )
    handling_type = models.CharField(_("取扱い"), max_length=40, blank=True)
    outcome = models.CharField(_("結果"), max_length=30, blank=True)
    role = models.CharField(_("発言者の立場"), max_length=12, blank=True)
    phase = models.CharField(_("質疑の時期"), max_length=10, blank=True)
    audience = models.CharField(
        _("対象"), max_length=10, choices=Audience.choices, default=Audience.INTERNAL
    )

    class Meta:
        verbose_name = _("検索文書")
        verbose_name_plural = _("検索文書")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["kind"], name="search_doc_kind_idx"),
            models.Index(fields=["date"], name="search_doc_date_idx"),
        ]

    def __str__(self) -> str:
        return self.title


class PrecedentProfile(models.Model):
    """What a case, or an agenda item without a case, is compared by when precedents are
    sought (`precedents.Profile`): stored so that a case page does not read and tokenise the
    whole corpus. Kept in step with the search index's units (`precedent_index.refresh`).

    Every case has one, whatever its status (the case being viewed is the query). The
    corpus a process ranks holds the `candidate` ones only: decided cases and agenda items of
    held meetings or with a decision, so that editing a draft does not make every process
    read the corpus again. Whether a candidate may be offered to a reader (decided, visible)
    is checked again from the live rows when precedents are sought. `digest` fingerprints the
    content: the count and sum over the candidates tell a process whether its corpus is
    current.
    """

    key = models.CharField(_("キー"), max_length=40, unique=True)
    case = models.OneToOneField(
        Case,
        verbose_name=_("案件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        verbose_name=_("議題"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    handling_types = models.JSONField(_("取扱い"), default=list)
    categories = models.JSONField(_("項目の区分"), default=list)
    channels = models.JSONField(_("経路・媒体"), default=list)
    party_kinds = models.JSONField(_("関係者の種別"), default=list)
    contractors = models.JSONField(_("委託先"), default=list)
    terms = models.JSONField(_("語と出現数"), default=dict)
    has_dossier = models.BooleanField(_("案件の記載あり"), default=True)
    candidate = models.BooleanField(_("先例の候補"), default=False, db_index=True)
    digest = models.PositiveIntegerField(_("指紋"), default=0)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    class Meta:
        verbose_name = _("類似案件の特徴")
        verbose_name_plural = _("類似案件の特徴")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key
