from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from ..models import Membership, Unit
from .unit_import import UnitImportMixin


class MembershipInline(admin.StackedInline):
    model = Membership
    autocomplete_fields = ["unit", "overseen_units"]
    can_delete = False
    extra = 0
    max_num = 1


admin.site.unregister(User)


@admin.register(User)
class DubanUserAdmin(UserAdmin):
    list_display = ["username", "first_name", "unit_name", "role", "is_active", "is_staff", "last_login"]
    list_filter = ["membership__role", "is_active", "is_staff", "membership__unit__kind"]
    search_fields = ["username", "first_name", "last_name", "email", "membership__unit__name"]
    list_select_related = ["membership__unit"]
    inlines = [MembershipInline]

    @admin.display(description=_("单位"), ordering="membership__unit__name")
    def unit_name(self, user):
        membership = getattr(user, "membership", None)
        return membership.unit if membership else "—"

    @admin.display(description=_("角色"), ordering="membership__role")
    def role(self, user):
        membership = getattr(user, "membership", None)
        return membership.get_role_display() if membership else "—"


class ChildUnitInline(admin.TabularInline):
    model = Unit
    fk_name = "parent"
    fields = ["name", "short_name", "kind", "contact_person", "contact_phone", "order", "is_active"]
    extra = 0
    show_change_link = True
    verbose_name = _("下级单位")
    verbose_name_plural = _("下级单位")


@admin.register(Unit)
class UnitAdmin(UnitImportMixin, admin.ModelAdmin):
    list_display = ["indented_name", "short_name", "kind", "parent", "contact_person", "contact_phone", "order", "is_active"]
    list_filter = ["kind", "is_active", "depth"]
    search_fields = ["name", "short_name", "aliases", "contact_person"]
    list_select_related = ["parent"]
    autocomplete_fields = ["parent"]
    list_editable = ["order", "is_active"]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "aliases", "kind", "parent", "order", "is_active"]}),
        (_("联系方式"), {"fields": ["contact_person", "contact_phone", "email"]}),
    ]
    inlines = [ChildUnitInline]

    @admin.display(description=_("全称"), ordering="tree_path")
    def indented_name(self, unit):
        return ("— " * unit.depth) + unit.name


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "role", "phone"]
    list_filter = ["role", "unit__kind"]
    search_fields = ["user__username", "user__first_name", "unit__name", "unit__short_name"]
    list_select_related = ["user", "unit"]
    autocomplete_fields = ["user", "unit", "overseen_units"]
