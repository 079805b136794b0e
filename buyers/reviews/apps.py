"""Reviews and ratings from verified purchases."""

from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "buyers.reviews"
    label = "reviews"

    def ready(self) -> None:
        from buyers.reviews import selectors, targets
        from moderation import scorecards

        # Moderation reads reviews only through these registrations (it never imports this app).
        targets.register()
        scorecards.defect_source_register("negative_rating", selectors.negative_rating_defects)
        scorecards.measure_register("average_rating", selectors.seller_rating_measure)

        from buyers import gdpr
        from buyers.reviews import gdpr as reviews_gdpr

        # The person's data export and erasure (buyers.gdpr) include this app's rows.
        gdpr.exporter_register("reviews", reviews_gdpr.reviews_export)
        gdpr.eraser_register("reviews", reviews_gdpr.reviews_erase)
