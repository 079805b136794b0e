from django.urls import path

from buyers.loyalty import api

urlpatterns = [
    path("loyalty/points/", api.PointsSummaryApi.as_view(), name="loyalty-points"),
    path("loyalty/points/journal/", api.PointsJournalApi.as_view(), name="loyalty-journal"),
    path("loyalty/referral/", api.ReferralClaimApi.as_view(), name="loyalty-referral-claim"),
]
