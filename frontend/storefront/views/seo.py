"""What search engines read: robots.txt and the sitemap (products and categories)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_GET

from frontend.storefront import selectors
from marketplace.selectors import category_list

SITEMAP_CACHE_SECONDS = 60 * 60
# Pages that are per user or for staff: nothing for a search engine there.
ROBOTS_DISALLOW = [
    "/seller/",
    "/console/",
    "/cart/",
    "/checkout/",
    "/orders/",
    "/account/",
    "/login/",
    "/register/",
    "/api/",
    "/admin/",
    "/i18n/",
]


class ProductSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 10_000  # URLs per sitemap page (the protocol allows 50,000)

    def items(self):
        return selectors.sitemap_products()

    def location(self, item):
        return reverse("frontend:product", args=[item.id])

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return list(category_list())

    def location(self, item):
        return f"{reverse('frontend:search')}?category={item.id}"


SITEMAPS = {"products": ProductSitemap, "categories": CategorySitemap}


@require_GET
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_index(request):
    # contrib.sitemaps is not an installed app here, so its templates come from frontend/.
    return sitemap_views.index(
        request, SITEMAPS, template_name="storefront/sitemap_index.xml", sitemap_url_name="frontend:sitemap_section"
    )


@require_GET
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_section(request, section: str):
    return sitemap_views.sitemap(request, SITEMAPS, section=section, template_name="storefront/sitemap.xml")


@require_GET
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {request.build_absolute_uri(reverse('frontend:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
