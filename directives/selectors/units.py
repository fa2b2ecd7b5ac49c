"""Finding units by the names a speech uses: full names, short names, aliases and groups.

A speech says ``县卫健委`` or ``卫健委`` where the directory holds
``县卫生健康委员会``; it also addresses groups (``各乡镇(街道)``, ``各村``,
``各部门``) that stand for every unit of some kinds. ``UnitDirectory`` reads
the directory once and answers both without a query per name.
"""
import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from ..models import Unit

Kind = Unit.Kind

_SPACES = re.compile(r"\s+")


def normalise_name(name: str) -> str:
    """Fold full-width brackets and spaces, so ``各乡镇（街道）`` equals ``各乡镇(街道)``."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", name or ""))


@dataclass(frozen=True)
class UnitGroup:
    key: str
    label: str
    kinds: frozenset
    names: frozenset = field(default_factory=frozenset)


# The groups a speech addresses, and the unit kinds each one fans out to.
UNIT_GROUPS: dict[str, UnitGroup] = {
    group.key: group
    for group in (
        UnitGroup(
            "townships",
            _("各乡镇(街道)"),
            frozenset({Kind.TOWNSHIP, Kind.STREET}),
            frozenset({"各乡镇(街道)", "各乡镇街道", "各乡镇、街道", "各镇(街道)", "各乡(镇)", "各乡镇", "各镇", "各乡(镇、街道)",
                       "各镇街", "各乡镇(街道)党委", "各乡镇(街道)党(工)委", "各乡镇党委政府"}),
        ),
        UnitGroup("streets", _("各街道"), frozenset({Kind.STREET}), frozenset({"各街道", "各街道办事处"})),
        UnitGroup(
            "villages",
            _("各村(社区)"),
            frozenset({Kind.VILLAGE, Kind.COMMUNITY}),
            frozenset({"各村(社区)", "各村(居)", "各村居", "各村、社区", "各村社区"}),
        ),
        UnitGroup("villages_only", _("各村"), frozenset({Kind.VILLAGE}), frozenset({"各村", "各行政村", "各村委会"})),
        UnitGroup("communities", _("各社区"), frozenset({Kind.COMMUNITY}), frozenset({"各社区", "各社区居委会"})),
        UnitGroup(
            "departments",
            _("各部门"),
            frozenset({Kind.DEPARTMENT}),
            frozenset({"各部门", "各有关部门", "各相关部门", "各县直部门", "县直各部门", "各县直单位", "县直各单位", "各职能部门",
                       "各成员单位", "各有关单位", "各相关单位"}),
        ),
        UnitGroup(
            "all_units",
            _("各乡镇(街道)和县直部门"),
            frozenset({Kind.DEPARTMENT, Kind.TOWNSHIP, Kind.STREET}),
            frozenset({"各单位", "各级各部门", "各地各部门", "各乡镇(街道)和部门", "各级各单位"}),
        ),
    )
}

_GROUP_BY_NAME = {normalise_name(name): group for group in UNIT_GROUPS.values() for name in group.names}


def group_for_name(name: str) -> UnitGroup | None:
    """Return the group a name such as ``各乡镇(街道)`` stands for, or None."""
    return _GROUP_BY_NAME.get(normalise_name(name))


def units_in_group(group_key: str, *, within: Unit | None = None) -> QuerySet[Unit]:
    """Active units of the group's kinds, in tree order; inside ``within``'s branch when given.

    Raise KeyError for an unknown group key.
    """
    group = UNIT_GROUPS[group_key]
    units = Unit.objects.active().filter(kind__in=group.kinds)
    if within is not None:
        units = units.in_branch(within)
    return units.order_by("tree_path")


@dataclass
class UnitMatch:
    """What a list of names came to: known units, groups, and names nobody answers to."""

    units: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    unknown: list = field(default_factory=list)


class UnitDirectory:
    """Every active unit by every name it is known by, read in one query.

    A name shared by several units (two townships each with a 李庄村) is
    ambiguous and matches none of them: it is reported as unknown.
    """

    def __init__(self, units=None):
        if units is None:
            units = Unit.objects.active().only("id", "name", "short_name", "aliases", "kind", "tree_path", "parent_id")
        self._by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in unit.all_names():
                bucket = self._by_name.setdefault(normalise_name(name), [])
                if unit not in bucket:
                    bucket.append(unit)

    def find(self, name: str) -> Unit | None:
        """Return the one unit known by ``name`` (also with or without a leading 县), else None."""
        key = normalise_name(name)
        for candidate in (key, key[1:] if key.startswith("县") else "县" + key):
            found = self._by_name.get(candidate)
            if found:
                return found[0] if len(found) == 1 else None
        return None

    def match(self, names) -> UnitMatch:
        """Sort ``names`` into units, groups and unknown names, keeping their order, without repeats.

        Linear in the number of names (a pasted text may name thousands).
        """
        result = UnitMatch()
        seen_names: set[str] = set()
        seen_units: set[int] = set()
        for name in names:
            name = (name or "").strip()
            if not name or name in seen_names:
                continue
            seen_names.add(name)
            group = group_for_name(name)
            if group is not None:
                result.groups.append(name)
                continue
            unit = self.find(name)
            if unit is None:
                result.unknown.append(name)
            elif unit.pk not in seen_units:
                seen_units.add(unit.pk)
                result.units.append(unit)
        return result
