"""factory_boy factories: the smallest valid object of each model."""
import datetime

import factory
from django.contrib.auth.models import User

from directives import models
from directives.services.workflow import task_create


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Unit
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"测试单位{n}")
    kind = models.Unit.Kind.DEPARTMENT


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.PostGenerationMethodCall("set_password", "pass-for-tests-1")
    membership = factory.RelatedFactory("tests.factories.MembershipFactory", factory_related_name="user")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Membership

    user = factory.SubFactory(UserFactory, membership=None)
    unit = factory.SubFactory(UnitFactory)
    role = models.Membership.Role.CLERK


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Meeting

    title = factory.Sequence(lambda n: f"全县重点工作推进会议({n})")
    held_on = datetime.date(2026, 11, 2)


class SpeechFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Speech

    meeting = factory.SubFactory(MeetingFactory)
    title = "在全县重点工作推进会议上的讲话"
    speaker = "王明"
    delivered_on = factory.SelfAttribute("meeting.held_on")
    text = "同志们:一、抓好落实。"


def make_task(*, lead_unit, title="做好冬季安全生产检查", deadline=None, created_by=None, **kwargs):
    """Create a task through the service, as the office would."""
    return task_create(title=title, lead_unit=lead_unit, deadline=deadline, created_by=created_by, **kwargs)


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportCampaign
        skip_postgeneration_save = True

    name = "冬春火灾防控日报告零报告"
    first_day = datetime.date(2026, 11, 2)
    last_day = datetime.date(2026, 11, 30)
    cutoff = datetime.time(16, 0)

    @factory.post_generation
    def units(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.units.set(extracted)
