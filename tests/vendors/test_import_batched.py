"""The import creates each chunk's offers set-based: the outcome is that of listing the rows one
by one in file order (listing rules, moderation queue, audit, outbox), and the number of
database round trips of a chunk does not grow with its rows."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from marketplace.models import AuditLogEntry, OutboxEvent
from marketplace.money import Money
from moderation.models import ListingCheck, OfferSuppression, ReviewItem
from moderation.services import listing_rule_create
from tests.factories import CategoryFactory, make_vendor
from vendors.models import ImportJob, Offer
from vendors.services.imports import import_job_check, import_job_create, import_job_queue, import_job_run
from vendors.services.listings import listing_create

pytestmark = pytest.mark.django_db

MAPPING = {"sku": "sku", "title": "title", "category": "category", "price": "price", "stock": "stock"}
ROWS = [
    ("R-1", "Fahrradhelm Blitz rot"),
    ("R-2", "rot Fahrradhelm Blitz!"),  # a duplicate of R-1: R-1 was listed first, R-2 is blocked
    ("R-3", "Replik einer Armbanduhr"),  # a prohibited term
    ("R-4", "Helm"),  # too short a title: a warning only
    ("R-5", "Kaffeemühle Aroma"),
    ("R-6", ""),  # no title: the row's error, nothing written for it
]


def run_import(vendor, owner, text: str) -> ImportJob:
    upload = SimpleUploadedFile("liste.csv", text.encode("utf-8"), content_type="text/csv")
    job = import_job_create(vendor=vendor, actor=owner, upload=upload, mapping=MAPPING, enqueue=False)
    import_job_check(job_id=job.id)
    import_job_queue(vendor=vendor, actor=owner, job_id=job.id, enqueue=False)
    return import_job_run(job_id=job.id)


def outcome(vendor) -> dict:
    """What listing the rows left behind, by SKU, free of ids."""
    offers = {o.id: o for o in Offer.objects.filter(vendor=vendor).select_related("product")}
    by_offer = lambda model, field="code": {  # noqa: E731
        offers[i].sku: sorted(
            v for j, v in model.objects.filter(offer_id__in=offers).values_list("offer_id", field) if j == i
        )
        for i in offers
    }
    items = ReviewItem.objects.filter(vendor=vendor)
    return {
        "status": {o.sku: o.status for o in offers.values()},
        "product_status": {o.sku: o.product.status for o in offers.values()},
        "checks": by_offer(ListingCheck),
        "suppressions": by_offer(OfferSuppression, "cause"),
        "review_items": sorted(
            (kind, offers[offer_id].sku if offer_id else "") for kind, offer_id in items.values_list("kind", "offer_id")
        ),
        "new_product_items": items.filter(kind=ReviewItem.Kind.NEW_PRODUCT).count(),
        "audit": sorted(
            AuditLogEntry.objects.filter(
                object_type="vendors.offer", object_id__in=[str(i) for i in offers]
            ).values_list("action", flat=True)
        ),
    }


def test_an_imported_chunk_ends_as_listing_its_rows_one_by_one_would():
    category = CategoryFactory(slug="helme")
    listing_rule_create(actor=None, kind="duplicate_listing", params={"min_similarity_pct": 90}, severity="block")
    listing_rule_create(actor=None, kind="prohibited_terms", params={"terms": ["Replik"]}, severity="block")
    listing_rule_create(actor=None, kind="title_length", params={"min": 5}, severity="warn")
    imported, importer = make_vendor(name="Alpha")
    listed, lister = make_vendor(name="Beta")

    text = "sku,title,category,price,stock\n" + "".join(f"{sku},{title},helme,19.99,3\n" for sku, title in ROWS)
    job = run_import(imported, importer, text)
    assert (job.status, job.created_count, job.error_count) == ("done", 5, 1)
    assert list(job.row_errors.values_list("row", "field")) == [(7, "title")]

    for sku, title in ROWS[:-1]:
        listing_create(
            vendor=listed,
            actor=lister,
            price=Money(1999, "EUR"),
            stock=3,
            category_id=category.id,
            title=title,
            sku=sku,
        )
    assert outcome(imported) == outcome(listed)
    mine = outcome(imported)
    assert mine["status"]["R-1"] == "pending" and mine["status"]["R-2"] == "suppressed"
    assert mine["status"]["R-3"] == "suppressed" and mine["checks"]["R-4"] == ["title_length"]
    assert mine["new_product_items"] == 5
    # The index hears of every new product (one event each, written together).
    product_ids = set(Offer.objects.filter(vendor=imported).values_list("product_id", flat=True))
    events = OutboxEvent.objects.filter(topic="catalog.product_changed", key__in=[f"product:{i}" for i in product_ids])
    assert set(events.values_list("key", flat=True)) == {f"product:{i}" for i in product_ids}


def chunk_queries(vendor, owner, first: int, rows: int) -> int:
    text = "sku,title,category,price,stock\n" + "".join(
        f"Q-{n},Artikel Nummer {n} Sonderbau,helme,{5 + n}.00,2\n" for n in range(first, first + rows)
    )
    upload = SimpleUploadedFile("liste.csv", text.encode("utf-8"), content_type="text/csv")
    job = import_job_create(vendor=vendor, actor=owner, upload=upload, mapping=MAPPING, enqueue=False)
    import_job_check(job_id=job.id)
    import_job_queue(vendor=vendor, actor=owner, job_id=job.id, enqueue=False)
    with CaptureQueriesContext(connection) as queries:
        job = import_job_run(job_id=job.id)
    assert (job.created_count, job.error_count) == (rows, 0)
    return len(queries)


def test_the_queries_of_an_import_chunk_do_not_grow_with_its_rows():
    CategoryFactory(slug="helme")
    listing_rule_create(actor=None, kind="title_length", params={"min": 5}, severity="warn")
    vendor, owner = make_vendor(name="Alpha")
    chunk_queries(vendor, owner, 0, 2)  # the first import of the process reads the category and its rules
    assert chunk_queries(vendor, owner, 100, 40) == chunk_queries(vendor, owner, 200, 4)


def test_an_import_into_a_gpsr_category_keeps_its_offers_offline_like_listing_one_by_one():
    # The category's legal gates (GPSR data, issue 24) hold for imported rows too, also when only
    # a parent category is flagged.
    toys = CategoryFactory(slug="spielzeug", gpsr_relevant=True)
    CategoryFactory(slug="bausteine", parent=toys)
    imported, importer = make_vendor(name="Alpha")
    listed, lister = make_vendor(name="Beta")
    rows = [("T-1", "Holzbaukasten 100 Teile"), ("T-2", "Steckbausteine Starter")]

    text = "sku,title,category,price,stock\n" + "".join(f"{sku},{title},bausteine,19.99,3\n" for sku, title in rows)
    job = run_import(imported, importer, text)
    assert (job.status, job.created_count, job.error_count) == ("done", 2, 0)
    category_id = Offer.objects.filter(vendor=imported).values_list("product__category_id", flat=True).first()
    for sku, title in rows:
        listing_create(
            vendor=listed,
            actor=lister,
            price=Money(1999, "EUR"),
            stock=3,
            category_id=category_id,
            title=title,
            sku=sku,
        )
    assert outcome(imported) == outcome(listed)
    mine = outcome(imported)
    assert mine["status"] == {"T-1": "suppressed", "T-2": "suppressed"}
    assert "gpsr_missing" in mine["checks"]["T-1"]
