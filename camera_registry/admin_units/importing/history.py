"""Predecessors of post-reform units, from the published "merged from" text (``sap_nhap``).

Land offices publish what each new commune was formed from as free text:
"Phường A, Phường B và một phần xã C".  The text is split into names (commas,
semicolons, "và"; "một phần" marks a part), and each name is matched by folded
name to the legacy communes (those that ended before the unit's ``valid_from``)
of the legacy province(s) the unit's province was formed from.  A name several
legacy units carry (Hà Nội had two "Phường Quang Trung") is settled, where it
can be, by the district of the text's other, unambiguous names, else by which
candidate's centre point lies inside the new boundary; the choice is a warning
that says how it was made.  A name matching no legacy unit, or several that
neither rule settles, is a warning and creates no link; a match creates (or
updates) an :class:`AdminUnitSuccession` effective on the unit's
``valid_from``, noted as a whole or a part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import shapely
from sqlalchemy.orm import Session

from camera_registry.admin_units.importing import queries
from camera_registry.admin_units.importing.fields import NAME_TYPES
from camera_registry.admin_units.importing.validate import UnitRecord
from camera_registry.admin_units.models import AdminUnit, AdminUnitSuccession
from camera_registry.imports.report import Issue
from camera_registry.textnorm import fold
from camera_registry.vocab import Level

_SPLIT = re.compile(r"\s*(?:[,;+&]|\svà\s|\sva\s)\s*", re.IGNORECASE)
#: "diện tích tự nhiên, quy mô dân số của các" says nothing about which units: dropped.
_FILLER = re.compile(
    r"(?:diện tích(?: tự nhiên)?)?(?:,|\s+và)?\s*(?:quy mô\s+)?dân số(?:\s+của)?(?:\s+các)?"
    r"|(?:\s+của)?\s+các\s",
    re.IGNORECASE,
)
_PART = re.compile(r"^(?:mot phan(?: dien tich(?: tu nhien)?)?(?: va dan so)?(?: cua)?)\s+")
_WHOLE = re.compile(r"^(?:toan bo(?: dien tich(?: tu nhien)?)?(?: va dan so)?(?: cua)?)\s+")
_LEAD = re.compile(r"^(?:sap nhap|hop nhat|nhap|tu)\s+")
WHOLE, PART = "whole", "part"


@dataclass(frozen=True)
class FormerName:
    """One name in a "merged from" text, folded, and whether only part of it was merged."""

    name: str
    folded: str
    part: bool


def split_merged(text: str) -> list[FormerName]:
    """The former units a "merged from" text names.

    >>> [(n.name, n.part) for n in split_merged("Phường A, Phường B và một phần xã C")]
    [('Phường A', False), ('Phường B', False), ('xã C', True)]
    """
    names = []
    cleaned = _FILLER.sub(" ", text.strip().rstrip("."))
    for raw in _SPLIT.split(cleaned):
        piece = raw.strip()
        folded = _LEAD.sub("", fold(piece))
        part = bool(_PART.match(folded))
        folded = _WHOLE.sub("", _PART.sub("", folded)).strip()
        if folded:
            names.append(FormerName(_shown(piece, folded), folded, part))
    return names


def _shown(piece: str, folded: str) -> str:
    """The name as written, without its lead-in words ("một phần", "sáp nhập")."""
    words = piece.split()
    return " ".join(words[len(words) - len(folded.split()) :])


def _bare(folded: str) -> str:
    """A folded name without its type word ("xa cam lien" → "cam lien")."""
    for word in NAME_TYPES:
        if folded.startswith(word + " "):
            return folded[len(word) + 1 :]
    return folded


Cache = dict[tuple[int | None, date], "LegacyIndex"]


class LegacyIndex:
    """Legacy units by folded full name and by folded bare name."""

    def __init__(self, units: list[AdminUnit]) -> None:
        self.full: dict[str, list[AdminUnit]] = {}
        self.bare: dict[str, list[AdminUnit]] = {}
        for unit in units:
            self.full.setdefault(unit.name_folded, []).append(unit)
            self.bare.setdefault(_bare(unit.name_folded), []).append(unit)

    def match(self, name: FormerName) -> list[AdminUnit]:
        """The legacy units a name may mean (by full name first, else by bare name)."""
        return self.full.get(name.folded) or self.bare.get(_bare(name.folded), [])


def _index(session: Session, rec: UnitRecord, unit: AdminUnit, cache: Cache) -> LegacyIndex:
    parent = unit.parent_id
    key = (parent, rec.valid_from)
    if key not in cache:
        provinces = None
        if rec.level is Level.COMMUNE and parent is not None:
            owner = session.get(AdminUnit, parent)
            assert owner is not None
            provinces = queries.predecessor_provinces(
                session, province_id=owner.id, code=owner.code, day=rec.valid_from
            )
        units = queries.legacy_communes(
            session, province_ids=provinces or None, before=rec.valid_from
        )
        cache[key] = LegacyIndex(units)
    return cache[key]


def link_predecessors(
    session: Session, records: list[tuple[UnitRecord, AdminUnit]], header: str
) -> tuple[list[Issue], int]:
    """Create or update the successions the records' "merged from" texts name.

    Returns the warnings (unmatched and ambiguous names) and the count of links
    created or changed.
    """
    issues: list[Issue] = []
    cache: Cache = {}
    wanted: dict[tuple[int, int], tuple[str, AdminUnitSuccession | None, UnitRecord]] = {}
    with_text = [(r, u) for r, u in records if r.merged_from and r.level is Level.COMMUNE]
    stored = queries.successions_to(session, successor_ids=[u.id for _, u in with_text])
    by_pair = {(s.predecessor_id, s.successor_id): s for s in stored}
    for rec, unit in with_text:
        index = _index(session, rec, unit, cache)
        names = split_merged(rec.merged_from or "")
        matches = [index.match(name) for name in names]
        districts = {found[0].parent_id for found in matches if len(found) == 1}
        for name, found in zip(names, matches, strict=True):
            if len(found) > 1:
                found, how_settled = settle(found, districts, rec.boundary.geometry)
                if len(found) == 1:
                    issues.append(_settled(rec, header, name, found[0], how_settled))
            if len(found) != 1:
                issues.append(_unmatched(rec, header, name, found))
                continue
            pair = (found[0].id, unit.id)
            how = PART if name.part else WHOLE
            wanted[pair] = (how, by_pair.get(pair), rec)
    changed = 0
    for (pred, succ), (how, link, rec) in wanted.items():
        note = f"{'Một phần' if how == PART else 'Toàn bộ'} ({how})"
        if link is None:
            session.add(AdminUnitSuccession(predecessor_id=pred, successor_id=succ,
                                            effective_on=rec.valid_from, note=note))  # fmt: skip
            changed += 1
        elif link.note != note or link.effective_on != rec.valid_from:
            link.note, link.effective_on = note, rec.valid_from
            changed += 1
    return issues, changed


def settle(
    found: list[AdminUnit], districts: set[int | None], boundary: shapely.Geometry
) -> tuple[list[AdminUnit], str]:
    """Narrow same-named legacy units: by the district of the text's other names, else by
    the candidates whose centre point lies in the new unit's boundary.

    Returns the candidates left and how they were narrowed ("district" or "centre").
    """
    same_district = [u for u in found if u.parent_id in districts]
    if len(same_district) == 1:
        return same_district, "district"
    inside = [
        u
        for u in same_district or found
        if u.centre_lon is not None
        and u.centre_lat is not None
        and shapely.contains_xy(boundary, u.centre_lon, u.centre_lat)
    ]
    if len(inside) == 1:
        return inside, "centre"
    return found, ""


def _settled(rec: UnitRecord, header: str, name: FormerName, unit: AdminUnit, how: str) -> Issue:
    why = (
        "cùng huyện với các đơn vị khác trong danh sách / in the district of the other "
        "units the text names"
        if how == "district"
        else "tâm của đơn vị nằm trong ranh giới mới / its centre lies in the new boundary"
    )
    reason = f"tên trùng, đã chọn / same name, chose {unit.code} {unit.name}: {why}"
    return Issue(rec.row, header, name.name, reason, "warning", "merged_from")


def _unmatched(rec: UnitRecord, header: str, name: FormerName, found: list[AdminUnit]) -> Issue:
    if not found:
        reason = (
            f"không tìm thấy đơn vị cũ / no former unit named {name.name!r} "
            "in the legacy list of this province"
        )
    else:
        codes = ", ".join(f"{u.code} {u.name}" for u in found[:5])
        reason = (
            f"tên chưa rõ / {name.name!r} may be any of {len(found)} former units "
            f"({codes}); not linked"
        )
    return Issue(rec.row, header, name.name, reason, "warning", "merged_from")
