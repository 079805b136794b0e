"""The carrier's tracking events of a seller's part (order page), issue 22."""

from django import template

from integrations.tracking import tracking_events_for_vendor_order

register = template.Library()


@register.inclusion_tag("storefront/includes/tracking_events.html")
def tracking_events(part):
    return {"part": part, "events": list(tracking_events_for_vendor_order(part))}
