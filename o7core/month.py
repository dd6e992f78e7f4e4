"""A calendar month (Monat) as a small value type."""

from __future__ import annotations

from dataclasses import dataclass

MONTH_ABBR_DE = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")


@dataclass(frozen=True, order=True, slots=True)
class Month:
    """A calendar month, e.g. ``Month(2021, 9)``; ``str()`` gives ``2021-09``."""

    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"Monat {self.month} liegt nicht zwischen 1 und 12")
        if not 1900 <= self.year <= 2200:
            raise ValueError(f"Jahr {self.year} liegt außerhalb von 1900–2200")

    @classmethod
    def parse(cls, text: str) -> Month:
        """Parse the ISO form ``YYYY-MM`` (the scenario file's form)."""
        parts = str(text).strip().split("-")
        if len(parts) != 2 or not (parts[0].isdigit() and parts[1].isdigit()) or len(parts[0]) != 4:
            raise ValueError(f"„{text}“ ist kein Monat der Form JJJJ-MM")
        return cls(int(parts[0]), int(parts[1]))

    def shift(self, months: int) -> Month:
        index = self.year * 12 + self.month - 1 + months
        return Month(index // 12, index % 12 + 1)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def label(self) -> str:
        """German short label, ``Sep 2021``."""
        return f"{MONTH_ABBR_DE[self.month - 1]} {self.year}"

    @property
    def label_numeric(self) -> str:
        """German numeric label, ``09/2021``."""
        return f"{self.month:02d}/{self.year}"
