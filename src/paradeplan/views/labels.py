"""Short names for labels on the map and the chart, unique within a plan.

A long name keeps its first words and, where two names would then read the same, as many of its
last words as tell it apart: "Land Forces - Regional Command East" becomes "Land Forces … East",
"Military Institute of the Land Forces" becomes "Military … Land Forces" beside "Military … Defence
Forces". Every page still shows the full name on hover and in tables.
"""

from __future__ import annotations

from collections import Counter

MAX_LABEL_CHARS = 26
ELLIPSIS = "…"
# words a shortened head does not end on: they read as if something were cut
DANGLING = {"-", "\u2013", "\u2014", "&", "and", "of", "the", "on", "for", "with", "in", "at", "a", "an", "to", "by"}


def short_labels(names: list[str], max_chars: int = MAX_LABEL_CHARS) -> list[str]:
    """One label per name, in order: the name when it fits in `max_chars`, else a shortened form; all distinct
    where the names are (equal names get " 2", " 3" after the first)."""
    tails = [0] * len(names)
    labels = [_shortened(name, 0, max_chars) for name in names]
    while True:
        counts = Counter(_read_as(label) for label in labels)
        clashing = [i for i, label in enumerate(labels)
                    if counts[_read_as(label)] > 1 and len(names[i]) > max_chars
                    and tails[i] < len(names[i].split()) - 1]
        if not clashing:
            break
        for i in clashing:
            tails[i] += 1
            labels[i] = _shortened(names[i], tails[i], max_chars)
    return _numbered(labels)


def _read_as(label: str) -> str:
    """What a label reads as at a glance: "… Air Defence Forces" and "Air Defence Forces" are the same."""
    return label.replace(ELLIPSIS, " ").strip().casefold()


def _shortened(name: str, tail_words: int, max_chars: int) -> str:
    """`name` within `max_chars`: as many leading words as fit, an ellipsis, then its last `tail_words` words."""
    if len(name) <= max_chars:
        return name
    words = name.split()
    tail = " ".join(words[len(words) - tail_words:]) if tail_words else ""
    joint = f" {ELLIPSIS} " if tail else ELLIPSIS
    room = max_chars - len(tail) - len(joint)
    head_words = words[: len(words) - tail_words]
    head = ""
    for count in range(len(head_words), 0, -1):
        kept = head_words[:count]
        while kept and kept[-1].lower() in DANGLING:
            kept = kept[:-1]
        candidate = " ".join(kept)
        if candidate and len(candidate) <= room:
            head = candidate
            break
    if head:
        return f"{head}{joint}{tail}" if tail else f"{head}{ELLIPSIS}"
    # no leading word fits beside the tail: as many last words as fit after the ellipsis
    for count in range(len(words) - 1, 0, -1):
        if words[len(words) - count].lower() in DANGLING:
            continue
        candidate = f"{ELLIPSIS} {' '.join(words[len(words) - count:])}"
        if len(candidate) <= max_chars:
            return candidate
    return name[: max_chars - 1] + ELLIPSIS


def _numbered(labels: list[str]) -> list[str]:
    """Labels that still read the same (equal names, or no words left to tell them apart) get " 2", " 3"."""
    seen: Counter[str] = Counter()
    out = []
    for label in labels:
        seen[_read_as(label)] += 1
        count = seen[_read_as(label)]
        out.append(label if count == 1 else f"{label} {count}")
    return out
