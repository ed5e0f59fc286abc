"""The control method a plan proposes for a risk, read from its handling note."""

from __future__ import annotations

import re
from functools import lru_cache

# Words that name how a risk is checked. A sentence with a strong one (a sample check, a
# survey) is the method itself; weaker ones are used only when no sentence has a strong one.
_STRONG = re.compile(r"stickprov|enkät|\bsamples?\b|\bsurvey", re.IGNORECASE)
_WEAK = re.compile(
    r"granskning|granska|kontroll|uppföljning|följas upp|följs upp|"
    r"\breview|\baudit|\binspect|\bchecks?\b|follow-up",
    re.IGNORECASE,
)
# "Risken ingår i kommunstyrelsens plan för internkontroll 2024." says where, not how.
_PLAN_MENTION = re.compile(
    r"ingår i .*plan för internkontroll|is part of .*control plan", re.IGNORECASE
)


@lru_cache(maxsize=4096)
def method_from_note(note: str) -> str:
    """The control method proposed by a handling note: its sentences that name a check."""
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+|\n+", note or "") if s.strip()]
    sentences = [s for s in sentences if not _PLAN_MENTION.search(s)]
    for words in (_STRONG, _WEAK):
        chosen = [s for s in sentences if words.search(s)]
        if chosen:
            return " ".join(chosen)
    return (note or "").strip()
