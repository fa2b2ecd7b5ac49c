"""An upload over the limit is refused from its Content-Length, before its body is read: a 413 page, no 500."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directives.middleware import UPLOAD_FORM_ALLOWANCE


@pytest.fixture
def admin_office(office_user):
    office_user.is_staff = office_user.is_superuser = True
    office_user.save(update_fields=["is_staff", "is_superuser"])
    return office_user


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body of an oversized upload was read")

    readline = read


@pytest.mark.parametrize("url_name", ["admin:directives_speech_import", "admin:directives_unit_import",
                                      "workspace:home"])
def test_oversized_upload_is_refused_before_its_body_is_read(client, admin_office, settings, url_name):
    # given the office, logged in, and an upload 50 MB long (the limit is 20 MB)
    settings.DUBAN_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
    client.force_login(admin_office)
    # when it is posted
    response = client.generic(
        "POST", reverse(url_name), b"", content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(50 * 1024 * 1024), **{"wsgi.input": UnreadableBody()},
        HTTP_REFERER="http://testserver/admin/",
    )
    # then it is refused with our page, saying the size and the limit, without reading the body
    assert response.status_code == 413
    page = response.content.decode()
    assert "文件太大" in page and "50.0\xa0MB" in page and "20.0\xa0MB" in page
    assert 'href="http://testserver/admin/"' in page


def test_upload_within_the_request_allowance_is_left_to_the_form(client, admin_office, settings):
    # given a file a little over the file limit, so the request is within limit + room for the form
    settings.DUBAN_MAX_UPLOAD_BYTES = 1000
    client.force_login(admin_office)
    upload = SimpleUploadedFile("讲话.txt", "一是抓好落实。".encode() * 300, content_type="text/plain")
    response = client.post(reverse("admin:directives_speech_import"), {"source_file": upload})
    # then the form answers with its own message about the file, not the size page
    assert response.status_code == 200
    assert "超过上限" in response.content.decode()


def post_oversized(client, **headers):
    return client.generic("POST", reverse("admin:directives_speech_import"), b"",
                          CONTENT_LENGTH=str(500 * 1024 * 1024), **{"wsgi.input": UnreadableBody()}, **headers)


def test_refusal_page_is_english_for_an_english_reader(client, admin_office):
    client.force_login(admin_office)
    response = post_oversized(client, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 413
    assert "File too large" in response.content.decode()


def test_a_foreign_referer_gets_no_back_link(client, admin_office):
    client.force_login(admin_office)
    response = post_oversized(client, HTTP_REFERER="http://evil.example/")
    assert response.status_code == 413 and "evil.example" not in response.content.decode()
