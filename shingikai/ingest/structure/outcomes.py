"""Outcomes and votes of agenda items, from what the chair declares.

A decision is read from the chair's words (or, in a summary record, from its narrative):
「諮問については是とさせていただきます」, 「本件諮問については承認といたします」,
「異議なしと認めます」 (approved; with 条件・付帯意見・意見を付して, approved with conditions),
「この報告を了解といたします」 (a report acknowledged), 継続審議, 不承認. Votes are the counts
said aloud: 「賛成17名、反対0名」, 「15人、全員賛成です」.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from shingikai.ingest.normalize import fold
from shingikai.ingest.records import Votes

APPROVED, CONDITIONS, ACKNOWLEDGED = "approved", "approved_with_conditions", "acknowledged"
REJECTED, CONTINUED = "rejected", "continued"

_REJECT = re.compile(r"不承認|否決|承認(?:し|でき)(?:ない|ません)|認めないこと")
_CONTINUE = re.compile(r"継続審議|審議を継続|継続して審議")
_APPROVE = re.compile(
    r"承認(?=[。、\s)）】]|$|と|いたし|する|され|しま|という|で(?:よろし|差し支え))"
    r"|是と(?:させ|する|いたし|しま)|異議(?:なし|がない|はない)(?:と|として)認め"
    r"|原案(?:の)?(?:とおり|どおり)(?:承認|了承|可決|決定)|可決(?:と|いたし|する|され)|適当と認め"
    r"|(?:適当|妥当|差し支えない)(?:である|で)?(?:旨|と)(?:の)?答申"
)
_ACKNOWLEDGE = re.compile(
    r"(?:を|は)(?:了承|了解)(?:と|し|いたし)|(?:了承|了解)(?:と(?:いたし|し|する|させ)|ということ)"
    r"|了承され(?:まし)?た"
)
_CONDITION = re.compile(r"条件|付帯意見|附帯意見|意見を付")
_SENTENCE = re.compile(r"[^。]*(?:。|$)")
# A sentence that asks rather than declares: …承認ということでよろしいですか。
_PROPOSAL = re.compile(r"(?:か|かね|かな)[。？?\s]*$|いかが")
_NO_OBJECTION = re.compile(r"異議なし|異議がない")

_FOR = re.compile(r"賛成(?:者)?\s*([0-9]+)\s*[名人]")
_AGAINST = re.compile(r"反対(?:者)?\s*([0-9]+)\s*[名人]")
_UNANIMOUS = re.compile(r"([0-9]+)\s*[名人](?:、|,)?\s*全員(?:が)?賛成")


@dataclass
class Tally:
    """What the record says about one item: decisions in order, kinds named, votes."""

    decisions: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # 諮問/報告 named in a decision sentence
    no_objection: bool = False
    votes: Votes | None = None

    def decide(self, text: str) -> bool:
        """Note the decisions a chair's (or narrative) text declares; True if any."""
        if not _SENTINEL.search(text):
            return False
        found = False
        for sentence in _SENTENCE.findall(text):
            decision = decision_of(sentence)
            if decision is None:
                continue
            self.kinds += [k for k in ("諮問", "報告") if k in sentence]
            if not _PROPOSAL.search(sentence):
                self.decisions.append(decision)
                found = True
        return found

    def count(self, text: str) -> None:
        """Note vote counts said in any turn; later counts replace earlier ones."""
        if "賛成" not in text and "反対" not in text:
            return
        text = fold(text)
        votes = self.votes or Votes()
        unanimous = _UNANIMOUS.search(text)
        if unanimous is not None:
            n = int(unanimous[1])
            votes = Votes(for_=n, against=0, present=n)
        if (m := _FOR.search(text)) is not None:
            votes.for_ = int(m[1])
        if (m := _AGAINST.search(text)) is not None:
            votes.against = int(m[1])
        if votes.for_ is not None:
            self.votes = votes

    def stage(self, text: str) -> None:
        """Note a stage direction: （「異議なし」の声あり）."""
        if _NO_OBJECTION.search(text):
            self.no_objection = True

    def outcome(self, kind: str) -> str | None:
        """The item's outcome for its kind, or None when nothing was declared."""
        decisions = self.decisions or ([APPROVED] if self.no_objection else [])
        if not decisions:
            return None
        final = next((d for d in reversed(decisions) if d in (REJECTED, CONTINUED)), None)
        if final is not None and decisions.index(final) >= _last_approval(decisions):
            return final
        if kind == "report":
            return ACKNOWLEDGED
        if CONDITIONS in decisions:
            return CONDITIONS
        if APPROVED in decisions or kind == "consultation":
            return APPROVED
        return ACKNOWLEDGED


_SENTINEL = re.compile(r"承認|是と|異議|可決|適当|妥当|差し支え|了承|了解|継続|否決")


def _last_approval(decisions: list[str]) -> int:
    positions = [i for i, d in enumerate(decisions) if d in (APPROVED, CONDITIONS, ACKNOWLEDGED)]
    return positions[-1] if positions else -1


def decision_of(sentence: str) -> str | None:
    """The decision one sentence declares, if any."""
    if _REJECT.search(sentence):
        return REJECTED
    if _CONTINUE.search(sentence):
        return CONTINUED
    if _APPROVE.search(sentence):
        return CONDITIONS if _CONDITION.search(sentence) else APPROVED
    if _ACKNOWLEDGE.search(sentence):
        return ACKNOWLEDGED
    return None
