"""Units (单位) form the county's tree; users belong to a unit with a role."""
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ALIAS_SEPARATORS = re.compile(r"[\s,，;；、/|]+")


class UnitQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def in_branch(self, unit):
        """Return ``unit`` and every unit below it in the tree."""
        return self.filter(tree_path__startswith=unit.tree_path)


class Unit(models.Model):
    class Kind(models.TextChoices):
        COUNTY = "county", _("县(区)")
        OFFICE = "office", _("督查室")
        DEPARTMENT = "department", _("县直部门")
        TOWNSHIP = "township", _("乡镇")
        STREET = "street", _("街道")
        VILLAGE = "village", _("村")
        COMMUNITY = "community", _("社区")
        OTHER = "other", _("其他")

    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    kind = models.CharField(_("类别"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("全称"), max_length=100, db_index=True)
    short_name = models.CharField(_("简称"), max_length=50, blank=True)
    aliases = models.TextField(
        _("别名"), blank=True, help_text=_("其他叫法,用顿号、逗号或换行分隔,如:县卫健委、卫健委")
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=50, blank=True)
    email = models.EmailField(_("电子邮箱"), blank=True)
    order = models.PositiveIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)
    # Materialised path of zero-padded ids ("000001.000007."), kept by save():
    # lets "this unit and its branch" be one indexed prefix query.
    tree_path = models.CharField(_("树路径"), max_length=255, editable=False, db_index=True, default="")
    depth = models.PositiveSmallIntegerField(_("层级"), editable=False, default=0)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = pgettext_lazy("plural", "单位")
        ordering = ["tree_path"]
        constraints = [
            # Village names repeat across townships (两个镇都有李庄村); under one parent they may not.
            models.UniqueConstraint(fields=["parent", "name"], name="unit_name_unique_under_parent"),
            models.UniqueConstraint(
                fields=["name"], condition=models.Q(parent__isnull=True), name="top_unit_name_unique"
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def save(self, *args, **kwargs):
        self._check_parent_not_in_own_branch()
        is_new = self.pk is None
        super().save(*args, **kwargs)
        old_path = self.tree_path
        new_path, new_depth = self._computed_path()
        if new_path != old_path or new_depth != self.depth:
            Unit.objects.filter(pk=self.pk).update(tree_path=new_path, depth=new_depth)
            self.tree_path, self.depth = new_path, new_depth
            if old_path and not is_new:
                self._rewrite_descendant_paths(old_path, new_path)

    def clean(self):
        super().clean()
        try:
            self._check_parent_not_in_own_branch()
        except ValueError as error:
            raise ValidationError({"parent": str(error)}) from error

    def _check_parent_not_in_own_branch(self):
        if not (self.pk and self.parent_id):
            return
        if self.parent_id == self.pk:
            raise ValueError(_("上级单位不能是本单位。"))
        parent_path = Unit.objects.filter(pk=self.parent_id).values_list("tree_path", flat=True).first() or ""
        own_path = Unit.objects.filter(pk=self.pk).values_list("tree_path", flat=True).first() or ""
        if own_path and parent_path.startswith(own_path):
            raise ValueError(_("上级单位不能是本单位的下级单位。"))

    def _computed_path(self):
        own = f"{self.pk:06d}."
        if self.parent_id is None:
            return own, 0
        parent = Unit.objects.only("tree_path", "depth").get(pk=self.parent_id)
        return parent.tree_path + own, parent.depth + 1

    def _rewrite_descendant_paths(self, old_path, new_path):
        shift = new_path.count(".") - old_path.count(".")
        descendants = list(
            Unit.objects.filter(tree_path__startswith=old_path).exclude(pk=self.pk).only("pk", "tree_path", "depth")
        )
        for unit in descendants:
            unit.tree_path = new_path + unit.tree_path[len(old_path):]
            unit.depth += shift
        Unit.objects.bulk_update(descendants, ["tree_path", "depth"], batch_size=500)

    def alias_list(self):
        """Return the unit's other names, without empties or duplicates."""
        seen = []
        for alias in ALIAS_SEPARATORS.split(self.aliases or ""):
            if alias and alias not in seen and alias != self.name:
                seen.append(alias)
        return seen

    def all_names(self):
        """Return every name the unit is known by: full name, short name, aliases."""
        names = [self.name]
        if self.short_name and self.short_name != self.name:
            names.append(self.short_name)
        names.extend(a for a in self.alias_list() if a not in names)
        return names

    def ancestors(self):
        ids = [int(part) for part in self.tree_path.split(".") if part][:-1]
        by_id = Unit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]

    def is_in_branch_of(self, other):
        return self.tree_path.startswith(other.tree_path)


class Membership(models.Model):
    """A user's place in the county: their unit and what they may do."""

    class Role(models.TextChoices):
        OFFICE = "office", _("督查室工作人员")
        CLERK = "clerk", _("经办人(联络员)")
        HEAD = "head", _("单位负责人")
        LEADER = "leader", _("领导(只读)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("用户"), on_delete=models.CASCADE, related_name="membership"
    )
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("角色"), max_length=16, choices=Role.choices, default=Role.CLERK)
    phone = models.CharField(_("手机"), max_length=30, blank=True)
    # 分管领导: the units a leader oversees (each with its branch); their overview and lists default to them.
    overseen_units = models.ManyToManyField(
        Unit,
        verbose_name=_("分管单位"),
        blank=True,
        related_name="overseeing_memberships",
        help_text=_("分管领导:领导驾驶舱和事项列表默认只显示这些单位(含下级单位)"),
    )

    class Meta:
        verbose_name = _("用户单位与角色")
        verbose_name_plural = pgettext_lazy("plural", "用户单位与角色")

    def __str__(self):
        return f"{self.user} · {self.unit} · {self.get_role_display()}"

    @property
    def is_office(self):
        return self.role == self.Role.OFFICE

    @property
    def acts_for_unit(self):
        return self.role in (self.Role.CLERK, self.Role.HEAD)
