"""A person's contribution to a work (``Contrib``) and the role class that weighs it.

``ROLE_CLASSES`` names the ``RankSettings`` field of each class (``kg.experts.rank``,
``kg.experts.weights``); ``role_class`` says which one a contribution falls in: first, last or
middle author, first or other inventor, principal investigator, project member, creator, or
a person mentioned in a report's sentence.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Contrib:
    expert: int
    role: str  # author | inventor | pi | member | creator | mentioned
    position: int = 0
    count: int = 0
    sentence: str = ""


ROLE_CLASSES = (
    "first_author",
    "last_author",
    "middle_author",
    "first_inventor",
    "other_inventor",
    "pi",
    "member",
    "creator",
    "mentioned",
)


def role_class(c: Contrib) -> int:
    """Index into ROLE_CLASSES (the RankSettings field that weighs this contribution)."""
    if c.role == "pi":
        return 5
    if c.role == "member":
        return 6
    if c.role == "mentioned":
        return 8
    if c.role == "inventor":
        return 3 if c.position <= 1 else 4
    if c.role == "author" and c.position:
        if c.position == 1:
            return 0
        return 1 if c.count and c.position == c.count else 2
    return 7
