"""How a notification leaves the app: a group-chat robot (企业微信 / 钉钉 webhook) or e-mail."""
import json
import urllib.error
import urllib.request

from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ...models import Notification, WebhookEndpoint
from ...security import check_webhook_target


class DeliveryError(Exception):
    def __init__(self, message: str, *, retryable: bool = True):
        super().__init__(message)
        self.retryable = retryable


def webhook_payload(notification: Notification, message_format: str) -> dict:
    """The JSON a 企业微信 / 钉钉 group robot accepts: msgtype text or markdown."""
    text = f"【{_('督办')}】{notification.title}"
    if notification.body:
        text += f"\n{notification.body}"
    link = absolute_link(notification.link)
    if message_format == WebhookEndpoint.Format.MARKDOWN:
        lines = [f"### {notification.title}"]
        if notification.body:
            lines += [f"> {line}" if line else ">" for line in notification.body.splitlines()]
        if link:
            lines.append(f"[{_('查看详情')}]({link})")
        markdown = "\n".join(lines)
        # 企业微信 reads "content", 钉钉 reads "title" and "text"; each ignores the others.
        return {"msgtype": "markdown", "markdown": {"title": notification.title, "text": markdown, "content": markdown}}
    if link:
        text += f"\n{link}"
    return {"msgtype": "text", "text": {"content": text}}


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Robots answer where they are asked: a redirect could point inside the network."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"redirect to {newurl} refused", headers, fp)


_webhook_opener = urllib.request.build_opener(_NoRedirects)


def webhook_post(url: str, payload: dict) -> None:
    """POST ``payload`` as JSON; raise DeliveryError unless the robot accepted it.

    The address is checked first (``security.check_webhook_target``): a robot on
    loopback or a private network is never called unless the setting allows it.
    """
    try:
        check_webhook_target(url)
    except ValidationError as error:
        raise DeliveryError(" ".join(error.messages), retryable=False) from error
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with _webhook_opener.open(request, timeout=settings.DUBAN_WEBHOOK_TIMEOUT) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as error:
        retryable = error.code >= 500 or error.code == 429
        raise DeliveryError(f"HTTP {error.code} {error.reason}", retryable=retryable) from error
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
    try:
        answer = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except (UnicodeDecodeError, ValueError):
        answer = {}
    # Both robots answer HTTP 200 with {"errcode": 0} on success and a non-zero code otherwise.
    if isinstance(answer, dict) and answer.get("errcode") not in (None, 0):
        raise DeliveryError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


def absolute_link(link: str) -> str:
    """The link as a full address (settings.DUBAN_SITE_URL + path), for messages read outside the app."""
    if not link or "://" in link:
        return link
    return settings.DUBAN_SITE_URL.rstrip("/") + "/" + link.lstrip("/")


def email_send(notification: Notification, target: str, connection_) -> None:
    body = notification.body
    if notification.link:
        link = absolute_link(notification.link)
        body = f"{body}\n\n{link}" if body else link
    try:
        mail.EmailMessage(
            subject=f"【{_('督办')}】{notification.title}", body=body, to=[target], connection=connection_
        ).send()
    except Exception as error:
        raise DeliveryError(f"{type(error).__name__}: {error}") from error
