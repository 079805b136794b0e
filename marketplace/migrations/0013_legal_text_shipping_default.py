"""Version 1 of the shipping terms: the text the storefront's /shipping/ page showed before legal
texts were versioned, so the page reads the same until an operator publishes a new version."""

from django.db import migrations
from django.utils import timezone

SHIPPING_DE = """Versandkosten
Alle Preise enthalten die Mehrwertsteuer. Jeder Händler versendet seinen Teil einer Bestellung getrennt und legt seine Versandkosten selbst fest: eine Pauschale, einen Preis pro Artikel oder einen Preis nach Gewicht, oft versandkostenfrei ab einem Bestellwert. Die Produktseite zeigt die Versandkosten jedes Angebots in Ihr Land; der Warenkorb addiert die Versandkosten je Händler, bevor Sie bestellen. Wo eine Liste nur „zzgl. Versand“ sagt, hängen die Kosten vom gewählten Händler ab.

Liefertermine
„Lieferung bis“ ist der späteste Tag, an dem wir Ihr Paket erwarten: die Bearbeitungszeit des Händlers plus die Laufzeit des Versanddienstleisters in Ihr Land, beides in Werktagen (Montag bis Freitag, nicht an Feiertagen). Innerhalb Deutschlands ist ein Paket meist 1 Werktag unterwegs, ins Ausland 3 Werktage, sofern der Händler nichts anderes angibt.

Verfügbarkeit
Angebote „auf Lager“ werden innerhalb der angezeigten Bearbeitungszeit versandt. Sind nur noch wenige Artikel übrig, sagen wir, wie viele. Ausverkaufte Angebote können nicht bestellt werden und bestimmen nie den „ab“-Preis eines Produkts."""

SHIPPING_EN = """Shipping costs
All prices include VAT. Each seller ships their part of an order separately and sets their own shipping costs: a flat rate, a price per item or a price by weight, often free above an order value. The product page shows the shipping cost of every offer to your country; the cart adds up the shipping per seller before you order. Where a list only says "plus shipping", the cost depends on the seller you choose.

Delivery dates
"Delivery by" is the latest day we expect your parcel: the seller's handling time plus the carrier's transit time to your country, both in business days (Monday to Friday, not on public holidays). Within Germany a parcel is usually on its way for 1 business day, abroad 3 business days, unless the seller states otherwise.

Availability
"In stock" offers ship within the handling time shown. When only a few items are left, we say how many. Sold-out offers cannot be ordered and never set the "from" price of a product."""


def seed(apps, schema_editor):
    LegalTextVersion = apps.get_model("marketplace", "LegalTextVersion")
    if not LegalTextVersion.objects.filter(kind="shipping").exists():
        LegalTextVersion.objects.create(
            kind="shipping",
            version=1,
            body_de=SHIPPING_DE,
            body_en=SHIPPING_EN,
            note="Ausgangstext / initial text",
            published_at=timezone.now(),
        )


def unseed(apps, schema_editor):
    # Published versions are immutable through the model; the historical model has no such guard.
    apps.get_model("marketplace", "LegalTextVersion").objects.filter(kind="shipping", version=1, author=None).delete()


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0012_legal_text_versions")]

    operations = [migrations.RunPython(seed, unseed)]
