"""Users with one role each, and the audit trail every action writes to."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """What a signed-in person is to the council; the public needs no account."""

    SECRETARIAT = "secretariat", _("事務局")
    DEPARTMENT = "department", _("担当課")
    MEMBER = "member", _("委員")


class User(AbstractUser):
    """A person who signs in. Department staff are linked to departments in `councils`,
    members to their `Member` rows, so this model knows nothing of the organisation."""

    role = models.CharField(_("役割"), max_length=20, choices=Role.choices)
    display_name = models.CharField(_("表示名"), max_length=100, blank=True)
    failed_logins = models.PositiveSmallIntegerField(_("連続したサインイン失敗"), default=0)
    locked_until = models.DateTimeField(_("ロック解除日時"), null=True, blank=True)
    totp_secret = models.CharField(_("二要素認証の秘密鍵"), max_length=64, blank=True)
    totp_enabled = models.BooleanField(_("二要素認証"), default=False)

    class Meta:
        verbose_name = _("利用者")
        verbose_name_plural = _("利用者")

    def __str__(self) -> str:
        return self.display_name or self.username

    @property
    def is_secretariat(self) -> bool:
        return self.is_active and (self.role == Role.SECRETARIAT or self.is_superuser)

    @property
    def is_department_staff(self) -> bool:
        return self.is_active and self.role == Role.DEPARTMENT

    @property
    def is_council_member(self) -> bool:
        return self.is_active and self.role == Role.MEMBER


class AuditEvent(models.Model):
    """One thing that happened: who did what to which record, when and from where.

    Rows are only ever added; the admin shows them read-only.
    """

    class Action(models.TextChoices):
        CREATE = "create", _("作成")
        CHANGE = "change", _("変更")
        DELETE = "delete", _("削除")
        SUBMIT = "submit", _("提出")
        DECIDE = "decide", _("議決")
        EXPORT = "export", _("出力")
        VIEW = "view", _("閲覧")
        SIGN_IN = "sign_in", _("サインイン")
        SIGN_IN_FAILED = "sign_in_failed", _("サインイン失敗")
        SIGN_OUT = "sign_out", _("サインアウト")
        IMPORT = "import", _("取込")
        SEAL = "seal", _("確定記録")

    at = models.DateTimeField(_("日時"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_name = models.CharField(_("操作者名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices)
    object_type = models.CharField(_("対象の種類"), max_length=60, blank=True)
    object_id = models.CharField(_("対象ID"), max_length=40, blank=True)
    summary = models.CharField(_("内容"), max_length=300, blank=True)
    changes = models.JSONField(_("変更内容"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("接続元"), null=True, blank=True)
    # A seal: the hash of a record's content when it became final (a submitted revision,
    # a decision, approved minutes). `shingikai verify` recomputes it from the record.
    content_hash = models.CharField(_("記録のハッシュ"), max_length=64, blank=True)
    # The chain: each event's hash covers the previous event's, so no event can be changed,
    # removed or inserted without breaking every later hash.
    prev_hash = models.CharField(_("直前のハッシュ"), max_length=64, blank=True)
    hash = models.CharField(_("ハッシュ"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("監査記録")
        verbose_name_plural = _("監査記録")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.get_action_display()}"


class AuditChainHead(models.Model):
    """One row whose lock serialises appends to the audit chain, so concurrent events
    cannot both claim the same predecessor."""

    last_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("監査記録の末尾")
        verbose_name_plural = _("監査記録の末尾")

    def __str__(self) -> str:
        return self.last_hash[:12]
