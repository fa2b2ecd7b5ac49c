import pytest
from django.urls import reverse

from directives.models import Notification
from directives.services.notifications.storage import notification_send
from tests.jobs.conftest import DAY

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
LIST = reverse("workspace:notifications")


@pytest.fixture
def two_units_notified(unit_a, unit_b, clerk_a, clerk_b):
    for n in range(3):
        notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject=f"task:{n}", title=f"给A的通知{n}", day=DAY)
    notification_send(unit=unit_b, kind=Kind.TASK_URGED, subject="task:9", title="给B的通知", day=DAY)


def test_notification_list_shows_only_the_users_own(client, clerk_a, two_units_notified):
    client.force_login(clerk_a)

    page = client.get(LIST).content.decode()

    assert page.count("给A的通知") == 3 and "给B的通知" not in page


def test_notification_list_in_a_fixed_number_of_queries(client, clerk_a, two_units_notified, django_assert_num_queries):
    client.force_login(clerk_a)
    # session, user, page count, membership and unread count (context), the unit in the top bar, page rows
    with django_assert_num_queries(7):
        response = client.get(LIST)
    assert response.status_code == 200


def test_nav_shows_the_unread_count(client, clerk_a, two_units_notified):
    client.force_login(clerk_a)

    page = client.get(reverse("workspace:home")).content.decode()

    assert '<span class="badge">3</span>' in page


def test_notification_read_marks_it_and_goes_to_its_link(client, clerk_a, unit_a):
    notification_send(unit=unit_a, kind=Kind.TASK_URGED, subject="task:1", title="催办", link="/workspace/tasks/1/", day=DAY)
    notification = Notification.objects.get()
    client.force_login(clerk_a)

    response = client.post(reverse("workspace:notification_read", args=[notification.pk]))

    assert response.status_code == 302 and response["Location"] == "/workspace/tasks/1/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_notification_read_of_someone_elses_is_not_found(client, clerk_b, clerk_a, two_units_notified):
    theirs = Notification.objects.filter(recipient=clerk_a).first()
    client.force_login(clerk_b)

    response = client.post(reverse("workspace:notification_read", args=[theirs.pk]))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_notifications_read_all_marks_only_the_users_own(client, clerk_a, clerk_b, two_units_notified):
    client.force_login(clerk_a)

    response = client.post(reverse("workspace:notifications_read_all"), follow=True)

    assert "已将3条通知标为已读" in response.content.decode()
    assert not Notification.objects.filter(recipient=clerk_a, read_at__isnull=True).exists()
    assert Notification.objects.filter(recipient=clerk_b, read_at__isnull=True).count() == 1


def test_notification_read_needs_post(client, clerk_a, two_units_notified):
    client.force_login(clerk_a)
    mine = Notification.objects.filter(recipient=clerk_a).first()

    assert client.get(reverse("workspace:notification_read", args=[mine.pk])).status_code == 405


def test_notification_list_needs_login(client):
    assert client.get(LIST).status_code == 302
