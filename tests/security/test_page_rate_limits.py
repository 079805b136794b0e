"""The server-rendered login, registration and password-reset pages are rate limited like their
API versions (``THROTTLE_AUTH``, 20 a minute per address, one shared counter): past the limit
they answer 429 with a page that says how long to wait, in the visitor's language, and the
reset sends no more mail."""

import pytest
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_commit_as_committed")]  # mails go on commit

LIMIT = 20  # THROTTLE_AUTH's default: 20/min


def _answers(client, path, bodies):
    return [client.post(path, body) for body in bodies]


def test_login_page_answers_429_past_the_limit():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = _answers(
        client, "/login/", [{"username": f"user{i}@example.test", "password": "falsch"} for i in range(LIMIT + 5)]
    )
    assert [a.status_code for a in answers[:LIMIT]] == [200] * LIMIT  # the form with its error
    refused = answers[LIMIT:]
    assert {a.status_code for a in refused} == {429}
    page = refused[0].content.decode()
    assert "Too many attempts" in page and "Please wait" in page
    assert 0 < int(refused[0]["Retry-After"]) <= 60


def test_registration_page_answers_429_past_the_limit_and_registers_nobody():
    from django.contrib.auth import get_user_model

    client = Client(HTTP_ACCEPT_LANGUAGE="de")
    answers = _answers(
        client,
        "/register/",
        [{"email": f"neu{i}@example.test", "password": "lange-sichere-phrase-7"} for i in range(LIMIT + 3)],
    )
    # Each registration signs the client in and redirects; the next POST is still counted.
    assert all(a.status_code in (200, 302) for a in answers[:LIMIT])
    assert {a.status_code for a in answers[LIMIT:]} == {429}
    assert "Zu viele Versuche" in answers[-1].content.decode()  # German page for a German visitor
    assert get_user_model().objects.filter(email__startswith="neu").count() == LIMIT


def test_password_reset_page_sends_no_mail_past_the_limit():
    UserFactory(email="reset@example.test", username="reset@example.test")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = _answers(client, "/account/password-reset/", [{"email": "reset@example.test"}] * (LIMIT + 20))
    assert [a.status_code for a in answers[:LIMIT]] == [200] * LIMIT
    assert {a.status_code for a in answers[LIMIT:]} == {429}
    assert len([m for m in mail.outbox if "reset@example.test" in m.to]) == LIMIT


def test_pages_and_api_share_one_counter():
    api = Client(HTTP_ACCEPT_LANGUAGE="en")
    for i in range(LIMIT - 2):
        api.post(
            "/api/accounts/login/",
            {"email": f"api{i}@example.test", "password": "x"},
            content_type="application/json",
        )
    page = Client(HTTP_ACCEPT_LANGUAGE="en")
    answers = _answers(page, "/login/", [{"username": f"p{i}@example.test", "password": "x"} for i in range(4)])
    assert [a.status_code for a in answers] == [200, 200, 429, 429]


def test_looking_at_the_pages_is_not_counted():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    assert {client.get("/login/").status_code for _ in range(LIMIT + 5)} == {200}
    assert client.post("/login/", {"username": "a@example.test", "password": "x"}).status_code == 200
