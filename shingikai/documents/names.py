"""How the documents name things: parties, certifications, the target of a safeguard; step
numbers are circled by lib.jpnum."""

from __future__ import annotations

from shingikai.dossiers.structure import schema
from shingikai.dossiers.structure.dossier import Certification, Dossier, Party, Safeguard
from shingikai.lib import glossary, wareki
from shingikai.lib.jpnum import circled

UNDECIDED = "未定"


def numbered(number: str, label: str) -> str:
    """A form label with its form number: 「1 委託の件名」."""
    return f"{number} {label}" if number else label


def party_name(party: Party) -> str:
    """The party's name as a list of parties prints it; an undecided one is 「未定」."""
    if not party.undecided:
        return party.name
    return UNDECIDED if party.name in ("", UNDECIDED) else f"{party.name}（{UNDECIDED}）"


def party_role_name(dossier: Dossier, key: str) -> str:
    """A party named where its role must show (flow steps): 「委託先（未定）」."""
    party = dossier.party(key)
    if party is None:
        return key or "—"
    if party.undecided and party.name in ("", UNDECIDED):
        return f"{glossary.label(glossary.PARTY_KINDS, party.kind)}（{UNDECIDED}）"
    return party_name(party)


def certification(cert: Certification) -> str:
    """「ISMS（ISO/IEC 27001） 登録番号 IS 123（有効期限 令和7年3月31日）」."""
    text = glossary.label(glossary.CERTIFICATIONS, cert.type)
    if cert.number:
        text += f" 登録番号 {cert.number}"
    if cert.expires_on is not None:
        text += f"（有効期限 {wareki.format_date(cert.expires_on, weekday=False)}）"
    return text


def approval(required: bool | None) -> str:
    """Whether a sub-contract needs the ward's prior approval: 要, 不要 or 記載なし."""
    if required is None:
        return "記載なし"
    return "要" if required else "不要"


def safeguard_kind(safeguard: Safeguard) -> str:
    """「契約上の対策（特記事項）」: the kind, with the contract clause when there is one."""
    kind = glossary.label(glossary.SAFEGUARD_KINDS, safeguard.kind)
    if not safeguard.clause:
        return kind
    return f"{kind}（{glossary.label(glossary.CONTRACT_CLAUSES, safeguard.clause)}）"


def safeguard_target(dossier: Dossier, safeguard: Safeguard) -> str:
    """What a safeguard protects: 「第1 外部委託」, a party, 「⑧ …」 or 「案件全体」."""
    if safeguard.handling is not None:
        return handling_short(dossier, safeguard.handling)
    if safeguard.party:
        return party_role_name(dossier, safeguard.party)
    if safeguard.step is not None:
        step = dossier.step(safeguard.step)
        action = f" {step.action}" if step is not None and step.action else ""
        return f"{circled(safeguard.step)}{action}"
    return "案件全体"


def handling_short(dossier: Dossier, number: int) -> str:
    """「第1 外部委託」: a handling by its position and type."""
    if not 1 <= number <= len(dossier.handlings):
        return f"第{number}"
    spec = schema.SPECS.get(dossier.handlings[number - 1].type)
    return f"第{number} {spec.label}" if spec is not None else f"第{number}"
