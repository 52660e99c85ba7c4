"""Agreement counting: confusion tables, accuracy, precision and recall of one label. No engine imports."""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any


def ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


class Tally:
    """Expected -> actual counts for one metric (a criterion, language detection, one set rule...)."""

    def __init__(self) -> None:
        self.confusion: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def add(self, expected: str, actual: str) -> None:
        self.confusion[expected][actual] += 1

    @property
    def n(self) -> int:
        return sum(sum(row.values()) for row in self.confusion.values())

    @property
    def correct(self) -> int:
        return sum(row[label] for label, row in self.confusion.items())

    @property
    def accuracy(self) -> float | None:
        return ratio(self.correct, self.n)

    def precision(self, label: str) -> float | None:
        predicted = sum(row[label] for row in self.confusion.values())
        return ratio(self.confusion.get(label, Counter())[label], predicted)

    def recall(self, label: str) -> float | None:
        row = self.confusion.get(label, Counter())
        return ratio(row[label], sum(row.values()))

    def as_dict(self, positive: str | None = None) -> dict[str, Any]:
        result: dict[str, Any] = {"n": self.n, "accuracy": self.accuracy}
        if positive is not None:
            result[f"{positive}_precision"] = self.precision(positive)
            result[f"{positive}_recall"] = self.recall(positive)
        result["confusion"] = {exp: dict(sorted(row.items())) for exp, row in sorted(self.confusion.items())}
        return result


class GroupedTally:
    """One Tally overall ("all") and one per group (language, kind...)."""

    def __init__(self, groups: tuple[str, ...]) -> None:
        self.all = Tally()
        self.groups = {group: Tally() for group in groups}

    def add(self, group: str, expected: str, actual: str) -> None:
        self.all.add(expected, actual)
        self.groups.setdefault(group, Tally()).add(expected, actual)

    def as_dict(self, positive: str | None = None) -> dict[str, Any]:
        return {"all": self.all.as_dict(positive), **{g: t.as_dict(positive) for g, t in self.groups.items()}}
