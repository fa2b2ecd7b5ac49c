import pytest
from django.core.exceptions import ValidationError

from directives.models import Unit
from tests.factories import UnitFactory


def test_unit_tree_path_follows_parent(county):
    # given
    township = UnitFactory(name="城关镇", kind="township", parent=county)
    village = UnitFactory(name="城关镇东关村", kind="village", parent=township)
    # then
    assert village.depth == 2
    assert village.tree_path.startswith(township.tree_path)
    assert list(Unit.objects.in_branch(township)) == [township, village]
    assert village.ancestors() == [county, township]
    assert village.is_in_branch_of(county)


def test_unit_move_rewrites_descendant_paths(county):
    # given
    town_a = UnitFactory(name="甲镇", kind="township", parent=county)
    town_b = UnitFactory(name="乙镇", kind="township", parent=county)
    village = UnitFactory(name="甲村", kind="village", parent=town_a)
    # when the village's branch moves under 乙镇
    town_a.parent = town_b
    town_a.save()
    # then
    village.refresh_from_db()
    assert village.tree_path.startswith(town_b.tree_path)
    assert village.depth == 3


def test_unit_cannot_move_below_itself(county):
    town = UnitFactory(name="丙镇", kind="township", parent=county)
    village = UnitFactory(name="丙村", kind="village", parent=town)
    town.parent = village
    with pytest.raises(ValidationError):
        town.full_clean()
    with pytest.raises(ValueError):
        town.save()


def test_unit_aliases_split_on_chinese_and_ascii_separators(unit_a):
    unit_a.aliases = "卫健委、县卫生健康委, 卫生健康委\n县卫健委"
    assert unit_a.alias_list() == ["卫健委", "县卫生健康委", "卫生健康委", "县卫健委"]
    assert unit_a.all_names()[:2] == ["县卫生健康委员会", "县卫健委"]
    assert unit_a.all_names().count("县卫健委") == 1


def test_unit_name_is_unique_under_one_parent(county):
    from django.db import IntegrityError, transaction

    town_a = Unit.objects.create(name="甲镇", kind="township", parent=county)
    town_b = Unit.objects.create(name="乙镇", kind="township", parent=county)
    Unit.objects.create(name="李庄村", kind="village", parent=town_a)
    Unit.objects.create(name="李庄村", kind="village", parent=town_b)  # same name, other township: fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(name="李庄村", kind="village", parent=town_a)
