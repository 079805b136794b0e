"""The main parameters that determine ranking (P2B Regulation (EU) 2019/1150, Art. 5; Omnibus
directive for consumers), read from the figures the search and the buy box actually use, so the
public page (storefront ``/legal/ranking/``) changes when they do."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from search.selectors import catalog
from vendors import buy_box


@dataclass(frozen=True)
class Parameter:
    title: str
    text: str


def _boosts() -> dict[str, float]:
    weights = {}
    for spec in catalog.TEXT_FIELDS:
        name, _sep, boost = spec.partition("^")
        weights[name] = float(boost or 1)
    return weights


def ranking_parameters() -> dict[str, list[Parameter]]:
    w = _boosts()
    search = [
        Parameter(
            _("Match with the search words"),
            _(
                "A word in the product title weighs %(title)g times, in the brand %(brand)g times, in the product "
                "details %(attributes)g times and in the description once as much as a word that only appears in "
                "the description."
            )
            % {
                "title": w.get("title", 1),
                "brand": w.get("brand", 1),
                "attributes": w.get("attributes_text", 1),
            },
        ),
        Parameter(
            _("Product type"),
            _(
                "When a search word names the type of the product (e.g. the end of a compound word in the title, "
                "or the category), the product gets a fixed bonus of %(bonus)g points; accessories whose own type "
                "the search does not name count only %(share)d %%."
            )
            % {"bonus": catalog.TYPE_BONUS, "share": round(catalog.ACCESSORY_FACTOR * 100)},
        ),
        Parameter(
            _("Ties"),
            _(
                "Products that match equally well are ordered by their lowest price, then by the order they were listed."
            ),
        ),
        Parameter(
            _("Other orders you can choose"),
            _("Price up or down, newest, product rating and seller rating: %(sorts)s.")
            % {"sorts": ", ".join(sorted(catalog.SORTS))},
        ),
        Parameter(
            _("What does not count"),
            _("Sellers cannot pay for a better position in the search results; commission does not affect ranking."),
        ),
    ]
    offers = [
        Parameter(
            _("Landed price"),
            _("The price plus shipping of one item to %(country)s; the lowest wins other things being equal.")
            % {"country": buy_box.DEFAULT_DESTINATION},
        ),
        Parameter(
            _("Delivery time"),
            _("Each day of handling and transit counts as much as %(pct)d %% of the price.")
            % {"pct": buy_box.DAY_PENALTY_PCT},
        ),
        Parameter(
            _("Seller performance"),
            _(
                "The seller score (0 to 100, from ratings and the scorecard of late shipments, cancellations and "
                "claims): 10 points less count as much as %(pct)d %% of the price."
            )
            % {"pct": buy_box.SELLER_PENALTY_PCT},
        ),
        Parameter(
            _("Availability"),
            _(
                "Only live offers in stock that ship to the destination take part; on a tie, more stock, then the older offer wins."
            ),
        ),
    ]
    return {"search": search, "offers": offers}
