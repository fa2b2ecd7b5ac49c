"""Webhooks go to public http(s) hosts only (no SSRF into the office network)."""
import socket

import pytest
from django.core.exceptions import ValidationError

from directives.security import check_webhook_target, client_ip


def resolving_to(*addresses):
    def resolve(host, port, proto=0):
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, socket.SOCK_STREAM, proto, "", (a, port)) for a in addresses]

    return resolve


@pytest.fixture(autouse=True)
def private_targets_refused(settings):
    settings.DUBAN_WEBHOOK_ALLOW_PRIVATE = False


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/admin/",
        "http://localhost/x",
        "http://10.0.0.5/robot",
        "http://192.168.1.1/robot",
        "http://172.16.0.1/robot",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/robot",
        "http://[::ffff:127.0.0.1]/robot",
        "http://0.0.0.0/robot",
    ],
)
def test_webhook_target_internal_addresses_refused(url):
    with pytest.raises(ValidationError) as error:
        check_webhook_target(url)
    assert error.value.code == "internal"


def test_webhook_target_public_name_pointing_inside_refused():
    with pytest.raises(ValidationError):
        check_webhook_target("https://robot.example.cn/send", resolve=resolving_to("203.0.113.9", "10.1.1.1"))


def test_webhook_target_public_host_accepted():
    check_webhook_target("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x", resolve=resolving_to("101.91.22.57"))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://robot.example.cn/", "gopher://x/", "robot.example.cn"])
def test_webhook_target_other_schemes_refused(url):
    with pytest.raises(ValidationError) as error:
        check_webhook_target(url)
    assert error.value.code == "scheme"


def test_webhook_target_private_allowed_by_setting_but_never_other_schemes(settings):
    settings.DUBAN_WEBHOOK_ALLOW_PRIVATE = True
    check_webhook_target("http://10.0.0.5/robot")
    with pytest.raises(ValidationError):
        check_webhook_target("file:///etc/passwd")


@pytest.mark.django_db
def test_webhook_delivery_to_loopback_fails_at_once_without_a_request(unit_a):
    # given a robot address on this machine (a listening socket that would see any request)
    from directives.models import NotificationDelivery, WebhookEndpoint
    from directives.services.notifications import deliveries, storage

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.2)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/robot"
    WebhookEndpoint.objects.create(unit=unit_a, url=url)
    storage.notification_send(unit=unit_a, kind="task_urged", subject="task:1", title="催办", body="请反馈", link="/workspace/tasks/1/")
    delivery = NotificationDelivery.objects.get(channel="webhook")
    # when
    outcome = deliveries.deliveries_send(delivery_ids=[delivery.pk])[delivery.pk]
    # then
    delivery.refresh_from_db()
    assert outcome[0] == "failed"
    assert "内部网络" in delivery.last_error
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()


@pytest.mark.django_db
def test_webhook_endpoint_form_refuses_an_internal_address(unit_a):
    from directives.models import WebhookEndpoint

    endpoint = WebhookEndpoint(unit=unit_a, url="http://127.0.0.1:6379/")
    with pytest.raises(ValidationError) as error:
        endpoint.full_clean()
    assert "url" in error.value.message_dict


class _Request:
    def __init__(self, meta):
        self.META = meta


def test_client_ip_trusts_only_the_proxies_configured(settings):
    meta = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.7"}
    settings.DUBAN_PROXY_COUNT = 0
    assert client_ip(_Request(meta)) == "127.0.0.1"
    settings.DUBAN_PROXY_COUNT = 1
    assert client_ip(_Request(meta)) == "203.0.113.7"  # the client cannot choose 6.6.6.6
    assert client_ip(_Request({"REMOTE_ADDR": "127.0.0.1"})) == "127.0.0.1"
