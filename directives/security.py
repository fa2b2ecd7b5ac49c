"""Where a request comes from, where the app may send requests to, and password rules.

``client_ip`` names the address login throttling counts failures against;
``check_webhook_target`` refuses robot addresses on loopback, private or
otherwise internal networks, so a webhook set in admin cannot be used to make
the server call its own services (SSRF).
"""
import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def client_ip(request) -> str:
    """Return the client's address: REMOTE_ADDR, or the one the nearest proxy saw.

    With ``DUBAN_PROXY_COUNT = n`` proxies in front of the app, the client is the
    n-th address from the right of X-Forwarded-For; addresses further left were
    written by the client itself and are not trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.DUBAN_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies]


def _is_internal(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return not address.is_global or address.is_multicast


def check_webhook_target(url: str, *, resolve=socket.getaddrinfo) -> None:
    """Raise ValidationError unless ``url`` is http(s) to a host on a public network.

    Every address the host name resolves to is checked, so a public name that
    points at 127.0.0.1 is refused too. ``DUBAN_WEBHOOK_ALLOW_PRIVATE`` lifts the
    network rule (an intranet robot) but never the scheme rule.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError(_("机器人地址必须是 http:// 或 https:// 开头的网址。"), code="scheme")
    if settings.DUBAN_WEBHOOK_ALLOW_PRIVATE:
        return
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise ValidationError(_("机器人地址的端口无效。"), code="port") from None
    try:
        literal = ipaddress.ip_address(parts.hostname)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            infos = resolve(parts.hostname, port, proto=socket.IPPROTO_TCP)
        except (OSError, UnicodeError):
            raise ValidationError(
                _("无法解析机器人地址的主机名 %(host)s。") % {"host": parts.hostname}, code="unresolvable"
            ) from None
        addresses = [ipaddress.ip_address(info[4][0].split("%", 1)[0]) for info in infos]
    if not addresses or any(_is_internal(address) for address in addresses):
        raise ValidationError(
            _("机器人地址 %(host)s 指向本机或内部网络,不予发送(如确需发往内网机器人,请设置 DUBAN_WEBHOOK_ALLOW_PRIVATE=1)。")
            % {"host": parts.hostname},
            code="internal",
        )


class PasswordMinimumLengthValidator(MinimumLengthValidator):
    """Django's minimum-length rule (AUTH_PASSWORD_VALIDATORS) with its message in our catalogue.

    Django 5.2.19 changed this message's text and its Chinese catalogue still
    has the old one, so an office user would read the rule in English.
    """

    def get_error_message(self):
        return ngettext(
            "密码太短:至少需要 %(min_length)d 个字符。",
            "密码太短:至少需要 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "密码至少需要 %(min_length)d 个字符。",
            "密码至少需要 %(min_length)d 个字符。",
            self.min_length,
        ) % {"min_length": self.min_length}
