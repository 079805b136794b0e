"""Test data built through the same services the product uses, so tests see real states."""
import factory
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from marketplace.models import Category
from marketplace.money import Money
from vendors import services as vendor_services

PASSWORD = "test-pass-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.test")
    email = factory.LazyAttribute(lambda u: u.username)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    slug = factory.Sequence(lambda n: f"category-{n}")
    name_de = factory.Sequence(lambda n: f"Kategorie {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")


def make_operator():
    return UserFactory(is_staff=True, is_superuser=True)


def make_vendor(*, name: str = "Vendor", owner=None, approved: bool = True, operator=None):
    owner = owner or UserFactory()
    vendor = vendor_services.vendor_apply(user=owner, name=name, legal_name=f"{name} GmbH", country="DE", email=owner.email)
    if approved:
        vendor = vendor_services.vendor_approve(actor=operator or make_operator(), vendor_id=vendor.id)
    return vendor, owner


def make_offer(*, vendor, owner, category, title="Produkt", price=1999, stock=10, currency="EUR", **kwargs):
    return vendor_services.listing_create(
        vendor=vendor, actor=owner, category_id=category.id, title=title, price=Money(price, currency), stock=stock, **kwargs
    )
