"""The Service Center region as data: its Jobcenters, the Service Center sites, and the promises of the contract.

No reading and no map here: ``reader`` fills these classes from files, ``layout`` turns them into a map.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import HasProblems, Problem
from ..workdays import STATES

#: The service description promises an annual average reachability of 75 % (``000_*.txt``).
CONTRACT_TARGET = 0.75
#: … and a closure rate (Fallabschlussquote) of at least 70 %.
CLOSURE_TARGET = 0.70
#: Width of the "clearly above/below" bands of the colour scale, as a fraction (10 points).
BAND = 0.10


@dataclass(frozen=True, slots=True, kw_only=True)
class RegionJobcenter:
    """One Jobcenter of the region file.

    ``latitude``/``longitude`` in degrees (WGS84), ``bg_count`` benefit households (BG),
    ``reachability`` and ``closure_rate`` as fractions (0.55), ``None`` where not given.
    """

    jcnr: str
    name: str
    state: str = ""
    latitude: float
    longitude: float
    bg_count: int
    reachability: float | None = None
    closure_rate: float | None = None
    service_center: str = ""
    note: str = ""
    source: str = ""
    row: int | None = None

    @property
    def label(self) -> str:
        """Short map label: the name without a leading ``JC``/``Jobcenter``."""
        return re.sub(r"^(jobcenter|jc)\s+", "", self.name.strip(), flags=re.IGNORECASE) or self.name


@dataclass(frozen=True, slots=True, kw_only=True)
class ServiceCenterSite:
    """A Service Center site (Standort) of the region."""

    name: str
    town: str = ""
    latitude: float
    longitude: float
    note: str = ""

    @property
    def label(self) -> str:
        """``SC Freiburg`` for ``Service Center Freiburg``."""
        return re.sub(r"^service\s*center\s+", "SC ", self.name.strip(), flags=re.IGNORECASE)


@dataclass(frozen=True, slots=True, kw_only=True)
class Region:
    """The Jobcenters of a region and the Service Center sites that serve them."""

    jobcenters: tuple[RegionJobcenter, ...]
    service_centers: tuple[ServiceCenterSite, ...] = ()
    sources: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The Bundesland where all Jobcenters lie in one, else ``Region``."""
        states = {jc.state for jc in self.jobcenters if jc.state}
        if len(states) == 1:
            return STATES.get(next(iter(states)), "Region")
        return "Region"

    @property
    def is_sample(self) -> bool:
        """True where the file marks its figures as sample values (``Hinweis`` says ``Beispiel…``)."""
        notes = [jc.note for jc in self.jobcenters] + [sc.note for sc in self.service_centers]
        return any("beispiel" in n.casefold() for n in notes)

    def find(self, jcnr: str | None) -> RegionJobcenter | None:
        """The Jobcenter with this JCNR (compared in normal form, ``62106`` = ``JC62106``)."""
        if not jcnr:
            return None
        key = normalize_jcnr(jcnr)
        return next((jc for jc in self.jobcenters if jc.jcnr == key), None)

    def site(self, name: str) -> ServiceCenterSite | None:
        key = name.strip().casefold()
        return next((sc for sc in self.service_centers if sc.name.casefold() == key), None)


@dataclass(frozen=True, slots=True)
class RegionImport(HasProblems):
    """What the region files gave: the region (where usable) and every problem."""

    region: Region | None
    problems: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return self.region is not None and not self.errors


def normalize_jcnr(value: str) -> str:
    """``jc 62106`` → ``JC62106``; a bare number gets the ``JC`` prefix."""
    text = re.sub(r"\s+", "", str(value)).upper()
    return "JC" + text if text.isdigit() else text
