"""Reading the administrative part of an address: province, district, commune.

Vietnamese addresses run from the smallest part to the largest: "Thôn 3, xã Cẩm
Liên, huyện Cẩm Thủy, Thanh Hóa".  The tail is read from the end against the
registry's units (legacy and post-2025 versions, see ``units.py``); whatever
stays on the left (the *head*: house, street, hamlet, landmark) is for the
gazetteer.  A district part means legacy units (districts were abolished on
1 July 2025); without one, a name that exists in both eras is read as today's
unit, and the legacy one is reported as an alternative.  Text without commas,
or whose tail the index cannot read, goes to the ``vietnamadminunits`` parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from camera_registry.addresses import vnadmin_parse
from camera_registry.addresses.errors import UnresolvedAddress
from camera_registry.addresses.text import TYPE_WORDS, typed_name
from camera_registry.addresses.units import Scored, Unit, UnitIndex

#: Score a part must reach where the position says what it should be ("xã …",
#: or the part left of a district), and where nothing says so.
EXPECTED_SCORE = 80.0
FREE_SCORE = 90.0
#: An untyped part right before the province: probably the commune, typos allowed
#: ("Cam Lein, Thanh Hóa") but not "Chợ Cẩm Liên, Thanh Hóa" (80 against "Cẩm Liên").
BEFORE_PROVINCE_SCORE = 85.0
#: A fuzzy best match must lead the next different name by this much.
MARGIN = 4.0


@dataclass
class AdminReading:
    """What the administrative tail of an address named."""

    province: list[Unit] = field(default_factory=list)
    district: list[Unit] = field(default_factory=list)
    commune: Unit | None = None
    alternatives: list[Unit] = field(default_factory=list)
    #: Districts an untyped part could also mean ("Cẩm Thủy": today's commune or the
    #: former district); the resolver tries them if the commune reading finds nothing.
    district_alternative: list[Unit] = field(default_factory=list)
    head: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _confident(hits: list[Scored], threshold: float) -> list[Scored]:
    """The top hits sharing the best name, if the best is good and clearly ahead."""
    if not hits or hits[0].score < threshold:
        return []
    best = hits[0]
    if best.score >= 100:
        return [h for h in hits if h.score >= 100]
    rivals = [h for h in hits if h.unit.short != best.unit.short]
    if rivals and rivals[0].score > best.score - MARGIN:
        return []
    return [h for h in hits if h.unit.short == best.unit.short]


def _suggest(index: UnitIndex, hits: list[Scored]) -> list[str]:
    return [_describe(index, h.unit) for h in hits[:6]]


def _describe(index: UnitIndex, unit: Unit) -> str:
    era = "đến/until 30/06/2025" if unit.row.valid_to else "từ/since 01/07/2025"
    if unit.row.valid_from.year < 2025 and unit.row.valid_to is None:
        era = "hiện hành/current"
    return f"{index.label(unit)} ({era})"


def _levels(part: str) -> tuple[str, ...]:
    name = typed_name(part)
    return TYPE_WORDS[name.type_word] if name.type_word else ("province", "district", "commune")


class _Reader:
    def __init__(self, index: UnitIndex, parts: list[str]) -> None:
        self.index = index
        self.parts = parts
        self.i = len(parts) - 1
        self.out = AdminReading()
        self.scope: set[int] | None = None

    def hits(self, level: str, part: str | None = None) -> list[Scored]:
        text = self.parts[self.i] if part is None else part
        return self.index.match(typed_name(text), level, within=self.scope, raw=text)

    def province(self) -> None:
        part = self.parts[self.i]
        if "province" not in _levels(part):
            return
        found = _confident(self.hits("province"), FREE_SCORE)
        if not found:
            if typed_name(part).type_word == "tinh":
                known = vnadmin_parse.province_name(part)
                reason = (
                    f"{known} is outside the area this registry holds boundaries for"
                    if known
                    else f"no province named {part!r}"
                )
                raise UnresolvedAddress(part, reason, _suggest(self.index, self.hits("province")))
            return
        self.out.province = [h.unit for h in found]
        self.scope = self.index.related(u.row.id for u in self.out.province)
        self.i -= 1

    def district(self) -> None:
        part = self.parts[self.i]
        typed = typed_name(part).type_word is not None
        if "district" not in _levels(part):
            return
        hits = self.hits("district")
        found = _confident(hits, EXPECTED_SCORE if typed else FREE_SCORE)
        if typed and not found and "province" not in _levels(part):
            raise UnresolvedAddress(part, f"no district named {part!r}", _suggest(self.index, hits))
        if not found:
            return
        if not typed and _confident(self.hits("commune"), FREE_SCORE):
            left = self.parts[self.i - 1] if self.i > 0 else None
            if left is None or not _confident(self.hits("commune", left), EXPECTED_SCORE):
                # "Cẩm Thủy, Thanh Hóa": today's commune, or else the former district
                self.out.district_alternative = [h.unit for h in found]
                return
        self.out.district = [h.unit for h in found]
        self.scope = {u.row.id for u in self.out.district}
        self.i -= 1

    def commune(self) -> None:
        part = self.parts[self.i]
        if "commune" not in _levels(part):
            return
        typed = typed_name(part).type_word is not None
        hits = self.hits("commune")
        found = _confident(hits, 100.0)
        if not found and self.out.district:
            found = self._beyond_district(100.0)
        if not found:
            found = _confident(hits, self._commune_threshold(typed))
        if not found and self.out.district:
            found = self._beyond_district(EXPECTED_SCORE)
        if not found:
            if typed or self.out.district:
                scope = hits or self.index.match(typed_name(part), "commune", within=None)
                raise UnresolvedAddress(
                    part, f"no commune named {part!r}", _suggest(self.index, scope)
                )
            return
        if found[0].score < 100:
            self.out.notes.append(f"Đọc / read {part!r} → {found[0].unit.row.name}")
        self._choose(part, [h.unit for h in found])
        self.i -= 1

    def _commune_threshold(self, typed: bool) -> float:
        if typed or self.out.district:
            return EXPECTED_SCORE
        if self.out.province and self.i == len(self.parts) - 2:
            return BEFORE_PROVINCE_SCORE
        return FREE_SCORE

    def _beyond_district(self, threshold: float) -> list[Scored]:
        """A post-2025 commune written with its old district: read it in the province."""
        district_scope = self.scope
        provinces = {a.row.id for d in self.out.district for a in self.index.ancestors(d)}
        self.scope = self.index.related(provinces)
        found = _confident(self.hits("commune"), threshold)
        if found:
            self.out.notes.append("Bỏ qua cấp huyện (đã bãi bỏ) / district part ignored")
        else:
            self.scope = district_scope
        return found

    def _choose(self, part: str, units: list[Unit]) -> None:
        current = [u for u in units if u.is_current]
        pool = current if current and not self.out.district else units
        codes = {(u.row.code, u.row.valid_from) for u in pool}
        if len(codes) > 1:
            raise UnresolvedAddress(
                part,
                f"several communes are named {part!r}: add the district or province",
                [_describe(self.index, u) for u in pool],
            )
        self.out.commune = pool[0]
        self.out.alternatives = [u for u in units if u is not pool[0]]


def read_admin(index: UnitIndex, text: str, parts: list[str]) -> AdminReading:
    """Read the administrative tail; raise ``UnresolvedAddress`` naming a failed part."""
    reader = _Reader(index, parts)
    for step in (reader.province, reader.district, reader.commune):
        if reader.i < 0:
            break
        step()
    reading = reader.out
    reading.head = parts[: reader.i + 1]
    if reading.commune is None:
        _from_package(index, text, reading)
    return reading


def _from_package(index: UnitIndex, text: str, reading: AdminReading) -> None:
    """Let ``vietnamadminunits`` read what the index could not (e.g. no commas)."""
    found = vnadmin_parse.parse(text)
    if found is None:
        return
    unit = index.by_code(found.ward_code, legacy=found.legacy)
    if unit is None:
        raise UnresolvedAddress(
            found.ward_label,
            f"{found.ward_label} (GSO {found.ward_code}) is outside the area this registry "
            "holds boundaries for",
            [],
        )
    reading.commune = unit
    reading.head = [found.street] if found.street else []
    reading.notes.append("Đọc bằng vietnamadminunits / read by the vietnamadminunits parser")
