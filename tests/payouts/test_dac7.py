"""DAC7: seller tax data (python-stdnum), de minimis, the per-seller notice before the file, the
OECD DPI XML file validated against the schema, the console page and the command."""

import io
from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command
from lxml import etree

from marketplace.errors import Conflict, DomainError
from marketplace.outbox import outbox_deliver
from payouts.models import Dac7Notice
from payouts.services import dac7
from tests.factories import UserFactory, login_operator, make_offer, make_vendor
from tests.payouts.conftest import place
from vendors.models import SellerNotification, Vendor
from vendors.services.tax_data import TaxDataIn, vendor_tax_data_update

pytestmark = pytest.mark.django_db

TODAY = date.today()
QUARTER = (TODAY.month - 1) // 3 + 1
NS = {"dpi": "urn:oecd:ties:dpi:v1", "stf": "urn:oecd:ties:dpistf:v1"}
SCHEMA = dac7.SCHEMA_DIR / "DPIXML_v1.0.xsd"


@pytest.fixture
def sellers(category):
    """A big seller (one sale of 2,500 EUR: above 2,000 EUR, so reported though under 30 sales)
    and a small one (one sale of 39.99 EUR: under both thresholds, excluded)."""
    big, big_owner = make_vendor(name="Gross")
    small, small_owner = make_vendor(name="Klein")
    buyer = UserFactory()
    place(
        buyer,
        [
            (make_offer(vendor=big, owner=big_owner, category=category, title="E-Bike", price=250000, stock=5), 1),
            (make_offer(vendor=small, owner=small_owner, category=category, title="Klingel", price=3999, stock=5), 1),
        ],
    )
    return {"big": big, "big_owner": big_owner, "small": small, "small_owner": small_owner}


def validate(xml: bytes) -> etree._Element:
    document = etree.fromstring(xml)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    assert schema.validate(document), schema.error_log
    return document


def test_tax_data_checks_the_tin_with_stdnum(sellers):
    big, owner = sellers["big"], sellers["big_owner"]
    with pytest.raises(DomainError) as wrong:
        vendor_tax_data_update(vendor=big, actor=owner, data=TaxDataIn(tin="12345", tin_country="DE"))
    assert wrong.value.field == "tin"
    with pytest.raises(DomainError) as outside:
        vendor_tax_data_update(vendor=big, actor=owner, data=TaxDataIn(tin="123", tin_country="CH"))
    assert outside.value.field == "tin_country"
    assert not hasattr(Vendor.objects.get(pk=big.pk), "tax_data") or not big.tax_data.tin
    data = vendor_tax_data_update(vendor=big, actor=owner, data=TaxDataIn(tin="181/815/0815 5", tin_country="DE"))
    assert data.tin == "18181508155"
    # An individual (sole trader) in Germany gives the Steuer-ID, checked by stdnum.de.idnr.
    Vendor.objects.filter(pk=sellers["small"].pk).update(legal_form=Vendor.LegalForm.SOLE_TRADER)
    small = Vendor.objects.get(pk=sellers["small"].pk)
    with pytest.raises(DomainError) as bad_idnr:
        vendor_tax_data_update(
            vendor=small, actor=sellers["small_owner"], data=TaxDataIn(tin="36574261808", tin_country="DE")
        )
    assert bad_idnr.value.field == "tin"
    with pytest.raises(DomainError) as young:
        vendor_tax_data_update(
            vendor=small, actor=sellers["small_owner"], data=TaxDataIn(date_of_birth=date(TODAY.year - 10, 1, 1))
        )
    assert young.value.field == "date_of_birth"
    stored = vendor_tax_data_update(
        vendor=small,
        actor=sellers["small_owner"],
        data=TaxDataIn(
            tin="36574261809", tin_country="DE", first_name="Kim", last_name="Klein", date_of_birth=date(1980, 5, 17)
        ),
    )
    assert (stored.tin, stored.date_of_birth) == ("36574261809", date(1980, 5, 17))
    # Other EU countries' formats: an Austrian TIN (stdnum.at.tin) for an Austrian business.
    with pytest.raises(DomainError):
        vendor_tax_data_update(vendor=big, actor=owner, data=TaxDataIn(tin="59-119/9014", tin_country="AT"))
    assert vendor_tax_data_update(vendor=big, actor=owner, data=TaxDataIn(tin="59-119/9013", tin_country="AT")).tin


def test_a_quarters_dpi_xml_validates_excludes_the_small_seller_and_reports_the_big_ones_tin_and_address(
    sellers, operator, django_capture_on_commit_callbacks
):
    big, small = sellers["big"], sellers["small"]
    vendor_tax_data_update(
        vendor=big,
        actor=sellers["big_owner"],
        data=TaxDataIn(tin="18181508155", tin_country="DE", permanent_establishments=["AT"]),
    )
    status = {s.vendor.id: s.status for s in dac7.dac7_sellers(year=TODAY.year, quarter=QUARTER)}
    assert status == {big.id: dac7.REPORTABLE, small.id: dac7.EXCLUDED_DE_MINIMIS}

    # No file before the sellers were told what will be reported.
    with pytest.raises(Conflict) as untold:
        dac7.dac7_xml(year=TODAY.year, quarter=QUARTER)
    assert untold.value.code == "dac7_notice_missing"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert dac7.dac7_notices_send(actor=operator, year=TODAY.year, quarter=QUARTER) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert dac7.dac7_notices_send(actor=operator, year=TODAY.year, quarter=QUARTER) == 0
    outbox_deliver()
    notice = Dac7Notice.objects.get()
    assert notice.vendor_id == big.id and notice.mailed_at is not None
    assert notice.data["tin"] == "18181508155"
    assert notice.data["quarters"][str(QUARTER)]["sales"] == 1
    mails = [m for m in mail.outbox if "DAC7" in m.subject]
    assert len(mails) == 1 and mails[0].to == [big.email] and "18181508155" in mails[0].body
    assert SellerNotification.objects.filter(vendor=big, kind="legal").count() == 1

    file = dac7.dac7_xml(year=TODAY.year, quarter=QUARTER)
    document = validate(file.xml)
    assert dac7.dac7_validate(file.xml) == []
    sellers_xml = document.findall("dpi:DPIBody/dpi:ReportableSeller", NS)
    assert len(sellers_xml) == 1
    party = sellers_xml[0].find("dpi:Identity/dpi:EntitySeller/dpi:Standard/dpi:EntSellerID", NS)
    tin = party.find("dpi:TIN", NS)
    assert (tin.text, tin.get("issuedBy")) == ("18181508155", "DE")
    big.refresh_from_db()
    fix = party.find("dpi:Address/dpi:AddressFix", NS)
    assert fix.find("dpi:Street", NS).text == big.street
    assert fix.find("dpi:PostCode", NS).text == big.postal_code
    assert fix.find("dpi:City", NS).text == big.city
    assert party.find("dpi:Address/dpi:CountryCode", NS).text == big.country
    assert party.find("dpi:IN", NS).get("INType") == "BRN"
    establishments = sellers_xml[0].findall(".//dpi:PermanentEstablishment", NS)
    assert [e.text for e in establishments] == ["AT"]
    goods = sellers_xml[0].find("dpi:RelevantActivities/dpi:SaleOfGoods", NS)
    assert goods.find(f"dpi:NumberOfActivities/dpi:NumbQ{QUARTER}", NS).text == "1"
    # 2,500.00 EUR (the buyer's payment to the seller) in whole euros
    assert goods.find(f"dpi:Consideration/dpi:ConsQ{QUARTER}", NS).text == "2500"
    assert small.legal_name.encode() not in file.xml
    assert (
        document.find("dpi:MessageSpec/dpi:ReportingPeriod", NS).text
        == dac7.period_end(TODAY.year, QUARTER).isoformat()
    )
    assert file.excluded == [small.id]


def test_the_schema_refuses_a_seller_without_tin(sellers, operator):
    """The schema is not a formality: a reportable seller without its TIN element fails."""
    dac7.dac7_notices_send(actor=operator, year=TODAY.year, quarter=QUARTER)
    document = etree.fromstring(dac7.dac7_xml(year=TODAY.year, quarter=QUARTER).xml)
    # No TIN given: reported as unknown ("NOTIN"), which the schema accepts ...
    tin = document.find(".//dpi:EntSellerID/dpi:TIN", NS)
    assert (tin.text, tin.get("unknown")) == ("NOTIN", "true")
    tin.getparent().remove(tin)
    # ... but a seller without any TIN element does not validate.
    assert dac7.dac7_validate(etree.tostring(document)) != []


def test_console_dac7_page_sends_notices_and_downloads_the_file(client, sellers, operator):
    login_operator(client, operator)
    query = {"year": TODAY.year, "quarter": QUARTER}
    page = client.get("/console/dac7/", query)
    assert page.status_code == 200
    assert "Gross" in page.content.decode() and "Klein" in page.content.decode()
    refused = client.get("/console/dac7/xml/", query)
    assert refused.status_code == 302  # back to the page with the message: notices first
    assert client.post("/console/dac7/notices/", query).status_code == 302
    download = client.get("/console/dac7/xml/", query)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    validate(download.content)
    assert client.get("/console/dac7/", {"year": "1999", "quarter": "9"}).status_code == 400


def test_console_dac7_is_staff_only(client, sellers):
    client.force_login(sellers["big_owner"])
    assert client.get("/console/dac7/").status_code == 404
    assert client.post("/console/dac7/notices/", {"year": TODAY.year}).status_code == 404
    assert not Dac7Notice.objects.exists()


def test_dac7_command_notifies_and_writes_the_file(sellers, tmp_path):
    out = tmp_path / "dac7.xml"
    with pytest.raises(Exception, match="notices"):
        call_command("dac7_xml", year=TODAY.year, quarter=QUARTER, output=str(out), stderr=io.StringIO())
    call_command("dac7_xml", year=TODAY.year, quarter=QUARTER, notify=True, output=str(out), stderr=io.StringIO())
    validate(out.read_bytes())


def test_seller_tax_data_page_saves_and_shows_the_notice(client, sellers, operator):
    big, owner = sellers["big"], sellers["big_owner"]
    client.force_login(owner)
    url = f"/seller/tax-data/?vendor={big.id}"
    assert client.get(url).status_code == 200
    bad = client.post("/seller/tax-data/update/", {"vendor": big.id, "tin_country": "DE", "tin": "12345"})
    assert bad.status_code == 400 and "tin" in bad.context["form"].errors
    ok = client.post("/seller/tax-data/update/", {"vendor": big.id, "tin_country": "DE", "tin": "181/815/0815 5"})
    assert ok.status_code == 302
    dac7.dac7_notices_send(actor=operator, year=TODAY.year, quarter=QUARTER)
    page = client.get(url).content.decode()
    assert "18181508155" in page
    # Another seller's owner cannot reach this vendor's tax data.
    client.force_login(sellers["small_owner"])
    assert client.get(url).status_code == 404
    assert (
        client.post("/seller/tax-data/update/", {"vendor": big.id, "tin_country": "DE", "tin": "1"}).status_code == 404
    )


def test_tax_data_api_checks_the_tin_and_is_the_owners(sellers):
    from tests.conftest import client_for

    big, owner = sellers["big"], sellers["big_owner"]
    api = client_for(owner)
    headers = {"HTTP_X_VENDOR": str(big.id)}
    bad = api.patch("/api/seller/vendor/tax-data/", {"tin": "12345", "tin_country": "DE"}, format="json", **headers)
    assert bad.status_code == 400 and "tin" in bad.data
    ok = api.patch(
        "/api/seller/vendor/tax-data/", {"tin": "181/815/08155", "tin_country": "DE"}, format="json", **headers
    )
    assert ok.status_code == 200 and ok.data["tin"] == "18181508155" and "tin" not in ok.data["missing"]
    # Another seller's owner gets nothing of Alpha's.
    other = client_for(sellers["small_owner"])
    assert other.get("/api/seller/vendor/tax-data/", **headers).status_code in (403, 404)
