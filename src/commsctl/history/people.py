"""People named in commits and review exports, and when two mentions are the same person."""

from __future__ import annotations

import re
from typing import NamedTuple

# GitHub's private addresses, 12345+login@users.noreply.github.com or login@users.noreply.github.com.
NOREPLY = re.compile(r"^(?:\d+\+)?(?P<login>[^@]+)@users\.noreply\.github\.com$", re.IGNORECASE)


class Person(NamedTuple):
    """A name, an e-mail address and a platform login; any of them may be empty.

    A named tuple, because history builds one per commit and per trailer and
    tuples are the cheapest immutable records to create.
    """

    name: str = ""
    email: str = ""
    login: str = ""

    def keys(self) -> set[str]:
        """Return the case-folded identifiers that match this person: e-mail, name, login."""
        found = {self.email.casefold(), self.name.casefold(), self.login.casefold()}
        match = NOREPLY.match(self.email)
        if match:
            found.add(match["login"].casefold())
        found.discard("")
        return found

    def display(self) -> str:
        if self.name and self.email:
            return f"{self.name} <{self.email}>"
        return self.name or self.login or self.email

    def to_dict(self) -> dict[str, str]:
        return {key: value for key, value in (("name", self.name), ("email", self.email), ("login", self.login)) if value}


def parse_person(text: str) -> Person:
    """Parse ``Name <email>`` as written in a trailer; a bare value is taken as a name (or login)."""
    text = text.strip()
    if text.endswith(">") and "<" in text:
        name, _, email = text[:-1].rpartition("<")
        return Person(name=name.strip(), email=email.strip())
    if "@" in text and " " not in text:
        return Person(email=text)
    return Person(name=text)


def same_person(first: Person, second: Person) -> bool:
    """Return True when the two share an e-mail address, name or login, ignoring case."""
    return bool(first.keys() & second.keys())


def is_among(person: Person, people: list[Person]) -> bool:
    return any(same_person(person, other) for other in people)
