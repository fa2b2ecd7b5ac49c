"""Scoring (考核): the weights the office gives each part of a unit's score."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ScoreWeights(models.Model):
    """How a unit's score is made: four parts, each scored 0–100, weighted; one row, edited by the office.

    A part a unit has nothing to be judged on in a period (no task due, no
    report owed) is left out and the other weights share its place.
    """

    on_time_weight = models.PositiveSmallIntegerField(
        _("按期办结权重"), default=40, validators=[MaxValueValidator(100)],
        help_text=_("本期到期事项中按期办结的比例。"),
    )
    overdue_weight = models.PositiveSmallIntegerField(
        _("逾期天数权重"), default=20, validators=[MaxValueValidator(100)],
        help_text=_("100分减去本期逾期天数×每天扣分,最低0分。"),
    )
    acceptance_weight = models.PositiveSmallIntegerField(
        _("签收及时权重"), default=15, validators=[MaxValueValidator(100)],
        help_text=_("本期交办事项中在签收时限内签收的比例。"),
    )
    report_weight = models.PositiveSmallIntegerField(
        _("日报及时权重"), default=25, validators=[MaxValueValidator(100)],
        help_text=_("本期应报日报告中按时报送(含零报告)的比例。"),
    )
    overdue_day_deduction = models.DecimalField(
        _("逾期每天扣分"), max_digits=5, decimal_places=2, default=Decimal("2.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("修改人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    updated_at = models.DateTimeField(_("修改时间"), default=timezone.now)

    class Meta:
        verbose_name = _("考核权重")
        verbose_name_plural = pgettext_lazy("plural", "考核权重")

    def __str__(self):
        return _("考核权重:按期办结%(a)s、逾期天数%(b)s、签收及时%(c)s、日报及时%(d)s") % {
            "a": self.on_time_weight, "b": self.overdue_weight, "c": self.acceptance_weight, "d": self.report_weight,
        }

    def clean(self):
        if not (self.on_time_weight or self.overdue_weight or self.acceptance_weight or self.report_weight):
            raise ValidationError(_("四项权重不能都为0。"))

    @classmethod
    def current(cls) -> "ScoreWeights":
        """The office's weights, or the defaults (unsaved) until it sets them."""
        return cls.objects.order_by("pk").first() or cls()

    def as_parts(self) -> dict[str, int]:
        return {
            "on_time": self.on_time_weight,
            "overdue": self.overdue_weight,
            "acceptance": self.acceptance_weight,
            "report": self.report_weight,
        }
