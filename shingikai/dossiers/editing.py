"""Editing the parts of a dossier on the case page: handlings (fields and items), parties,
flow steps and safeguards.

Every edit reads the dossier whole, changes one part, checks the result with the same
rules a case-file import uses, and writes it back in one transaction. With htmx the edit
form opens in place and a save answers with the re-rendered dossier (diagram included);
without JavaScript the same URLs work as ordinary pages.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shingikai.dossiers import access, actions, records
from shingikai.dossiers import dossier_forms as f
from shingikai.dossiers.context import dossier_context
from shingikai.dossiers.models import Case
from shingikai.dossiers.structure import casefile, schema
from shingikai.dossiers.structure import dossier as d


def _done(request: HttpRequest, case: Case, anchor: str) -> HttpResponse:
    if request.htmx:
        response = render(request, "dossiers/_dossier.html", dossier_context(request, case))
        response["HX-Retarget"] = "#dossier"
        response["HX-Reswap"] = "outerHTML"
        return response
    return redirect(f"{case.get_absolute_url()}#{anchor}")


def _form(request: HttpRequest, case: Case, template: str, context: dict[str, Any]) -> HttpResponse:
    context = {**context, "case": case, "part_template": template}
    return render(request, template if request.htmx else "dossiers/part_edit.html", context)


def _posted_version(request: HttpRequest) -> int | None:
    """The case version the editor's page was drawn from (a hidden field in every form)."""
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _stale_message() -> str:
    return _(
        "この案件は、あなたが画面を開いた後に他の人が保存したため、保存しませんでした。"
        "あなたの入力は残っています。案件ページで最新の内容を確認し、"
        "このまま上書きする場合はもう一度保存してください。"
    )


def _save(
    request: HttpRequest, case: Case, dossier: d.Dossier, summary: str, *, check: bool = True
) -> list[str]:
    """Check and write; the problems (Japanese, with their place) if it cannot be saved.
    A save based on an outdated page is refused: the editor keeps what they typed, and the
    re-drawn form carries the current version, so saving again is a deliberate overwrite."""
    expected = _posted_version(request)
    if expected is not None and expected != case.version:
        return [_stale_message()]
    problems = casefile.check(dossier, records.catalogue()) if check else []
    if problems:
        return [str(p) for p in problems]
    try:
        actions.save_dossier(request.user, case, dossier, request, summary, expected)
    except actions.StaleEdit:
        case.refresh_from_db()
        return [_stale_message()]
    except records.DecidedHandling as exc:
        return [_("議決済みの取扱いは削除・変更できません（%s）。") % exc]
    return []


def _load(request: HttpRequest, pk: int) -> tuple[Case, d.Dossier]:
    case = access.get_case_for_edit(request.user, pk)
    return case, records.dossier_of(case)


def _replace_at(rows: tuple[Any, ...], index: int, row: Any | None) -> tuple[Any, ...]:
    """The tuple with row `index` (0-based) replaced, removed (None) or appended (== len)."""
    head, tail = rows[:index], rows[index + 1 :]
    return head + ((row,) if row is not None else ()) + tail


# -- handlings ------------------------------------------------------------------------------


@login_required
@require_POST
def handling_add(request: HttpRequest, pk: int) -> HttpResponse:
    case, dossier = _load(request, pk)
    h_type = request.POST.get("type", "")
    if h_type not in schema.SPECS:
        messages.error(request, _("取扱いの種類を選んでください。"))
        return _done(request, case, "handlings")
    added = d.Handling(type=h_type, title=schema.SPECS[h_type].heading)
    new = dataclasses.replace(dossier, handlings=(*dossier.handlings, added))
    # A new handling starts empty; the rules apply from its first save.
    problems = _save(request, case, new, f"取扱いを追加: {added.title}", check=False)
    if problems:
        messages.error(request, problems[0])
        return _done(request, case, "handlings")
    return redirect("dossiers:handling_edit", pk=case.pk, n=len(new.handlings))


@login_required
def handling_edit(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    case, dossier = _load(request, pk)
    if not 1 <= n <= len(dossier.handlings):
        raise Http404("no such handling")
    handling = dossier.handlings[n - 1]
    spec = schema.SPECS[handling.type]
    catalogue = records.catalogue()
    form = f.HandlingForm(
        request.POST or None, spec=spec, parties=dossier.parties, handling=handling
    )
    items = f.ItemFormSet(
        request.POST or None,
        prefix="items",
        initial=[dataclasses.asdict(i) for i in handling.items],
        form_kwargs={"catalogue": catalogue, "with_source": bool(spec.item_sources)},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid() and (not spec.has_items or items.is_valid()):
        edited = dataclasses.replace(
            handling,
            title=form.cleaned_data["title"].strip(),
            legal_basis=form.cleaned_data["legal_basis"].strip(),
            party=form.cleaned_data.get("party", ""),
            fields=form.cleaned_data["typed_fields"],
            items=tuple(i for i in (x.item() for x in items) if i) if spec.has_items else (),
        )
        new = dataclasses.replace(dossier, handlings=_replace_at(dossier.handlings, n - 1, edited))
        problems = _save(request, case, new, f"第{n} {spec.label}を編集")
        if not problems:
            return _done(request, case, f"handling-{n}")
    return _form(
        request,
        case,
        "dossiers/_handling_form.html",
        {
            "form": form,
            "items": items,
            "spec": spec,
            "n": n,
            "problems": problems,
            "catalogue_names": sorted(catalogue),
        },
    )


@login_required
@require_POST
def handling_delete(request: HttpRequest, pk: int, n: int) -> HttpResponse:
    case, dossier = _load(request, pk)
    if not 1 <= n <= len(dossier.handlings):
        raise Http404("no such handling")
    safeguards = tuple(_shift_handling(s, n) for s in dossier.safeguards)
    new = dataclasses.replace(
        dossier,
        handlings=_replace_at(dossier.handlings, n - 1, None),
        safeguards=tuple(s for s in safeguards if s is not None),
    )
    problems = _save(request, case, new, f"第{n}の取扱いを削除")
    _report_delete(request, problems, _("取扱いを削除しました。"), refused=None)
    return _done(request, case, "handlings")


def _shift_handling(s: d.Safeguard, removed: int) -> d.Safeguard | None:
    """Safeguards follow their handling when an earlier one is removed."""
    if s.handling is None or s.handling < removed:
        return s
    if s.handling == removed:
        return None
    return dataclasses.replace(s, handling=s.handling - 1)


# -- parties --------------------------------------------------------------------------------


def _party_from(data: dict[str, Any], key: str) -> d.Party:
    cert = ()
    if data.get("cert_type"):
        cert = (
            d.Certification(
                type=data["cert_type"],
                number=data.get("cert_number", ""),
                expires_on=data.get("cert_expires_on"),
            ),
        )
    return d.Party(
        key=key,
        name=data["name"].strip() or "未定",
        kind=data["kind"],
        undecided=bool(data.get("undecided")),
        selection_method=data["selection_method"].strip(),
        certifications=cert,
        parent=data.get("parent", ""),
        prior_approval_required=data.get("prior_approval_required"),
        location=data["location"].strip(),
        note=data["note"].strip(),
    )


def _party_initial(p: d.Party) -> dict[str, Any]:
    cert = p.certifications[0] if p.certifications else None
    return {
        **{k: v for k, v in dataclasses.asdict(p).items() if k != "certifications"},
        "prior_approval_required": f.initial_value(
            schema.FieldSpec("x", "x", schema.BOOL), p.prior_approval_required
        ),
        "cert_type": cert.type if cert else "",
        "cert_number": cert.number if cert else "",
        "cert_expires_on": cert.expires_on.isoformat() if cert and cert.expires_on else "",
    }


def _new_key(dossier: d.Dossier, kind: str) -> str:
    taken = {p.key for p in dossier.parties}
    return next(f"{kind}-{i}" for i in range(1, 1000) if f"{kind}-{i}" not in taken)


def _rename_party(dossier: d.Dossier, old: str, new: str) -> d.Dossier:
    def swap(key: str) -> str:
        return new if key == old else key

    return dataclasses.replace(
        dossier,
        parties=tuple(dataclasses.replace(p, parent=swap(p.parent)) for p in dossier.parties),
        handlings=tuple(dataclasses.replace(h, party=swap(h.party)) for h in dossier.handlings),
        flow=tuple(
            dataclasses.replace(s, source=swap(s.source), target=swap(s.target))
            for s in dossier.flow
        ),
        safeguards=tuple(dataclasses.replace(s, party=swap(s.party)) for s in dossier.safeguards),
    )


def _party_view(request: HttpRequest, pk: int, key: str | None) -> HttpResponse:
    case, dossier = _load(request, pk)
    index = next((i for i, p in enumerate(dossier.parties) if p.key == key), None)
    if key is not None and index is None:
        raise Http404("no such party")
    current = dossier.parties[index] if index is not None else None
    form = f.PartyForm(
        request.POST or None,
        parties=dossier.parties,
        current=key or "",
        initial=_party_initial(current) if current else {},
    )
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        new_key = form.cleaned_data["key"] or key or _new_key(dossier, form.cleaned_data["kind"])
        party = _party_from(form.cleaned_data, new_key)
        where = index if index is not None else len(dossier.parties)
        new = dataclasses.replace(dossier, parties=_replace_at(dossier.parties, where, party))
        if key and key != new_key:
            new = _rename_party(new, key, new_key)
        problems = _save(request, case, new, f"関係者「{party.name}」を保存")
        if not problems:
            return _done(request, case, "parties")
    return _form(
        request, case, "dossiers/_party_form.html", {"form": form, "key": key, "problems": problems}
    )


@login_required
def party_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _party_view(request, pk, None)


@login_required
def party_edit(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    return _party_view(request, pk, key)


@login_required
@require_POST
def party_delete(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    return _delete(
        request,
        pk,
        lambda dossier: _without_party(dossier, key),
        "parties",
        _("関係者を削除しました。"),
    )


def _without_party(dossier: d.Dossier, key: str) -> d.Dossier:
    if dossier.party(key) is None:
        raise Http404("no such party")
    return dataclasses.replace(
        dossier,
        parties=tuple(p for p in dossier.parties if p.key != key),
        safeguards=tuple(s for s in dossier.safeguards if s.party != key),
    )


def _delete(
    request: HttpRequest, pk: int, change: Callable[[d.Dossier], d.Dossier], anchor: str, done: str
) -> HttpResponse:
    """Remove one part; refused (with the reason) when something still refers to it."""
    case, dossier = _load(request, pk)
    problems = _save(request, case, change(dossier), done)
    _report_delete(
        request, problems, done, refused=_("削除できません。次の箇所がこの項目を参照しています。")
    )
    return _done(request, case, anchor)


def _report_delete(
    request: HttpRequest, problems: list[str], done: str, *, refused: str | None
) -> None:
    """Say what a delete did; `refused` heads the list of problems that stopped it."""
    if not problems:
        messages.success(request, done)
    elif problems == [_stale_message()]:
        messages.error(
            request,
            _(
                "この案件は、画面を開いた後に他の人が保存したため、削除しませんでした。"
                "最新の内容を確認してから、もう一度削除してください。"
            ),
        )
    else:
        if refused:
            messages.error(request, refused)
        for problem in problems:
            (messages.warning if refused else messages.error)(request, problem)


# -- flow -----------------------------------------------------------------------------------


def _step_view(request: HttpRequest, pk: int, number: int | None) -> HttpResponse:
    case, dossier = _load(request, pk)
    current = dossier.step(number) if number is not None else None
    if number is not None and current is None:
        raise Http404("no such step")
    initial: dict[str, Any] = {"number": max((s.number for s in dossier.flow), default=0) + 1}
    if current is not None:
        initial = {
            **dataclasses.asdict(current),
            "items": list(current.items),
            "encrypted": f.initial_value(
                schema.FieldSpec("x", "x", schema.BOOL), current.encrypted
            ),
        }
    form = f.FlowStepForm(request.POST or None, dossier=dossier, current=number, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        step = d.FlowStep(
            number=data["number"],
            source=data["source"],
            target=data["target"],
            action=data["action"].strip(),
            items=tuple(data["items"]),
            channel=data["channel"],
            encrypted=data["encrypted"],
            kept=data["kept"].strip(),
            retention=data["retention"].strip(),
            disposal=data["disposal"].strip(),
        )
        others = tuple(s for s in dossier.flow if s.number != number)
        flow = tuple(sorted((*others, step), key=lambda s: s.number))
        safeguards = tuple(
            dataclasses.replace(s, step=step.number) if number and s.step == number else s
            for s in dossier.safeguards
        )
        new = dataclasses.replace(dossier, flow=flow, safeguards=safeguards)
        problems = _save(request, case, new, f"流れ{step.number}を保存")
        if not problems:
            return _done(request, case, "flow")
    return _form(
        request,
        case,
        "dossiers/_step_form.html",
        {"form": form, "number": number, "problems": problems},
    )


@login_required
def step_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _step_view(request, pk, None)


@login_required
def step_edit(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    return _step_view(request, pk, number)


@login_required
@require_POST
def step_delete(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    def change(dossier: d.Dossier) -> d.Dossier:
        if dossier.step(number) is None:
            raise Http404("no such step")
        return dataclasses.replace(
            dossier,
            flow=tuple(s for s in dossier.flow if s.number != number),
            safeguards=tuple(s for s in dossier.safeguards if s.step != number),
        )

    return _delete(request, pk, change, "flow", _("流れを削除しました。"))


# -- safeguards -----------------------------------------------------------------------------


def _safeguard_view(request: HttpRequest, pk: int, index: int | None) -> HttpResponse:
    case, dossier = _load(request, pk)
    if index is not None and not 1 <= index <= len(dossier.safeguards):
        raise Http404("no such safeguard")
    initial: dict[str, Any] = {}
    if index is not None:
        current = dossier.safeguards[index - 1]
        initial = {
            "kind": current.kind,
            "clause": current.clause,
            "text": current.text,
            "target": f.target_value(current),
        }
    else:
        initial = {"target": request.GET.get("target", "")}
    form = f.SafeguardForm(request.POST or None, dossier=dossier, initial=initial)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        safeguard = f.safeguard_from(form.cleaned_data)
        where = index - 1 if index is not None else len(dossier.safeguards)
        new = dataclasses.replace(
            dossier, safeguards=_replace_at(dossier.safeguards, where, safeguard)
        )
        problems = _save(request, case, new, "安全管理措置を保存")
        if not problems:
            return _done(request, case, "safeguards")
    return _form(
        request,
        case,
        "dossiers/_safeguard_form.html",
        {"form": form, "index": index, "problems": problems},
    )


@login_required
def safeguard_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _safeguard_view(request, pk, None)


@login_required
def safeguard_edit(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    return _safeguard_view(request, pk, index)


@login_required
@require_POST
def safeguard_delete(request: HttpRequest, pk: int, index: int) -> HttpResponse:
    def change(dossier: d.Dossier) -> d.Dossier:
        if not 1 <= index <= len(dossier.safeguards):
            raise Http404("no such safeguard")
        return dataclasses.replace(
            dossier, safeguards=_replace_at(dossier.safeguards, index - 1, None)
        )

    return _delete(request, pk, change, "safeguards", _("安全管理措置を削除しました。"))
