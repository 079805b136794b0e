from django.urls import path

from integrations import views

urlpatterns = [
    path("carriers/<slug:carrier>/events/", views.carrier_events, name="carrier-events"),
]
