"""The seller page's logo and "about" text (issue 17.11): the owner edits them on the trader page of
the portal; the logo is checked by content and re-encoded; buyers see both on the public page.
Other roles and other vendors change nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from marketplace.models import AuditLogEntry
from tests.conftest import row_counts
from tests.factories import UserFactory, make_vendor
from vendors.models import Vendor
from vendors.services import vendor_member_add

pytestmark = pytest.mark.django_db
URL = "/seller/trader/storefront/"


def _png(width=900, height=300) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 40, 40)).save(out, format="PNG")
    return SimpleUploadedFile("logo.png", out.getvalue(), content_type="image/png")


def _client(user, language="de") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


@pytest.fixture
def alpha(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return make_vendor(name="Alpha")


def test_owner_sets_about_and_logo_and_buyers_see_them(alpha, django_capture_on_commit_callbacks):
    vendor, owner = alpha
    response = _client(owner).post(
        URL, {"vendor": vendor.id, "about": "  Familienbetrieb seit 1962.\nReparatur im Haus.  ", "logo": _png()}
    )
    assert response.status_code == 302
    vendor.refresh_from_db()
    assert vendor.about == "Familienbetrieb seit 1962.\nReparatur im Haus."
    with vendor.logo.open("rb") as file:
        logo = Image.open(file)
        assert logo.format == "JPEG" and logo.size == (400, 133)  # re-encoded, scaled down
    assert AuditLogEntry.objects.filter(action="vendor.storefront_profile_updated").count() == 1
    page = Client(HTTP_ACCEPT_LANGUAGE="de").get(f"/sellers/{vendor.id}/").content.decode()
    assert "Über den Shop" in page and "Familienbetrieb seit 1962.<br>Reparatur im Haus." in page
    assert f'src="{vendor.logo.url}"' in page and 'alt="Logo von Alpha"' in page

    old = vendor.logo.name
    with django_capture_on_commit_callbacks(execute=True):  # the old file goes after the commit
        assert _client(owner).post(URL, {"vendor": vendor.id, "about": "", "remove_logo": "on"}).status_code == 302
    vendor.refresh_from_db()
    assert not vendor.logo and vendor.about == ""
    assert not Vendor._meta.get_field("logo").storage.exists(old)  # the old file is gone
    page = Client().get(f"/sellers/{vendor.id}/").content.decode()
    assert 'data-testid="seller-logo"' not in page and 'data-testid="seller-about"' not in page


@pytest.mark.parametrize(
    ("data", "field_error"),
    [
        ({"about": "x" * 2001}, "höchstens 2000 Zeichen"),
        (
            {"about": "ok", "logo": SimpleUploadedFile("logo.png", b"not a picture", content_type="image/png")},
            "id_logo",
        ),
    ],
)
def test_bad_input_is_refused_next_to_the_field_and_changes_nothing(alpha, data, field_error):
    vendor, owner = alpha
    before = row_counts()
    response = _client(owner).post(URL, {"vendor": vendor.id, **data})
    assert response.status_code == 400
    html = response.content.decode()
    assert field_error.lower() in html.lower()
    assert row_counts() == before
    vendor.refresh_from_db()
    assert vendor.about == "" and not vendor.logo


def test_other_roles_and_other_vendors_cannot_change_it(alpha):
    vendor, owner = alpha
    manager = UserFactory()
    vendor_member_add(vendor=vendor, user=manager, role="manager")
    assert _client(manager).post(URL, {"vendor": vendor.id, "about": "Hijacked"}).status_code == 403
    _beta, beta_owner = make_vendor(name="Beta")
    response = _client(beta_owner).post(URL, {"vendor": vendor.id, "about": "Hijacked"})
    assert response.status_code in (403, 404)
    vendor.refresh_from_db()
    assert vendor.about == ""
    html = _client(manager).get(f"/seller/trader/?vendor={vendor.id}").content.decode()
    assert f'action="{URL}"' not in html
