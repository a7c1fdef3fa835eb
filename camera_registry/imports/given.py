"""Rows whose point lies in no loaded boundary: the commune the file names, taken as given.

While a province's boundaries are not loaded yet, its communes are known (the
national list) but hold no polygon, so no point falls in them.  A row whose
commune column names such a commune — by code, or by name with or without its
type word and diacritics ("Phường Hồng Hà", "hong ha") — is accepted with that
commune and ``commune_basis = given``, and a warning says so.  Names are
matched among the communes in force on the row's date; where several share the
name, a ``province`` column (or mapping default) holding the province's code or
name picks one, else the row is an error listing them.  A row that names no
usable commune is an error naming the nearest communes (capped, so a file of
far-away points stays fast).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from camera_registry.cameras.nearest import NearestFinder, outside_reason
from camera_registry.imports import queries
from camera_registry.imports.queries import NamedCommune
from camera_registry.imports.report import Issue
from camera_registry.imports.rows import Parsed
from camera_registry.textnorm import fold

#: Type words a commune name may start with (folded).
COMMUNE_WORDS = ("thi tran ", "xa ", "phuong ", "dac khu ", "commune ", "ward ")
#: Type words a province name may start with (folded).
PROVINCE_WORDS = ("thanh pho ", "tinh ", "tp. ", "tp ", "province ")
#: Rows whose error gets the nearest communes (each costs a few indexed queries).
NEAREST_CAP = 200
TAKEN_AS_GIVEN = (
    "xã/phường {code} ({name}) chưa có ranh giới — lấy theo cột Xã/Phường / "
    "no boundary loaded: commune taken as given"
)


def bare(text: str, words: tuple[str, ...] = COMMUNE_WORDS) -> str:
    """A name folded, without its leading type word: ``"Phường Hồng Hà"`` → ``"hong ha"``."""
    folded = fold(text)
    for word in words:
        if folded.startswith(word):
            return folded.removeprefix(word)
    return folded


def _in_force(unit: NamedCommune, on: date) -> bool:
    return unit.valid_from <= on and (unit.valid_to is None or on <= unit.valid_to)


def _label(unit: NamedCommune) -> str:
    where = f", {unit.province_name}" if unit.province_name else ""
    return f"{unit.name} ({unit.code}{where})"


class CommuneNames:
    """The communes a file's commune column may mean, by code and by bare name."""

    def __init__(self, units: list[NamedCommune]) -> None:
        self.by_code: dict[str, list[NamedCommune]] = defaultdict(list)
        self.by_name: dict[str, list[NamedCommune]] = defaultdict(list)
        for unit in sorted(units, key=lambda u: (u.code, u.id)):
            self.by_code[unit.code].append(unit)
            self.by_name[bare(unit.name)].append(unit)

    @classmethod
    def load(cls, session: Session, texts: Iterable[str]) -> CommuneNames:
        """The communes whose code or name any of ``texts`` may be."""
        wanted = {str(t).strip() for t in texts}
        names = {bare(t) for t in wanted}
        folded = {f"{word}{name}" for name in names for word in ("", *COMMUNE_WORDS)}
        found = queries.communes_named(session, codes=sorted(wanted), folded_names=sorted(folded))
        return cls(found)

    def resolve(self, text: str, on: date, province: str | None) -> NamedCommune | str:
        """The commune ``text`` names on ``on`` (within ``province``), or why there is none."""
        text = str(text).strip()
        by_code = [u for u in self.by_code.get(text, []) if _in_force(u, on)]
        if by_code:
            return by_code[0]
        named = [u for u in self.by_name.get(bare(text), []) if _in_force(u, on)]
        if province is not None:
            want = bare(str(province), PROVINCE_WORDS)
            named = [
                u
                for u in named
                if u.province_code == str(province).strip()
                or bare(u.province_name or "", PROVINCE_WORDS) == want
            ]
        if len(named) == 1:
            return named[0]
        within = f" in province {province}" if province is not None else ""
        if not named:
            return f"no commune in force on {on:%d/%m/%Y} has the code or name {text!r}{within}"
        listed = "; ".join(_label(u) for u in named)
        return (
            f"several communes in force on {on:%d/%m/%Y} are named {text!r}{within}: {listed}; "
            "write the commune's code, or add a province column (Tỉnh/Thành phố)"
        )


@dataclass
class Outside:
    """The rows in no loaded boundary and what the file says about them."""

    parsed: Parsed
    recs: list[dict[str, Any] | None]
    days: list[date]
    lon_header: str
    commune_header: str


def _point_error(job: Outside, i: int, finder: NearestFinder, why: str, hinted: list[int]) -> None:
    record = job.recs[i]
    assert record is not None
    lon, lat, day = record["lon"], record["lat"], job.days[i]
    hint = ""
    if hinted[0] < NEAREST_CAP:
        hinted[0] += 1
        hint = finder.hint(lon, lat, day)
    job.parsed.error(
        i, job.lon_header, f"{lon}, {lat}", outside_reason(lon, lat, day, why + hint), "lon"
    )


def settle_outside(session: Session, job: Outside, rows: list[int]) -> dict[int, NamedCommune]:
    """Accept ``rows`` whose named commune has no boundary yet (a warning each); the rest
    are errors.  Returns the accepted rows' communes by row index."""
    given = job.parsed.values.get("commune_code") or [None] * len(job.recs)
    provinces = job.parsed.values.get("province") or [None] * len(job.recs)
    names = CommuneNames.load(session, {str(given[i]) for i in rows if given[i] is not None})
    finder, hinted = NearestFinder(session), [0]
    accepted: dict[int, NamedCommune] = {}
    for i in rows:
        if given[i] is None:
            _point_error(job, i, finder, "", hinted)
            continue
        found = names.resolve(given[i], job.days[i], provinces[i])
        if isinstance(found, str):
            job.parsed.error(i, job.commune_header, given[i], found, "commune_code")
        elif found.has_boundary:
            why = f"; commune {found.code} has a boundary and it does not contain the point"
            _point_error(job, i, finder, why, hinted)
        else:
            accepted[i] = found
            reason = TAKEN_AS_GIVEN.format(code=found.code, name=found.name)
            row = job.parsed.row_numbers[i]
            issue = Issue(row, job.commune_header, str(given[i]), reason, "warning", None)
            job.parsed.issues.append(issue)
    return accepted
