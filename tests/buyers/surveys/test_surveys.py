"""Surveys: sent once per delivered part (through the outbox, signed link), answered once, bad
scores named, exact NPS/CSAT arithmetic, results on the seller dashboard and in the console."""

import itertools
import re
from datetime import timedelta
from fractions import Fraction

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from buyers.services import cart_item_add, checkout_place
from buyers.surveys.emails import handle_survey_mail
from buyers.surveys.models import Survey
from buyers.surveys.selectors import SurveyResults, survey_results, survey_results_by_vendor
from buyers.surveys.services import SURVEY_MAIL, survey_from_token, survey_token, surveys_send_due
from marketplace.models import OutboxEvent, VendorOrder
from tests.conftest import client_for
from tests.factories import UserFactory, login_operator, make_offer, make_vendor
from vendors.services.fulfilment import vendor_order_mark_delivered, vendor_order_ship

pytestmark = pytest.mark.django_db

_parcels = itertools.count(1000)
ADDRESS = {"name": "Erika", "street": "Weg 1", "postal_code": "10115", "city": "Berlin", "country": "DE"}


def _delivered_parts(category, *, buyers: int = 1, vendor=None, days_ago: int = 2):
    if vendor is None:
        vendor = make_vendor(name="Alpha")
    vendor, owner = vendor
    offer = make_offer(vendor=vendor, owner=owner, category=category, title="Jacke", price=8000, stock=50)
    parts = []
    for n in range(buyers):
        buyer = UserFactory()
        cart_item_add(buyer=buyer, offer_id=offer.id, quantity=1)
        order = checkout_place(
            buyer=buyer, idempotency_key=f"k{n}-{vendor.id}", payment_method="invoice", shipping_address=ADDRESS
        )
        part = order.vendor_orders.get()
        vendor_order_ship(
            vendor=vendor,
            actor=owner,
            vendor_order_id=part.id,
            carrier="dhl",
            tracking_number=f"0034043{next(_parcels):05d}",
        )
        vendor_order_mark_delivered(vendor=vendor, actor=owner, vendor_order_id=part.id)
        parts.append(part)
    VendorOrder.objects.filter(id__in=[p.id for p in parts]).update(
        delivered_at=timezone.now() - timedelta(days=days_ago)
    )
    return vendor, owner, parts


def _mail_events():
    return list(OutboxEvent.objects.filter(topic=SURVEY_MAIL))


def test_survey_is_sent_once_per_part_after_the_delay(category):
    vendor, owner, (part,) = _delivered_parts(category)
    _other_vendor, _owner, (fresh,) = _delivered_parts(category, vendor=make_vendor(name="Beta"), days_ago=0)
    assert surveys_send_due() == 1  # the part delivered just now waits for its delay
    assert surveys_send_due() == 0
    survey = Survey.objects.get()
    assert survey.vendor_order_id == part.id and survey.vendor_id == vendor.id
    assert not Survey.objects.filter(vendor_order=fresh).exists()
    handle_survey_mail(_mail_events())
    handle_survey_mail(_mail_events())  # a redelivered outbox row mails nobody twice
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [part.order.email]
    token = re.search(r"/surveys/([^/\s]+)/", message.body).group(1)
    assert survey_from_token(token=token) == survey
    assert surveys_send_due(now=timezone.now() + timedelta(days=1)) == 1  # now the other part is due, once
    assert surveys_send_due(now=timezone.now() + timedelta(days=1)) == 0


def test_old_deliveries_get_no_survey(category):
    _delivered_parts(category, days_ago=45)
    assert surveys_send_due() == 0


def test_answered_once_through_the_signed_link(category, api):
    _vendor, _owner, _parts = _delivered_parts(category)
    surveys_send_due()
    survey = Survey.objects.get()
    url = f"/api/surveys/{survey_token(survey=survey)}/"
    response = api.post(url, {"csat": 5, "nps": 9, "comment": "Schnell und gut verpackt"}, format="json")
    assert response.status_code == 200 and response.data["answered"] is True
    response = api.post(url, {"csat": 1, "nps": 0}, format="json")
    assert response.status_code == 409 and "survey" in response.data
    survey.refresh_from_db()
    assert (survey.csat, survey.nps, survey.comment) == (5, 9, "Schnell und gut verpackt")


@pytest.mark.parametrize(
    "body, field",
    [
        ({"csat": 6, "nps": 5}, "csat"),
        ({"csat": 0, "nps": 5}, "csat"),
        ({"csat": "4.5", "nps": 5}, "csat"),
        ({"csat": 3, "nps": 11}, "nps"),
        ({"csat": 3, "nps": -1}, "nps"),
        ({"csat": 3, "nps": "sehr"}, "nps"),
        ({"csat": True, "nps": 3}, "csat"),
        ({"csat": None, "nps": 3}, "csat"),
        ({"csat": 3, "nps": 3, "comment": "x" * 2001}, "comment"),
    ],
)
def test_bad_scores_are_400_naming_the_field_and_change_nothing(category, api, body, field):
    _delivered_parts(category)
    surveys_send_due()
    survey = Survey.objects.get()
    response = api.post(f"/api/surveys/{survey_token(survey=survey)}/", body, format="json")
    assert response.status_code == 400 and field in response.data, response.data
    survey.refresh_from_db()
    assert survey.answered_at is None and survey.csat is None and survey.nps is None


def test_forged_or_foreign_salt_tokens_are_404(category, api):
    from django.core import signing

    _delivered_parts(category)
    surveys_send_due()
    survey = Survey.objects.get()
    token = survey_token(survey=survey)
    assert api.get(f"/api/surveys/{token[:-3]}abc/").status_code == 404
    assert api.get(f"/api/surveys/{signing.dumps(survey.id)}/").status_code == 404  # signed, but not for surveys
    assert Client().get(f"/surveys/{token}x/").status_code == 404


def _answer(survey, csat, nps):
    Survey.objects.filter(id=survey.id).update(csat=csat, nps=nps, answered_at=timezone.now())


def test_nps_and_csat_per_vendor_and_platform_are_exact(category):
    alpha, _o, alpha_parts = _delivered_parts(category, buyers=4)
    beta, _o, beta_parts = _delivered_parts(category, buyers=3, vendor=make_vendor(name="Beta"))
    assert surveys_send_due() == 7
    by_part = {s.vendor_order_id: s for s in Survey.objects.all()}
    # Alpha: NPS 10, 9, 7, 3 -> 2 promoters, 1 detractor of 4 -> 25; CSAT 5, 5, 4, 2 -> 3 of 4 satisfied.
    for part, (csat, nps) in zip(alpha_parts, [(5, 10), (5, 9), (4, 7), (2, 3)]):
        _answer(by_part[part.id], csat, nps)
    # Beta: 0 and 6 are detractors, one unanswered -> NPS -100 of 2 answers.
    for part, (csat, nps) in zip(beta_parts[:2], [(1, 0), (3, 6)]):
        _answer(by_part[part.id], csat, nps)
    a = survey_results(vendor_id=alpha.id)
    assert (a.sent, a.answered, a.promoters, a.passives, a.detractors) == (4, 4, 2, 1, 1)
    assert a.nps == 25 and a.csat_percent == 75 and a.csat_average == Fraction(16, 4)
    b = survey_results(vendor_id=beta.id)
    assert (b.sent, b.answered, b.nps, b.csat_average) == (3, 2, -100, 2)
    platform = survey_results()
    # 2 promoters - 3 detractors of 6 answers = -100/6 = -16.666... -> shown -16.7
    assert platform.nps == Fraction(-100, 6) and str(platform.nps_display) == "-16.7"
    assert platform.csat_percent == Fraction(300, 6) and str(platform.csat_percent_display) == "50.0"
    assert [row.vendor_name for row in survey_results_by_vendor()] == ["Alpha", "Beta"]


@given(st.lists(st.tuples(st.integers(1, 5), st.integers(0, 10)), max_size=60))
def test_nps_is_promoters_minus_detractors_over_answers(answers):
    results = SurveyResults(
        sent=len(answers),
        answered=len(answers),
        promoters=sum(1 for _c, n in answers if n >= 9),
        passives=sum(1 for _c, n in answers if 7 <= n <= 8),
        detractors=sum(1 for _c, n in answers if n <= 6),
        csat_sum=sum(c for c, _n in answers),
        satisfied=sum(1 for c, _n in answers if c >= 4),
    )
    assert results.promoters + results.passives + results.detractors == len(answers)
    if not answers:
        assert results.nps is None and results.nps_display is None
        return
    assert -100 <= results.nps <= 100
    assert results.nps * len(answers) == 100 * (results.promoters - results.detractors)
    # Display rounds half away from zero to one decimal, from the exact value.
    assert abs(Fraction(results.nps_display) - results.nps) <= Fraction(1, 20)


@pytest.mark.parametrize(
    "language, question, thanks",
    [
        ("de", "Wie zufrieden sind Sie", "Vielen Dank!"),
        ("en", "How satisfied are you", "Thank you!"),
    ],
)
def test_survey_page_in_both_languages(category, language, question, thanks):
    _delivered_parts(category)
    surveys_send_due()
    survey = Survey.objects.get()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    url = f"/surveys/{survey_token(survey=survey)}/"
    assert question in client.get(url).content.decode()
    bad = client.post(url, {"csat": "9", "nps": "5"})
    assert bad.status_code == 400 and 'name="csat"' in bad.content.decode()
    done = client.post(url, {"csat": "4", "nps": "10", "comment": "Prima"})
    assert done.status_code == 200 and thanks in done.content.decode()
    assert client.post(url, {"csat": "1", "nps": "0"}).status_code == 409
    survey.refresh_from_db()
    assert (survey.csat, survey.nps) == (4, 10)


def test_results_on_the_seller_dashboard_and_in_the_console(category, operator):
    vendor, owner, (part,) = _delivered_parts(category)
    surveys_send_due()
    _answer(Survey.objects.get(), 5, 10)
    seller = Client(HTTP_ACCEPT_LANGUAGE="de")
    seller.force_login(owner)
    page = seller.get(f"/seller/?vendor={vendor.id}").content.decode()
    assert "Kundenzufriedenheit" in page and "data-nps>100,0<" in page  # German number format
    console = login_operator(Client(HTTP_ACCEPT_LANGUAGE="en"), operator)
    page = console.get("/console/surveys/").content.decode()
    assert "Customer satisfaction" in page and f'data-vendor="{vendor.id}"' in page and "100.0" in page
    buyer = Client()
    buyer.force_login(part.order.buyer)
    assert buyer.get("/console/surveys/").status_code == 404
    assert client_for(part.order.buyer).get("/api/operator/surveys/results/").status_code == 403
    assert client_for(owner).get("/api/seller/surveys/results/").data["nps"] == "100.0"
