from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "buyers.reviews"
    label = "reviews"
