"""The survey results block of the seller portal dashboard."""

from django import template

from buyers.surveys import selectors

register = template.Library()


@register.inclusion_tag("common/surveys/_results.html")
def vendor_survey_results(vendor):
    return {
        "results": selectors.survey_results(vendor_id=vendor.id),
        "comments": selectors.survey_recent_comments(vendor_id=vendor.id, limit=5),
        "scope": "vendor",
    }
